"""The PyInstaller bundle runs by itself: read-only install folder, empty data folder, no network."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

BUNDLE = Path(os.environ.get("KIOSK_BUNDLE", "dist/jinshan-kiosk")).resolve()
EXE = BUNDLE / "jinshan-kiosk"

pytestmark = pytest.mark.skipif(not EXE.exists() and not os.environ.get("CI"),
                                reason="bundle not built (make bundle); required in CI")


def content_hash(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT value FROM meta WHERE key='content_hash'").fetchone()[0]


def test_bundle_is_built_from_these_sources(content_db):
    """A stale dist/ must not pass for the current code: make test rebuilds it when sources change."""
    assert content_hash(BUNDLE / "_internal" / "content.sqlite") == content_hash(content_db), \
        "dist/ is older than db/: run make bundle"
    kiosk_dir = Path(__file__).resolve().parent.parent / "kiosk"
    newest_source = max(p.stat().st_mtime for p in kiosk_dir.rglob("*.py"))
    assert EXE.stat().st_mtime >= newest_source, "dist/ is older than kiosk/: run make bundle"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_bundle_starts_read_only_with_an_empty_data_folder(tmp_path):
    install = tmp_path / "opt" / "jinshan-kiosk"
    shutil.copytree(BUNDLE, install, symlinks=True)
    data = tmp_path / "data"
    data.mkdir()
    before = snapshot(install)
    for path in [install, *install.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o222)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_DATA_DIR": str(data), "LANG": "C.UTF-8"}  # no PYTHONPATH, no system Python needed
    try:
        result = subprocess.run([str(install / "jinshan-kiosk"), "--self-test"], env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "self-test passed" in result.stdout
        # Qt's collation, case mapping, codecs and zone names as with ICU's full data (the bundle
        # carries a smaller libicudata; tests/test_icu_facts.py ties the expectations to the full one)
        assert "ok   ICU: collation, case, codecs, time zones" in result.stdout
        shots = tmp_path / "shots"
        result = subprocess.run([str(install / "jinshan-kiosk"), "--screenshots", str(shots),
                                 "--only", "home"], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        assert len(list(shots.glob("*.png"))) == 8
    finally:
        for path in [install, *install.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)
    assert snapshot(install) == before, "the bundle wrote into its install folder"
    assert (data / "logs" / "kiosk.log").exists(), "writable state goes to the data folder"


def test_bundle_size_is_reported():
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle size: {size / 1e6:.0f} MB")
    assert size > 50e6  # a real bundle with Qt; the goal (<= 170 MB) is reported by bench


def test_the_studio_program_in_the_bundle_renders_every_page(tmp_path):
    """jinshan-kiosk-studio: template (openpyxl), import, preview, signing, all from the bundle."""
    data = tmp_path / "data"
    data.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_DATA_DIR": str(data), "LANG": "C.UTF-8"}
    shots = tmp_path / "shots"
    result = subprocess.run([str(BUNDLE / "jinshan-kiosk-studio"), "--screenshots", str(shots)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    names = {p.name for p in shots.glob("studio-*.png")}
    pages = ("workbook", "problems", "changes", "preview", "publish", "keys", "kiosks", "preview-window")
    assert names == {f"studio-{page}_{lang}.png" for page in pages for lang in ("zh_CN", "en")}

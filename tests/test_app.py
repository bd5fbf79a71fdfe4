"""The command line: headless message instead of a Qt abort, --build-db, --screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


def test_without_a_display_it_explains_how_to_run_headless():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = run_main("--windowed", env=env)
    assert result.returncode == 2
    assert "No display found" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr


def test_build_db_prints_counts(tmp_path):
    out = tmp_path / "c.sqlite"
    result = run_main("--build-db", str(out))
    assert result.returncode == 0, result.stderr
    assert "indicators" in result.stdout and out.exists()


def test_screenshots_render_both_languages_orientations_and_elder_mode(tmp_path, content_db):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = run_main("--db", str(content_db), "--screenshots", str(tmp_path), "--only", "home",
                      env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == sorted(f"home_{lang}_{o}{e}.png" for lang in ("zh_CN", "en")
                           for o in ("landscape", "portrait") for e in ("", "_elder"))
    assert all((tmp_path / n).stat().st_size > 10_000 for n in names)


def test_sigterm_stops_the_kiosk_cleanly(tmp_path, content_db):
    """systemd's stop must end the kiosk promptly and as a clean exit (not a crash)."""
    import json
    import signal
    import time

    def running() -> bool:  # the kiosk marks itself running just before its event loop
        try:
            return bool(json.loads((tmp_path / "crashguard.json").read_text())["running"])
        except (OSError, ValueError, KeyError):
            return False

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path))
    with subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--windowed", "--db",
                           str(content_db)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as proc:
        deadline = time.monotonic() + 60
        while not running() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        try:
            _, stderr = proc.communicate(timeout=10)
        finally:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in stderr
    assert not running()  # the clean-exit mark was written


def test_the_kiosk_runs_on_qts_own_event_loop_and_its_helpers_start_as_before(content_db):
    """GLib's event loop writes to its wake-up file for every event posted (one per widget shown),
    Qt's own once until it wakes; the setting is not passed on to the processes the kiosk starts."""
    code = ("import os, sys\n"
            "from kiosk.ui.application import KioskApplication\n"
            f"k = KioskApplication(db_path={str(content_db)!r}, lang='zh_CN')\n"
            "print(k.app.eventDispatcher().metaObject().className(), 'QT_NO_GLIB' in os.environ)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_TTS_ENGINE": "none"}
    env.pop("QT_NO_GLIB", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    dispatcher, inherited = result.stdout.split()[-2:]
    assert "Glib" not in dispatcher and dispatcher.startswith("QUnixEventDispatcher"), dispatcher
    assert inherited == "False"


def test_a_start_without_options_gets_the_parsers_defaults(monkeypatch):
    """The kiosk's own start (no options) skips building the parser, with the same answers."""
    from kiosk import app

    monkeypatch.setattr(sys, "argv", ["jinshan-kiosk"])
    assert vars(app.parse_args(None)) == vars(app.build_parser().parse_args([]))
    assert vars(app.parse_args([])) == vars(app.build_parser().parse_args([]))
    assert app.parse_args(["--windowed", "--lang", "en"]).lang == "en"

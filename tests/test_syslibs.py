"""Missing X11 libraries are named in plain words, every one, with the exact Debian packages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk import app, syslibs

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux shared libraries")
def test_every_missing_library_is_named_by_its_package():
    libraries = {"libc.so.6": "libc6", "libxcb-icccm.so.99": "libxcb-icccm4",
                 "libxcb-keysyms.so.99": "libxcb-keysyms1"}
    assert syslibs.missing_packages(libraries) == ["libxcb-icccm4", "libxcb-keysyms1"]


def test_the_kiosk_stops_with_the_package_list_instead_of_a_qt_abort(monkeypatch, capsys):
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(syslibs, "missing_packages", lambda: ["libxcb-icccm4", "libxcb-keysyms1"])
    assert app.run(["--windowed"]) == 2
    err = capsys.readouterr().err
    assert "libxcb-icccm4 libxcb-keysyms1" in err
    assert "missing" in err and "缺少" in err and "apt-get install libxcb-icccm4" in err


def test_deploy_docs_and_system_deps_list_every_package():
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    script = (ROOT / "tools" / "system_deps.sh").read_text(encoding="utf-8")
    for package in syslibs.XCB_LIBRARIES.values():
        assert package in deploy, f"{package} is not in docs/deploy.md"
        assert package in script, f"{package} is not installed by make system-deps"

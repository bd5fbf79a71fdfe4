"""The system libraries Qt's X11 (xcb) platform plugin needs, by Debian package: a fresh Debian lacks
several, and Qt then names only the first (libxcb-cursor0), so the kiosk names them all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# soname -> Debian/Ubuntu package (from `ldd libqxcb.so` of the pinned PySide6)
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _bundled(soname: str) -> bool:
    base = getattr(sys, "_MEIPASS", None)
    return bool(base) and any(Path(base).rglob(soname))


def missing_packages(libraries: dict[str, str] = XCB_LIBRARIES) -> list[str]:
    """Debian packages whose library cannot be loaded (empty off Linux)."""
    if not sys.platform.startswith("linux"):
        return []
    import ctypes  # only for an X11 window: ~3 ms of start-up otherwise

    missing = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            if not _bundled(soname) and package not in missing:
                missing.append(package)
    return missing


def uses_xcb() -> bool:
    """True when Qt will open an X11 window (not offscreen, not Wayland)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return sys.platform.startswith("linux") and bool(os.environ.get("DISPLAY")) and not os.environ.get(
        "WAYLAND_DISPLAY")


def missing_message(packages: list[str]) -> str:
    """What staff read when the window cannot open: the packages, in plain words, both languages."""
    names = " ".join(packages)
    return (f"信息亭窗口无法打开：系统缺少以下软件包：{names}\n"
            f"The kiosk window cannot open: these system packages are missing: {names}\n"
            f"Install them (as root):  apt-get install {names}\n"
            "See docs/deploy.md for the full list.")

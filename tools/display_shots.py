"""Screenshots of the kiosk on a real X server (Xvfb, no window manager, real xdotool taps).

Usage: python tools/display_shots.py OUTDIR  (make display-shots). Not committed anywhere: look at them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402 - the X helpers are shared with the display tests

from tests.xdisplay import KioskProcess, start_xserver  # noqa: E402 - after the path is set

SIZES = ((1024, 768), (1920, 1080), (1080, 1920))
TILES = ("plan", "indicators", "eldercare", "sports", "routes", "search")


def grab(display: str, path: Path) -> None:
    """The X server's root window, as X has it (a separate process: one Qt app per display)."""
    code = ("import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
            "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True, timeout=30,
                   stderr=subprocess.DEVNULL)


def shoot(out: Path, db: Path, width: int, height: int) -> list[Path]:
    server = start_xserver(width, height)
    files = []
    with tempfile.TemporaryDirectory() as tmp:
        kiosk = KioskProcess(server, Path(tmp), db)
        try:
            kiosk.wait_state(lambda s: s["screen"] == "home" and s["buttons"], timeout=30)
            time.sleep(0.5)

            def snap(name: str) -> None:
                time.sleep(0.6)  # past the tap guard and the first paint
                path = out / f"{width}x{height}-{name}.png"
                grab(server.display, path)
                files.append(path)

            snap("home-zh")
            for tile in TILES:
                kiosk.tap_button(kiosk.button(tile))
                kiosk.wait_state(lambda s, t=tile: s["screen"] == t, what=tile)
                snap(f"{tile}-zh")
                time.sleep(0.4)
                kiosk.tap_button(kiosk.button("HomeButton"))
                kiosk.wait_state(lambda s: s["screen"] == "home", what="home")
                time.sleep(0.5)  # a tap right after a screen change is ignored (the tap guard)
            time.sleep(0.4)
            kiosk.tap_button(kiosk.button("LanguageSwitch"))
            kiosk.wait_state(lambda s: s["language"] == "en", what="English")
            snap("home-en")
            time.sleep(0.4)
            kiosk.tap_button(kiosk.button("ElderSwitch"))
            kiosk.wait_state(lambda s: s["elder"], what="elder mode")
            snap("home-en-elder")
            time.sleep(0.4)
            kiosk.tap_button(kiosk.button("indicators"))
            kiosk.wait_state(lambda s: s["screen"] == "indicators", what="indicators")
            snap("indicators-en-elder")
        finally:
            kiosk.terminate()
            try:
                kiosk.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
            kiosk.close()
            server.stop()
    return files


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "display-shots")
    out.mkdir(parents=True, exist_ok=True)
    db = ROOT / "build" / "content.sqlite"
    files = []
    try:
        for width, height in SIZES:
            files += shoot(out, db, width, height)
    except pytest.skip.Exception as why:  # the shared X helpers skip a test; here, say why and stop
        print(f"display-shots: {why}", file=sys.stderr)
        return 2
    print(f"wrote {len(files)} screenshots from a real X server to {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The Python modules the kiosk has loaded at its first frame, for build.spec (issue 14, start-up).

PyInstaller keeps modules in one zlib-compressed archive (PYZ) and imports them through its own
finder; a module stored as a plain .pyc file next to the program loads through Python's own path
finder without the decompression. For the ~170 modules on the way to the first frame that made the
bundle start ~10 ms (CPU) sooner, for 2 MB more bundle; every other module stays in the archive.

The list is measured, not written by hand: `main.py` runs as the kiosk does (full screen, offscreen
platform, a fresh data folder), and when Qt's own painting log says the first frame with the home
screen in it was flushed (the observer of bench/startup.py), the modules then loaded are the answer.
(`-X importtime` and the "import" audit event miss those loaded with importlib.import_module, such
as the screens.) Prints one module name per line; exits 1, saying why, when no first frame came.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60
# main.py run as __main__ behind a Qt message handler that watches the painting log
RUN_MAIN = """
import os, runpy, sys
from PySide6.QtCore import qInstallMessageHandler
drawn = False
def watch(kind, context, message):
    global drawn
    if message.startswith("Drawing ") and " of HomeScreen(" in message:
        drawn = True
    elif drawn and message.startswith("Flushing ") and " to QWidgetWindow" in message:
        names = [name for name, module in sys.modules.items() if getattr(module, "__file__", None)]
        sys.stdout.write("\\n".join(names) + "\\n")
        sys.stdout.flush()
        os._exit(0)
qInstallMessageHandler(watch)
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
os._exit(3)
"""


def first_frame_modules(python: str = sys.executable) -> list[str]:
    """Names of the modules (with a file) loaded when the first frame with the home screen is shown."""
    with tempfile.TemporaryDirectory(prefix="kiosk-first-frame-") as data_dir:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.widgets.painting=true",
                   KIOSK_DATA_DIR=data_dir, KIOSK_SETTINGS=str(Path(data_dir) / "settings.toml"))
        env.pop("NOTIFY_SOCKET", None)
        try:
            done = subprocess.run([python, "-c", RUN_MAIN, str(ROOT / "main.py")], env=env, cwd=ROOT,
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"no first frame within {TIMEOUT_S} s") from exc
    if done.returncode != 0:
        raise RuntimeError(f"the kiosk showed no first frame with the home screen (exit {done.returncode}):"
                           f" {done.stderr.strip()[-500:]}")
    return done.stdout.split()


def main() -> int:
    try:
        names = first_frame_modules()
    except (RuntimeError, OSError) as exc:
        print(f"first_frame_modules: {exc}", file=sys.stderr)
        return 1
    print("\n".join(names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""PyInstaller runtime hook, run before the others (build.spec): the collector is off for the start.

PySide6's own runtime hook imports PySide6.QtCore before main.py runs, so main.py's gc.disable()
came too late for that import in the bundle; kiosk.app turns the collector on again (after the
first frame for the kiosk window, at once for the tools)."""

import gc

gc.disable()

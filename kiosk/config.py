"""Paths and constants, aware of running from source or from the PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "jinshan-kiosk"


def app_root() -> Path:
    """Folder holding assets/, db/ and i18n/: the repo when run from source, the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


ROOT = app_root()
ASSETS = ROOT / "assets"
SOURCE_DB_DIR = ROOT / "db"
LOCALE_DIR = ROOT / "i18n"
FONT_DIR = ASSETS / "fonts"
GEO_DIR = ASSETS / "geo"
# The database built from db/ (make db); in the bundle it sits beside the assets.
FACTORY_DB = Path(os.environ.get("KIOSK_FACTORY_DB", ROOT / "build" / "content.sqlite"))
if getattr(sys, "frozen", False) and "KIOSK_FACTORY_DB" not in os.environ:
    FACTORY_DB = ROOT / "content.sqlite"

# Tests that drive the real process read the shown screen from this file (kiosk/ui/statefile.py).
STATE_FILE_ENV = "KIOSK_STATE_FILE"

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

# Jinshan's rough bounding box (WGS84 and GCJ-02 both fall inside): used to reject bad coordinates.
JINSHAN_BOUNDS = {"lat": (30.60, 31.00), "lon": (120.95, 121.50)}


def default_data_dir() -> Path:
    """Writable per-user folder for settings, content generations, statistics and logs."""
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / APP_NAME

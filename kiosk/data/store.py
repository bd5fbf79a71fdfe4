"""Which content database the kiosk reads: the installed generation, else the factory build."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.config import FACTORY_DB

POINTER = "current.json"


def content_dir(data_dir: Path) -> Path:
    return data_dir / "content"


def current_database(data_dir: Path, factory: Path = FACTORY_DB) -> Path:
    """The database named by the generation pointer when it is valid, else the factory database."""
    pointer = content_dir(data_dir) / POINTER
    try:
        info = json.loads(pointer.read_text(encoding="utf-8"))
        path = content_dir(data_dir) / str(info["database"])
        if path.is_file() and path.parent == content_dir(data_dir):
            return path
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return factory

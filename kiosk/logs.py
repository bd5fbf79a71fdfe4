"""Logging to a size-capped rotating file in the data folder (and to stderr)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 4  # at most 5 MB of logs on a kiosk's disk


def setup_logging(data_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """Log to stderr, and to data_dir/logs/kiosk.log when the folder is writable."""
    root = logging.getLogger()
    root.setLevel(level)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not any(isinstance(h, logging.StreamHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    if data_dir is None:
        return None
    path = data_dir / "logs" / "kiosk.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file (%s); logging to stderr only", exc)
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return path

"""Logging to size-capped rotating files in the data folder (and to stderr)."""

from __future__ import annotations

import logging
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 4  # at most 5 MB of logs on a kiosk's disk
LOG_DIR = "logs"
EVENT_LOG = "events.log"  # INFO and above of the kiosk's own loggers; exported to sticks
EVENT_MAX_BYTES = 1024 * 1024
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class StartupFileHandler(logging.FileHandler):
    """A plain file handler until start_rotation(): logging.handlers (which loads socket, pickle and
    queue) is not worth ~8 ms before the first frame, and nothing grows a log by a megabyte by then."""

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups


def start_rotation() -> None:
    """Swap each StartupFileHandler for a RotatingFileHandler on the same file (after the first frame)."""
    import logging.handlers

    for logger in (logging.getLogger(), logging.getLogger("kiosk")):
        for old in list(logger.handlers):
            if not isinstance(old, StartupFileHandler):
                continue
            new = logging.handlers.RotatingFileHandler(old.baseFilename, maxBytes=old.max_bytes,
                                                       backupCount=old.backups, encoding="utf-8")
            new.setFormatter(old.formatter)
            new.setLevel(old.level)
            logger.addHandler(new)
            logger.removeHandler(old)
            old.close()


def setup_logging(data_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """Log to stderr, and to data_dir/logs/kiosk.log when the folder is writable."""
    root = logging.getLogger()
    root.setLevel(level)
    fmt = logging.Formatter(FORMAT)
    if not any(isinstance(h, logging.StreamHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    if data_dir is None:
        return None
    path = data_dir / LOG_DIR / "kiosk.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = StartupFileHandler(path, MAX_BYTES, BACKUPS)
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file (%s); logging to stderr only", exc)
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return path


def event_log_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIR / EVENT_LOG


def install_event_log(data_dir: Path) -> logging.Handler:
    """Log INFO and above to data_dir/logs/events.log, rotated at 1 MB with 4 old files."""
    path = event_log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = StartupFileHandler(path, EVENT_MAX_BYTES, BACKUPS)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    logger = logging.getLogger("kiosk")
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)  # applies, rollbacks and recoveries are logged at INFO
    logger.addHandler(handler)
    return handler

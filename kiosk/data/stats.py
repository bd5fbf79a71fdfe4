"""Anonymous usage counts per day, a health report, and export of both plus the event log to a stick."""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import shutil
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.config import FACTORY_DB
from kiosk.data.tables import spreadsheet_cell
from kiosk.logs import EVENT_LOG, LOG_DIR, event_log_path, install_event_log  # noqa: F401 - kept here too

STATS_FILE = "stats.sqlite"
KEEP_DAYS = 400
FLUSH_EVERY_S = 60.0
MAX_LOG_EXPORT = 5 * 1024 * 1024
EVENTS = ("start", "idle_reset", "crash", "elder_on", "language_switch")
# Only ids made by the app (screen ids, item codes) are counted: never typed text or anything personal.
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS views (day TEXT NOT NULL, screen TEXT NOT NULL, item TEXT NOT NULL,
    lang TEXT NOT NULL, elder INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, screen, item, lang, elder));
CREATE TABLE IF NOT EXISTS events (day TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, kind));
"""


def _today() -> str:
    return date.today().isoformat()


class UsageStats:
    """Counts views and events in memory and writes them to a small SQLite file now and then."""

    def __init__(self, path: Path, clock=time.monotonic, today=_today):
        self.path, self._clock, self._today = path, clock, today
        self._views: dict[tuple, int] = {}
        self._events: dict[tuple, int] = {}
        self._last_flush = clock()
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            conn.executescript(_SCHEMA)
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=2)
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def record_view(self, screen: str, item: str = "", lang: str = "zh_CN", elder: bool = False) -> None:
        """One view of a screen (and item); ids that do not look like app ids are dropped."""
        if not _ID.fullmatch(screen) or (item and not _ID.fullmatch(item)) or not _ID.fullmatch(lang):
            return
        key = (self._today(), screen, item, lang, int(bool(elder)))
        self._views[key] = self._views.get(key, 0) + 1
        self._maybe_flush()

    def record_event(self, kind: str) -> None:
        """One start, idle reset, crash, elder-mode switch or language switch."""
        if kind not in EVENTS:
            raise ValueError(f"unknown event {kind!r}")
        key = (self._today(), kind)
        self._events[key] = self._events.get(key, 0) + 1
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if self._clock() - self._last_flush >= FLUSH_EVERY_S:
            self.flush()

    def flush(self) -> None:
        """Write pending counts (one short transaction) and forget days older than KEEP_DAYS."""
        self._last_flush = self._clock()
        if not self._views and not self._events:
            return
        views, events = self._views, self._events
        self._views, self._events = {}, {}
        cutoff = (date.fromisoformat(self._today()) - timedelta(days=KEEP_DAYS)).isoformat()
        with self._connect() as conn:
            conn.executemany(
                "INSERT INTO views VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
                "SET count = count + excluded.count", [(*k, n) for k, n in views.items()])
            conn.executemany(
                "INSERT INTO events VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
                "SET count = count + excluded.count", [(*k, n) for k, n in events.items()])
            conn.execute("DELETE FROM views WHERE day < ?", (cutoff,))
            conn.execute("DELETE FROM events WHERE day < ?", (cutoff,))
        conn.close()

    def event_total(self, kind: str) -> int:
        self.flush()
        conn = self._connect()
        try:
            return int(conn.execute("SELECT COALESCE(SUM(count), 0) FROM events WHERE kind = ?",
                                    (kind,)).fetchone()[0])
        finally:
            conn.close()

    def daily_summary(self) -> list[dict]:
        """Per day: views, share of views in English and in elder mode, idle resets, crashes."""
        self.flush()
        conn = self._connect()
        try:
            days: dict[str, dict] = {}
            for day, views, en, elder in conn.execute(
                    "SELECT day, SUM(count), SUM(CASE WHEN lang = 'en' THEN count ELSE 0 END), "
                    "SUM(CASE WHEN elder = 1 THEN count ELSE 0 END) FROM views GROUP BY day"):
                days[day] = {"day": day, "views": views, "share_en": round(en / views, 3),
                             "share_zh": round(1 - en / views, 3), "share_elder": round(elder / views, 3)}
            for day, kind, count in conn.execute("SELECT day, kind, count FROM events"):
                row = days.setdefault(day, {"day": day, "views": 0, "share_en": 0.0, "share_zh": 0.0,
                                            "share_elder": 0.0})
                row[kind] = count
        finally:
            conn.close()
        for row in days.values():
            for kind in EVENTS:
                row.setdefault(kind, 0)
        return [days[d] for d in sorted(days)]

    def export_csv(self, folder: Path) -> list[Path]:
        """usage-views.csv (per day, screen, item, language, elder mode) and usage-daily.csv."""
        self.flush()
        views_path, daily_path = folder / "usage-views.csv", folder / "usage-daily.csv"
        conn = self._connect()
        try:
            rows = conn.execute("SELECT day, screen, item, lang, elder, count FROM views "
                                "ORDER BY day, screen, item, lang, elder").fetchall()
        finally:
            conn.close()
        with open(views_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["day", "screen", "item", "language", "elder_mode", "views"])
            writer.writerows([spreadsheet_cell(v) for v in row] for row in rows)
        summary = self.daily_summary()
        columns = ["day", "views", "share_zh", "share_en", "share_elder", *EVENTS]
        with open(daily_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in summary)
        return [views_path, daily_path]


@dataclass
class HealthReport:
    """What a technician wants first: versions, content, uptime, crashes and free disk."""

    app_version: str
    content_version: str
    content_date: str
    content_sequence: int
    content_generation: int
    content_database: str
    uptime_s: int
    crash_count: int
    free_disk_bytes: int
    python: str
    system: str
    generated: str
    content_problems: list[str] = field(default_factory=list)  # damage found, and the fallback shown


def health_report(data_dir: Path, started: float, stats: UsageStats | None = None,
                  factory: Path = FACTORY_DB) -> HealthReport:
    """Collect the health report; started is time.monotonic() at start-up."""
    from kiosk import __version__
    from kiosk.data.generations import content_status

    status = content_status(data_dir, factory, deep=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    return HealthReport(
        app_version=__version__, content_version=status.content_version,
        content_date=status.content_date, content_sequence=status.sequence,
        content_generation=status.generation, content_database=status.database.name,
        uptime_s=int(time.monotonic() - started),
        crash_count=stats.event_total("crash") if stats else 0,
        free_disk_bytes=shutil.disk_usage(data_dir).free,
        python=platform.python_version(), system=f"{platform.system()} {platform.release()}",
        generated=datetime.now(UTC).replace(microsecond=0).isoformat(),
        content_problems=[en for en, _ in status.problems]
        + ([f"the kiosk shows {status.fallback[0]} instead"] if status.fallback else []))


def export_to(dest: Path, data_dir: Path, started: float, stats: UsageStats | None = None,
              factory: Path = FACTORY_DB, site: str = "") -> Path:
    """Write statistics CSV, health.json and the event log into a new folder on the stick."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    label = re.sub(r"[^A-Za-z0-9_-]", "", site)[:40]
    folder = dest / f"jinshan-kiosk-export-{label + '-' if label else ''}{stamp}"
    folder.mkdir(parents=True)
    stats = stats or UsageStats(data_dir / STATS_FILE)
    written = stats.export_csv(folder)
    report = health_report(data_dir, started, stats, factory)
    health = folder / "health.json"
    health.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(health)
    logs = sorted(event_log_path(data_dir).parent.glob(EVENT_LOG + "*"), reverse=True)
    budget = MAX_LOG_EXPORT
    for path in logs:
        size = path.stat().st_size
        if size > budget:
            continue
        shutil.copyfile(path, folder / path.name)
        written.append(folder / path.name)
        budget -= size
    for path in written:
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())
    return folder

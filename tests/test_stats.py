"""Usage statistics are anonymous daily counts; health report and export land on the stick."""

from __future__ import annotations

import csv
import json
import logging
import sqlite3
import time

import pytest

from kiosk.data import stats as stats_module
from kiosk.data.stats import (
    UsageStats,
    event_log_path,
    export_to,
    health_report,
    install_event_log,
)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def usage(tmp_path):
    day = {"value": "2026-11-27"}
    clock = Clock()
    s = UsageStats(tmp_path / "stats.sqlite", clock=clock, today=lambda: day["value"])
    s.clock, s.day = clock, day
    return s


def stored_views(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT day, screen, item, lang, elder, count FROM views "
                            "ORDER BY screen, item, lang").fetchall()


def test_views_are_counted_per_day_screen_item_language_and_elder_mode(usage):
    for _ in range(3):
        usage.record_view("home", lang="zh_CN")
    usage.record_view("indicator", "20", lang="en", elder=True)
    usage.flush()
    usage.record_view("home", lang="zh_CN")
    usage.flush()
    assert stored_views(usage.path) == [
        ("2026-11-27", "home", "", "zh_CN", 0, 4),
        ("2026-11-27", "indicator", "20", "en", 1, 1)]


def test_only_app_ids_are_stored_never_typed_text(usage):
    usage.record_view("search", "张三 13800000000")
    usage.record_view("search", "x" * 65)
    usage.record_view("home/../x")
    usage.flush()
    assert stored_views(usage.path) == []
    with pytest.raises(ValueError):
        usage.record_event("phone_number")


def test_counts_are_written_now_and_then_not_on_every_view(usage):
    usage.record_view("home")
    assert stored_views(usage.path) == []
    usage.clock.now = stats_module.FLUSH_EVERY_S + 1
    usage.record_view("home")
    assert stored_views(usage.path)[0][-1] == 2


def test_daily_summary_gives_language_and_elder_shares_and_idle_resets(usage):
    for lang, elder in [("zh_CN", False), ("zh_CN", True), ("en", False), ("zh_CN", True)]:
        usage.record_view("home", lang=lang, elder=elder)
    usage.record_event("idle_reset")
    usage.record_event("idle_reset")
    usage.day["value"] = "2026-11-28"
    usage.record_event("crash")
    first, second = usage.daily_summary()
    assert first["views"] == 4 and first["share_en"] == 0.25 and first["share_zh"] == 0.75
    assert first["share_elder"] == 0.5 and first["idle_reset"] == 2 and first["crash"] == 0
    assert second["views"] == 0 and second["crash"] == 1
    assert usage.event_total("crash") == 1


def test_old_days_are_forgotten(usage):
    usage.day["value"] = "2024-01-01"
    usage.record_view("home")
    usage.flush()
    usage.day["value"] = "2026-11-28"
    usage.record_view("home")
    usage.flush()
    assert [r[0] for r in stored_views(usage.path)] == ["2026-11-28"]


def test_health_report(tmp_path, content_db, usage):
    usage.record_event("crash")
    report = health_report(tmp_path, time.monotonic() - 125, usage, factory=content_db)
    assert report.uptime_s >= 125 and report.crash_count == 1
    assert report.content_version and report.content_date and report.free_disk_bytes > 0
    assert report.content_database == content_db.name and report.app_version


def test_export_writes_statistics_health_and_the_event_log(tmp_path, content_db, usage):
    data = tmp_path / "data"
    logger = logging.getLogger("kiosk")
    level = logger.level
    handler = install_event_log(data)
    try:
        logging.getLogger("kiosk.content").info("content package 5 applied")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()
    usage.record_view("routes", "south_line", lang="en")
    stick = tmp_path / "stick"
    stick.mkdir()
    folder = export_to(stick, data, time.monotonic(), usage, factory=content_db, site="Tinglin 1")
    assert folder.parent == stick and folder.name.startswith("jinshan-kiosk-export-Tinglin1-")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["events.log", "health.json", "usage-daily.csv", "usage-views.csv"]
    with open(folder / "usage-views.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [{"day": "2026-11-27", "screen": "routes", "item": "south_line",
                     "language": "en", "elder_mode": "0", "views": "1"}]
    assert json.loads((folder / "health.json").read_text())["content_version"]
    assert "applied" in (folder / "events.log").read_text()
    assert event_log_path(data).is_file()

"""Example kiosk outboxes for the studio screenshots: the real export format, one kiosk old, one silent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.config import FACTORY_DB
from kiosk.data.outbox import write_outbox
from kiosk.data.stats import STATS_FILE, UsageStats

NEWEST, OLDER = 20261130090000, 20261120090000  # package numbers in the YYYYMMDDHHMMSS style
DEMO = [  # kiosk id, package, hours since its last report, views per screen
    ("example-01", NEWEST, 1, {"home": 40, "indicators": 12, "routes": 7}),
    ("example-02", NEWEST, 2, {"home": 25, "facilities": 9}),
    ("example-03", OLDER, 1, {"home": 8, "routes": 2}),
    ("example-04", NEWEST, 75, {"home": 3}),
]


def write_demo_fleet(root: Path, factory: Path | None = None) -> Path:
    """root/outbox with one export per example kiosk, written by the kiosk's own outbox code."""
    outbox = root / "outbox"
    now = datetime.now(UTC)
    for number, (kiosk_id, sequence, hours, views) in enumerate(DEMO, start=1):
        data = root / "data" / kiosk_id
        stats = UsageStats(data / STATS_FILE)
        for screen, count in views.items():
            for _ in range(count):
                stats.record_view(screen)
        stats.flush()
        folder = write_outbox(outbox, kiosk_id, data, 0.0, factory or FACTORY_DB,
                              site={"site_name_zh": f"示例服务点 {number}",
                                    "site_name_en": f"Example hall {number}"})
        health_path = folder / "health.json"
        health = json.loads(health_path.read_text(encoding="utf-8"))
        health.update(content_sequence=sequence, content_version=str(sequence),
                      generated=(now - timedelta(hours=hours)).replace(microsecond=0).isoformat())
        health_path.write_text(json.dumps(health, ensure_ascii=False, indent=2), encoding="utf-8")
    return outbox

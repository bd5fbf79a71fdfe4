"""The outbox: the stick export, per kiosk id, renamed into place whole, only the newest N kept."""

from __future__ import annotations

import json

import pytest

from kiosk.data import outbox as outbox_module
from kiosk.data.outbox import EXPORT_PREFIX, exports_of, write_outbox
from kiosk.data.stats import STATS_FILE, UsageStats


def test_exports_are_named_by_kiosk_id_and_only_the_newest_are_kept(tmp_path, content_db):
    data, outbox = tmp_path / "data", tmp_path / "outbox"
    stats = UsageStats(data / STATS_FILE)
    stats.record_view("indicators", "", "zh_CN", False)
    stats.flush()
    written = [write_outbox(outbox, "zhujing-01", data, 0.0, content_db, keep=3,
                            site={"town": "zhujing"}) for _ in range(5)]
    kept = exports_of(outbox / "zhujing-01")
    assert kept == sorted(written[-3:]) and len(set(written)) == 5
    assert sorted(p.name for p in outbox.iterdir()) == ["zhujing-01"]
    assert all(p.name.startswith(f"{EXPORT_PREFIX}zhujing-01-") for p in kept)
    names = sorted(p.name for p in kept[-1].iterdir())
    assert names == ["health.json", "kiosk.json", "usage-daily.csv", "usage-views.csv"]
    assert "indicators" in (kept[-1] / "usage-views.csv").read_text(encoding="utf-8-sig")
    about = json.loads((kept[-1] / "kiosk.json").read_text(encoding="utf-8"))
    assert about["kiosk_id"] == "zhujing-01" and about["town"] == "zhujing"
    assert not list((data / outbox_module.STAGING).glob("*"))  # nothing left half-made


def test_a_write_cut_off_midway_leaves_no_partial_export_in_the_outbox(tmp_path, content_db, monkeypatch):
    data, outbox = tmp_path / "data", tmp_path / "outbox"
    write_outbox(outbox, "k1", data, 0.0, content_db, keep=5)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(outbox_module.shutil, "copyfile", broken)
    (data / "inbox.json").write_text('{"events": []}', encoding="utf-8")
    with pytest.raises(OSError):
        write_outbox(outbox, "k1", data, 0.0, content_db, keep=5)
    assert len(exports_of(outbox / "k1")) == 1
    assert [p.name for p in (outbox / "k1").iterdir() if not p.name.startswith(EXPORT_PREFIX)] == []


def test_a_bad_kiosk_id_is_refused(tmp_path, content_db):
    with pytest.raises(ValueError):
        write_outbox(tmp_path / "o", "../escape", tmp_path / "d", 0.0, content_db)

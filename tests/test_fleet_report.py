"""The fleet report: kiosks' outbox exports in, one CSV and one HTML page out, old and silent flagged."""

from __future__ import annotations

import csv
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.admin.fleet import collect
from kiosk.data.generations import apply_package
from kiosk.data.outbox import write_outbox
from kiosk.data.stats import STATS_FILE, UsageStats
from tests.data.kpkg import Signer, source_table, write_package
from tests.staffcli import run_module

ROOT = Path(__file__).resolve().parent.parent


def kiosk_export(tmp_path: Path, outbox: Path, name: str, content_db: Path, signer: Signer,
                 sequences: list[int], views: dict[str, int]) -> Path:
    data = tmp_path / name
    for seq in sequences:
        tables = {"indicator_values": source_table("indicator_values") + f"20,2023,{seq}.0,,,,\n".encode()}
        pkg = write_package(tmp_path / f"{name}-{seq}.kpkg", tables, signer, sequence=seq)
        assert apply_package(pkg, data, [signer.public], content_db).ok
    stats = UsageStats(data / STATS_FILE)
    for screen, count in views.items():
        for _ in range(count):
            stats.record_view(screen)
    stats.flush()
    return write_outbox(outbox, name, data, 0.0, content_db, site={"site_name_en": f"Hall {name}"})


def run_fleet(*args) -> subprocess.CompletedProcess:
    return run_module(["-m", "kiosk.admin", "fleet", *map(str, args)])


def test_the_report_flags_a_kiosk_on_an_old_version_and_a_silent_one(tmp_path, content_db):
    signer = Signer()
    outbox = tmp_path / "office-copy"
    kiosk_export(tmp_path, outbox, "zhujing-01", content_db, signer, [5, 6], {"home": 4, "indicators": 2})
    kiosk_export(tmp_path, outbox, "fengjing-02", content_db, signer, [5, 6], {"home": 1})
    kiosk_export(tmp_path, outbox, "tinglin-03", content_db, signer, [5], {"routes": 3})
    old = kiosk_export(tmp_path, outbox, "langxia-04", content_db, signer, [5, 6], {})
    health = json.loads((old / "health.json").read_text(encoding="utf-8"))
    health["generated"] = (datetime.now(UTC) - timedelta(days=3)).isoformat()  # last heard of 3 days ago
    health["content_problems"] = ["gen-000002.sqlite failed its integrity check"]
    (old / "health.json").write_text(json.dumps(health), encoding="utf-8")
    about = json.loads((old / "kiosk.json").read_text(encoding="utf-8"))
    (old / "kiosk.json").write_text(json.dumps({**about, "site_name_en": "<script>x</script>"}),
                                    encoding="utf-8")
    out = tmp_path / "report"
    result = run_fleet(outbox, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "4 kiosk(s), 2 flagged" in result.stdout
    with open(out / "fleet.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["kiosk"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"zhujing-01", "fengjing-02", "tinglin-03", "langxia-04"}
    assert "old content" in rows["tinglin-03"]["flags"] and rows["tinglin-03"]["package"] == "5"
    assert "silent" in rows["langxia-04"]["flags"] and "old" not in rows["langxia-04"]["flags"]
    assert "content damaged" in rows["langxia-04"]["flags"]
    assert rows["zhujing-01"]["flags"] == "" and rows["fengjing-02"]["flags"] == ""
    assert (rows["zhujing-01"]["views:home"], rows["zhujing-01"]["views:indicators"]) == ("4", "2")
    assert rows["tinglin-03"]["views:routes"] == "3" and rows["tinglin-03"]["views:home"] == "0"
    assert rows["zhujing-01"]["content"] == "6" and rows["zhujing-01"]["crashes"] == "0"
    assert int(rows["zhujing-01"]["free_disk_mb"]) > 0
    page = (out / "fleet.html").read_text(encoding="utf-8")
    assert page.count('<tr class=flag>') == 2 and "<script>" not in page and "&lt;script&gt;" in page
    assert "tinglin-03" in page and "Kiosk fleet report" in page


def test_the_newest_export_of_each_kiosk_counts_and_refused_packages_are_listed(tmp_path, content_db):
    signer = Signer()
    outbox = tmp_path / "outbox"
    kiosk_export(tmp_path, outbox, "k1", content_db, signer, [5], {})
    data = tmp_path / "k1"
    (data / "inbox.json").write_text(json.dumps({"events": [
        {"file": "evil.kpkg", "size": 1, "mtime_ns": 1, "outcome": "refused", "code": "P_UNKNOWN_KEY"},
        *({"file": f"old-{n}.kpkg", "outcome": "refused", "code": "P_REPLAY"} for n in range(3))]}),
        encoding="utf-8")
    table = source_table("indicator_values") + b"20,2023,7.0,,,,\n"
    assert apply_package(write_package(tmp_path / "k1-7.kpkg", {"indicator_values": table}, signer,
                                       sequence=7), data, [signer.public], content_db).ok
    write_outbox(outbox, "k1", data, 0.0, content_db)
    [row] = collect(outbox, datetime.now(UTC), expect_sequence=8)
    assert (row.kiosk_id, row.content_sequence, row.flags) == ("k1", 7, ["old"])
    assert row.inbox_refused == ["evil.kpkg [P_UNKNOWN_KEY]", "3 older [P_REPLAY]"]


def test_stick_exports_and_damaged_reports_are_read_too(tmp_path, content_db):
    from kiosk.data.stats import export_to

    stick = tmp_path / "stick"
    stick.mkdir()
    export_to(stick, tmp_path / "data", 0.0, factory=content_db, site="shihua-05")
    broken = stick / "jinshan-kiosk-export-caojing-06-20261201-080000"
    broken.mkdir()
    (broken / "health.json").write_text("{not json", encoding="utf-8")
    rows = {r.kiosk_id: r for r in collect(stick, datetime.now(UTC))}
    assert set(rows) == {"shihua-05", "caojing-06"}
    assert rows["caojing-06"].flags == ["unreadable"] and rows["shihua-05"].flags == []


def test_hostile_reports_are_flagged_or_ignored_never_a_traceback(tmp_path, content_db):
    outbox = tmp_path / "outbox"
    kiosk_export(tmp_path, outbox, "ok-01", content_db, Signer(), [5], {"home": 1})
    odd = outbox / "odd-02" / "jinshan-kiosk-export-odd-02-20261201-080000"
    odd.mkdir(parents=True)
    # a time with no UTC equivalent, and a views file whose one field is over the csv module's limit
    (odd / "health.json").write_text('{"generated": "0001-01-01T00:00:00+05:00", "content_sequence": 3}',
                                     encoding="utf-8")
    (odd / "usage-views.csv").write_text('screen,day,views\nhome,2026-12-01,"' + "x" * 200_000 + '"\n',
                                         encoding="utf-8")
    result = run_fleet(outbox, "--out", tmp_path / "report")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "2 kiosk(s), 1 flagged" in result.stdout
    with open(tmp_path / "report" / "fleet.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["kiosk"]: r for r in csv.DictReader(fh)}
    assert rows["odd-02"]["last_seen"] == "" and "silent" in rows["odd-02"]["flags"]
    assert rows["odd-02"]["views:home"] == "0" and rows["ok-01"]["views:home"] == "1"


def test_only_the_newest_export_of_a_kiosk_has_its_logs_and_views_read(tmp_path, content_db, monkeypatch):
    from kiosk.admin import fleet

    outbox = tmp_path / "outbox"
    first = kiosk_export(tmp_path, outbox, "k1", content_db, Signer(), [5], {"home": 1})
    newest = write_outbox(outbox, "k1", tmp_path / "k1", 0.0, content_db)
    assert first != newest and first.is_dir()
    read: list[Path] = []
    real_views = fleet._views
    monkeypatch.setattr(fleet, "_views", lambda path, since: read.append(path) or real_views(path, since))
    [row] = collect(outbox, datetime.now(UTC))
    assert row.folder == newest and read == [newest / "usage-views.csv"] and row.views == {"home": 1}

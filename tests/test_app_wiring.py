"""Start-up wiring: recovery, crash-loop rollback (crashguard), usage statistics, the USB poll, PIN hashes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from kiosk.data import crashguard, usb
from kiosk.data.generations import INCOMING, apply_package, content_status
from kiosk.data.stats import UsageStats
from kiosk.data.store import content_dir, current_database
from kiosk.settings import hash_pin, verify_pin
from tests.data.kpkg import Signer, source_table, write_package
from tests.uitools import tap

T0 = 1_800_000_000.0


# ---- crashguard: the pure rule ---------------------------------------------------------------------

def test_three_crashes_in_ten_minutes_after_an_apply_roll_back():
    crashes = [T0 + 10, T0 + 100, T0 + 200]
    assert crashguard.decide(crashes, T0 + 200, applied=T0)[0]


@pytest.mark.parametrize("crashes, applied, why", [
    ([T0 + 10, T0 + 100], T0, "only two crashes"),
    ([T0 + 10, T0 + 100, T0 + 10 + 601 + 100], T0, "spread over more than ten minutes"),
    ([T0 + 10, T0 + 100, T0 + 200], None, "factory content: nothing to roll back"),
    ([T0 + 10, T0 + 100, T0 + 200], T0 + 50, "the crashes began before the apply"),
])
def test_no_rollback(crashes, applied, why):
    assert not crashguard.decide(crashes, max(crashes), applied)[0], why


def test_marker_left_by_a_run_counts_as_a_crash_and_a_clean_exit_does_not(tmp_path):
    crashguard.mark_running(tmp_path, now=T0)
    crashguard.mark_clean_exit(tmp_path)
    assert not crashguard.check_start(tmp_path, now=T0 + 5).crashed
    applied = datetime.fromtimestamp(T0, UTC).isoformat().replace("+00:00", "Z")
    verdicts = []
    for i in range(3):
        crashguard.mark_running(tmp_path, now=T0 + 10 + 60 * i)
        verdicts.append(crashguard.check_start(tmp_path, applied, now=T0 + 40 + 60 * i))
    assert [v.crashed for v in verdicts] == [True, True, True]
    assert [v.roll_back for v in verdicts] == [False, False, True]
    assert len(crashguard.load(tmp_path).starts) == 4
    crashguard.rolled_back(tmp_path)
    assert crashguard.load(tmp_path).crashes == []


def test_a_damaged_state_file_is_a_fresh_start(tmp_path):
    (tmp_path / crashguard.STATE_FILE).write_text("{not json", encoding="utf-8")
    assert not crashguard.check_start(tmp_path).crashed
    assert crashguard.parse_applied("garbage") is None


# ---- the application at start-up -------------------------------------------------------------------

def values(value: float) -> bytes:
    """The factory values plus one for 2023 (a package replaces the whole table)."""
    return source_table("indicator_values") + f"20,2023,{value},,,,\n".encode()


def test_start_up_rolls_back_after_a_crash_loop_with_new_content(tmp_path, content_db):
    from kiosk.ui import application

    data = tmp_path / "data"
    signer = Signer()
    assert apply_package(write_package(tmp_path / "p1.kpkg", {"indicator_values": values(1)}, signer, 1),
                         data, [signer.public], content_db).ok
    assert apply_package(write_package(tmp_path / "p2.kpkg", {"indicator_values": values(2)}, signer, 2),
                         data, [signer.public], content_db).ok
    assert content_status(data, content_db).sequence == 2
    verdicts = []
    for _ in range(3):
        crashguard.mark_running(data)  # a run that never exits cleanly
        verdicts.append(application.guard_content(data, content_db))
    assert [v.roll_back for v in verdicts] == [False, False, True]
    assert content_status(data, content_db).sequence == 1


def test_start_up_recovers_an_interrupted_apply(tmp_path, qtbot, content_db):
    from kiosk.ui.application import KioskApplication

    data = tmp_path / "data"
    content_dir(data).mkdir(parents=True)
    (content_dir(data) / INCOMING).write_bytes(b"half a package")
    (content_dir(data) / "gen-000009.sqlite").write_bytes(b"half a database")
    settings = tmp_path / "settings.toml"
    settings.write_text(f'data_dir = "{data.as_posix()}"\n', encoding="utf-8")
    app = KioskApplication(db_path=content_db, settings_file=settings)
    qtbot.addWidget(app.window)
    assert list(content_dir(data).glob("gen-*")) == [] and not (content_dir(data) / INCOMING).exists()
    assert (data / "stats.sqlite").is_file()
    assert (data / "logs" / "events.log").is_file()
    assert current_database(data, content_db) == content_db
    app.window.close()


# ---- usage statistics and the USB poll ---------------------------------------------------------------

def views(stats: UsageStats) -> list[tuple]:
    stats.flush()
    conn = sqlite3.connect(stats.path)
    try:
        return conn.execute("SELECT screen, item, lang, elder, count FROM views ORDER BY screen, item"
                            ).fetchall()
    finally:
        conn.close()


def test_navigation_language_elder_and_idle_are_counted(kiosk, qtbot, tmp_path):
    kiosk.stats = stats = UsageStats(tmp_path / "stats.sqlite")
    window, hub = kiosk.window, kiosk.ctx.hub
    hub.navigate.emit("indicator", "20")
    hub.navigate.emit("route", "R1")
    hub.navigate.emit("search", {"query": "typed text"})  # not an id: counted without the item
    tap(qtbot, window.language_button)
    tap(qtbot, window.elder_button)
    hub.navigate.emit("indicators", None)
    hub.idle_reset.emit()
    rows = views(stats)
    assert ("indicator", "20", "zh_CN", 0, 1) in rows
    assert ("route", "R1", "zh_CN", 0, 1) in rows
    assert ("search", "", "zh_CN", 0, 1) in rows
    assert ("indicators", "", "en", 1, 1) in rows
    assert all("typed" not in str(r) for r in rows)
    assert stats.event_total("language_switch") == 1
    assert stats.event_total("elder_on") == 1
    assert stats.event_total("idle_reset") == 1
    kiosk.handle_exception(RuntimeError, RuntimeError("boom"), None)
    assert stats.event_total("crash") == 1


def test_usb_poll_lights_the_staff_dot_only(kiosk, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [tmp_path])
    kiosk.start_usb_watch(interval_ms=50)
    try:
        assert not kiosk.window.staff_badge.isVisible()
        (tmp_path / "jinshan-kiosk-5.kpkg").write_bytes(b"anything")
        qtbot.waitUntil(kiosk.window.staff_badge.isVisible, timeout=2000)
        assert kiosk.window.current_id == "home"
    finally:
        kiosk.usb_timer.stop()


def test_pin_hash_is_salted_and_checked():
    a, b = hash_pin("2468", iterations=1000), hash_pin("2468", iterations=1000)
    assert a != b and a.startswith("pbkdf2_sha256$1000$")
    assert verify_pin("2468", a) and not verify_pin("2469", a)
    assert not verify_pin("2468", "") and not verify_pin("2468", "pbkdf2_sha256$x$y$z")


def test_pin_hash_command(monkeypatch, capsys):
    from kiosk.admin.cli import main

    answers = iter(["2468", "2468"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["pin-hash"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith('admin_pin_hash = "pbkdf2_sha256$')
    assert verify_pin("2468", line.split('"')[1])

"""Staff access and the admin screen on real widgets: long press, PIN, packages from a fake stick,
apply with one confirmation, content reloaded without a restart, refusals, rollback, the staff dot.
Checking, applying and undoing run on a worker thread: tests wait for the screen to be idle again."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from kiosk.data import generations, usb
from kiosk.data.packages import table_path
from kiosk.i18n import tr
from kiosk.settings import hash_pin
from kiosk.ui.worker import running_jobs
from tests.data.kpkg import Signer, package_files, source_table, write_package
from tests.uitools import tap, visible_texts

PIN = "2468"
JOB_TIMEOUT_MS = 20_000  # generous: the machines are shared; the jobs here take well under a second


@pytest.fixture(autouse=True)
def no_job_left_running(qtbot):
    """No worker job outlives its test (its outcome would land in the next test's event loop)."""
    yield
    qtbot.waitUntil(lambda: not running_jobs(), timeout=JOB_TIMEOUT_MS)


def idle(qtbot, admin) -> None:
    """Wait until the admin screen's worker job (and the check that follows an apply) is done."""
    qtbot.waitUntil(lambda: not admin.busy, timeout=JOB_TIMEOUT_MS)
    qtbot.wait(20)  # the rebuilt page's widgets are shown by queued events


@pytest.fixture(scope="module")
def signer():
    return Signer()


def values_table() -> bytes:
    """The factory values with 20/2022 changed (86.6 -> 90.5), and a first value for indicator 2."""
    lines = source_table("indicator_values").decode().splitlines()
    out = [line.replace("20,2022,86.6,", "20,2022,90.5,") for line in lines]
    out.append("2,2023,8.1,,,,")
    return ("\n".join(out) + "\n").encode()


@pytest.fixture
def stick(tmp_path, monkeypatch):
    folder = tmp_path / "stick"
    folder.mkdir()
    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [folder])
    monkeypatch.setattr(usb, "export_targets", lambda: [folder])
    return folder


@pytest.fixture
def staff(kiosk, tmp_path, signer):
    """The kiosk with a PIN, a trusted key, its own data folder and a quick long press."""
    data = tmp_path / "data"
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    kiosk.settings.trusted_keys = [signer.public]
    kiosk.settings.data_dir = str(data)
    kiosk.window.staff_tools.data_dir = data
    kiosk.window.staff_access.hold_ms = 50
    return kiosk


def long_press(qtbot, window, ms: int) -> None:
    qtbot.mousePress(window.title_label, _left())
    qtbot.wait(ms)
    qtbot.mouseRelease(window.title_label, _left())


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def enter_pin(qtbot, window, pin: str) -> None:
    pad = window.staff_access.panel.pad
    for digit in pin:
        tap(qtbot, pad.digit_keys[digit])
    tap(qtbot, pad.ok_key)


def unlock(qtbot, kiosk):
    window = kiosk.window
    long_press(qtbot, window, 120)
    enter_pin(qtbot, window, PIN)
    assert window.current_id == "admin"
    admin = window.screens["admin"]
    idle(qtbot, admin)  # the package on the stick has been checked
    return admin


def test_five_second_press_opens_the_pin_pad_and_a_tap_does_not(kiosk, qtbot):
    window = kiosk.window
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    panel = window.staff_access.panel
    tap(qtbot, window.title_label)
    long_press(qtbot, window, 1500)
    assert not panel.isVisible()
    long_press(qtbot, window, 5200)
    assert panel.isVisible()
    keys = [*panel.pad.digit_keys.values(), panel.pad.back_key, panel.pad.ok_key]
    assert all(k.height() >= 60 and k.width() >= 60 for k in keys)


def test_no_pin_configured_means_no_admin_screen(kiosk, qtbot, caplog):
    window = kiosk.window
    kiosk.settings.admin_pin_hash = ""
    window.staff_access.hold_ms = 50
    long_press(qtbot, window, 120)
    assert not window.staff_access.panel.isVisible()
    assert window.overlay.isVisible() and "Staff access is not configured" in window.overlay.heading.text()
    assert "未配置" in window.overlay.heading.text()
    assert "admin_pin_hash" in caplog.text
    kiosk.ctx.hub.navigate.emit("admin", None)  # even a stray navigation shows no staff tools
    assert "export" not in window.screens["admin"].buttons


def test_wrong_pin_is_refused_then_locked_out_and_the_right_one_opens_admin(staff, qtbot):
    window = staff.window
    access = window.staff_access
    long_press(qtbot, window, 120)
    enter_pin(qtbot, window, "1111")
    assert window.current_id == "home" and access.panel.isVisible()
    assert access.panel.message.text() == tr("Wrong PIN. Please try again.")
    for _ in range(4):
        enter_pin(qtbot, window, "1111")
    assert not access.panel.pad.ok_key.isEnabled()
    assert "60" in access.panel.message.text()
    access.locked_until = 0  # the lockout is over
    access._show_lockout()
    enter_pin(qtbot, window, PIN)
    assert window.current_id == "admin" and not access.panel.isVisible()
    tap(qtbot, window.home_button)
    assert not access.unlocked  # leaving the admin screen locks it again


def test_signed_package_shows_verdict_and_diff_and_applies_after_one_confirmation(
        staff, qtbot, stick, signer, tmp_path):
    write_package(stick / "jinshan-kiosk-7.kpkg", {"indicator_values": values_table()}, signer, 7)
    window, data = staff.window, tmp_path / "data"
    home = window.screens["home"]
    before = home.tiles["indicators"].text_label.text()
    admin = unlock(qtbot, staff)
    texts = "\n".join(visible_texts(admin))
    assert signer.fingerprint in texts and "7" in texts
    assert "86.6 → 90.5" in admin.values_label.text()
    assert "— → 8.1" in admin.values_label.text()
    tap(qtbot, admin.buttons["apply"])
    assert not (data / "content" / "current.json").exists()  # asked, not applied
    tap(qtbot, admin.buttons["confirm"])
    idle(qtbot, admin)
    assert (data / "content" / "gen-000001.sqlite").is_file()
    assert staff.ctx.content.path == data / "content" / "gen-000001.sqlite"
    assert "✓" in admin.notice_label.text() and "7" in admin.notice_label.text()
    after = home.tiles["indicators"].text_label.text()
    count = int(re.search(r"\d+", before).group())
    assert after != before and str(count + 1) in after
    staff.ctx.hub.navigate.emit("indicator", "20")
    table_texts = "\n".join(visible_texts(window.screens["indicator"]))
    assert "90.5" in table_texts
    for screen_id in ("indicators", "eldercare", "sports", "routes", "plan", "search", "home"):
        staff.ctx.hub.navigate.emit(screen_id, None)  # every screen still works on the new content
    # the same package again is a replay, shown with its code
    unlock(qtbot, staff)
    assert "P_REPLAY" in staff.window.screens["admin"].refusal_label.text()


def test_rollback_returns_to_the_previous_content(staff, qtbot, stick, signer, tmp_path, content_db):
    write_package(stick / "jinshan-kiosk-8.kpkg", {"indicator_values": values_table()}, signer, 8)
    home = staff.window.screens["home"]
    before = home.tiles["indicators"].text_label.text()
    admin = unlock(qtbot, staff)
    tap(qtbot, admin.buttons["apply"])
    tap(qtbot, admin.buttons["confirm"])
    idle(qtbot, admin)
    assert home.tiles["indicators"].text_label.text() != before
    tap(qtbot, admin.buttons["rollback"])
    assert staff.ctx.content.path != content_db  # one confirmation first
    tap(qtbot, admin.buttons["confirm"])
    assert admin.busy == "rollback" and not admin.buttons["export"].isEnabled()
    assert "正在恢复" in admin.busy_label.text()
    idle(qtbot, admin)
    assert staff.ctx.content.path == content_db
    assert home.tiles["indicators"].text_label.text() == before
    assert "rollback" not in admin.buttons  # factory content: nothing more to undo


@pytest.mark.parametrize("kind, code", [("unsigned", "P_UNSIGNED"), ("stranger", "P_UNKNOWN_KEY"),
                                         ("tampered", "P_HASH_MISMATCH")])
def test_refused_packages_show_their_code_and_change_nothing(staff, qtbot, stick, signer, tmp_path,
                                                             content_db, kind, code):
    from kiosk.admin.builder import write_zip

    tables = {"indicator_values": values_table()}
    files = package_files(tables, Signer() if kind == "stranger" else signer, 9)
    if kind == "unsigned":
        del files["manifest.sig"]
    if kind == "tampered":
        files[table_path("indicator_values")] = values_table().replace(b"90.5", b"99.5")
    write_zip(files, stick / "jinshan-kiosk-9.kpkg")
    admin = unlock(qtbot, staff)
    text = admin.refusal_label.text()
    assert f"[{code}]" in text and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert "apply" not in admin.buttons
    assert staff.ctx.content.path == content_db
    assert not (tmp_path / "data" / "content" / "current.json").exists()


def test_no_stick_shows_the_empty_state(staff, qtbot, stick):
    admin = unlock(qtbot, staff)
    assert admin.found == [] and admin.selected is None
    assert "apply" not in admin.buttons and "scan" in admin.buttons


def test_export_writes_statistics_health_and_log_to_the_stick(staff, qtbot, stick, signer):
    write_package(stick / "jinshan-kiosk-3.kpkg", {"indicator_values": values_table()}, signer, 3)
    admin = unlock(qtbot, staff)
    tap(qtbot, admin.buttons["export"])
    [folder] = list(stick.glob("jinshan-kiosk-export-*"))
    names = {p.name for p in folder.iterdir()}
    assert {"usage-views.csv", "usage-daily.csv", "health.json"} <= names


def test_close_the_kiosk_needs_a_confirmation(staff, qtbot, stick):
    window = staff.window
    window.kiosk_mode = True
    admin = unlock(qtbot, staff)
    tap(qtbot, admin.buttons["close"])
    assert window.isVisible()
    tap(qtbot, admin.buttons["confirm"])
    assert window.allow_close and not window.isVisible()


def test_the_staff_dot_shows_no_text_to_residents(staff, qtbot, stick, signer):
    window = staff.window
    before = visible_texts(window)
    path = write_package(stick / "jinshan-kiosk-4.kpkg", {"indicator_values": values_table()}, signer, 4)
    window.set_usb_packages(usb.find_packages())
    assert window.staff_badge.isVisible()
    assert visible_texts(window) == before
    assert not any(".kpkg" in t or "Staff" in t or "工作人员" in t for t in visible_texts(window))
    assert window.current_id == "home"  # nothing opens or applies by itself
    assert not (Path(staff.settings.data_dir) / "content" / "current.json").exists()
    path.unlink()
    window.set_usb_packages(usb.find_packages())
    assert not window.staff_badge.isVisible()


# ---- the worker thread ----------------------------------------------------------------------------

def slowed(monkeypatch, seconds: float = 0.5, gate: threading.Event | None = None):
    """install_prepared that first waits on the worker thread (the admin screen looks it up per call).

    With a gate it waits until the UI thread's event loop opens it (or 10 s pass): an install that
    blocked the UI thread could never see the gate open, without any timing threshold in the test.
    """
    original = generations.install_prepared
    threads = []

    def slow_install(*args, **kwargs):
        threads.append(threading.current_thread())
        if gate is None:
            time.sleep(seconds)
        else:
            threads.append(gate.wait(timeout=10))
        return original(*args, **kwargs)

    monkeypatch.setattr(generations, "install_prepared", slow_install)
    return threads


def test_apply_runs_on_a_worker_thread_while_the_event_loop_keeps_running(
        staff, qtbot, stick, signer, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer

    write_package(stick / "jinshan-kiosk-11.kpkg", {"indicator_values": values_table()}, signer, 11)
    gate = threading.Event()
    threads = slowed(monkeypatch, gate=gate)
    data = tmp_path / "data"
    admin = unlock(qtbot, staff)
    tap(qtbot, admin.buttons["apply"])
    timer = QTimer()  # the UI thread's event loop opens the gate the worker waits at
    timer.setInterval(10)
    timer.timeout.connect(lambda: threads and gate.set())
    timer.start()
    tap(qtbot, admin.buttons["confirm"])
    # (a) the job runs: the busy state shows in both languages and nothing can start a second job
    assert admin.busy == "apply"
    assert "Installing…" in admin.busy_label.text() and "正在安装" in admin.busy_label.text()
    for key in ("apply", "export", "scan"):
        assert not admin.buttons[key].isEnabled(), key
    assert admin.buttons["leave"].isEnabled()
    assert not any(b.isEnabled() for b in admin.package_buttons)
    admin.do_apply()  # a second apply (say, a queued tap) is ignored
    admin.do_rollback()
    admin.do_export()
    assert admin.busy == "apply" and len(running_jobs()) == 1
    assert not list(stick.glob("jinshan-kiosk-export-*"))
    # (b) the result shows and the content switched, once the worker finished
    idle(qtbot, admin)
    timer.stop()
    # (c) the install ran on a worker while the UI thread's event loop kept running: it saw the gate open
    assert threads[0] is not threading.main_thread()
    assert threads[1] is True, "the event loop did not run while the install waited"
    assert staff.ctx.content.path == data / "content" / "gen-000001.sqlite"
    assert "✓" in admin.notice_label.text() and "11" in admin.notice_label.text()
    assert "P_REPLAY" in admin.refusal_label.text()  # checked again: now a replay
    assert admin.buttons["export"].isEnabled() and admin.buttons["rollback"].isEnabled()


@pytest.mark.parametrize("step", ["install", "check"])
def test_an_exception_in_the_worker_is_a_bilingual_refusal_and_changes_nothing(
        staff, qtbot, stick, signer, tmp_path, content_db, monkeypatch, step):
    write_package(stick / "jinshan-kiosk-12.kpkg", {"indicator_values": values_table()}, signer, 12)

    def broken(*_args, **_kwargs):
        raise ValueError("boom")  # not a PackageError: the worker itself must turn it into one

    if step == "check":
        monkeypatch.setattr(generations, "prepare_package", broken)
        admin = unlock(qtbot, staff)
        text = admin.refusal_label.text()
        assert "apply" not in admin.buttons
    else:
        monkeypatch.setattr(generations, "install_prepared", broken)
        admin = unlock(qtbot, staff)
        tap(qtbot, admin.buttons["apply"])
        tap(qtbot, admin.buttons["confirm"])
        idle(qtbot, admin)
        text = admin.notice_label.text()
        assert text.startswith("✗")
    assert "[P_INTERNAL]" in text and "更新因意外错误中止" in text and "unexpected error" in text
    assert "Traceback" not in text
    assert staff.ctx.content.path == content_db
    assert not (tmp_path / "data" / "content" / "current.json").exists()
    assert admin.buttons["export"].isEnabled() and admin.buttons["scan"].isEnabled()


def test_leaving_the_admin_screen_during_an_apply_still_switches_the_content(
        staff, qtbot, stick, signer, tmp_path, monkeypatch, caplog):
    write_package(stick / "jinshan-kiosk-13.kpkg", {"indicator_values": values_table()}, signer, 13)
    slowed(monkeypatch, 0.3)
    window = staff.window
    admin = unlock(qtbot, staff)
    tap(qtbot, admin.buttons["apply"])
    tap(qtbot, admin.buttons["confirm"])
    assert admin.busy == "apply"
    tap(qtbot, window.home_button)  # staff walk away; the admin screen locks
    assert window.current_id == "home" and not window.staff_access.unlocked
    qtbot.waitUntil(lambda: not running_jobs(), timeout=JOB_TIMEOUT_MS)
    assert staff.ctx.content.path == tmp_path / "data" / "content" / "gen-000001.sqlite"
    assert window.current_id == "home"  # nothing pops up for residents
    assert "after staff left the admin screen" in caplog.text
    admin = unlock(qtbot, staff)  # back again: the package is now a replay
    assert "P_REPLAY" in admin.refusal_label.text()


def test_an_allowed_removal_is_shown_in_red_and_needs_a_second_confirmation(
        staff, qtbot, stick, signer, tmp_path, content_db):
    header = source_table("facilities").decode().splitlines()[0] + "\n"
    write_package(stick / "jinshan-kiosk-10.kpkg", {"facilities": header.encode()}, signer, 10,
                  allow_removal=("facilities",))
    admin = unlock(qtbot, staff)
    warning = admin.removal_labels[0]
    assert warning.objectName() == "Danger" and warning.isVisible()
    rows = len(source_table("facilities").decode().splitlines()) - 1
    assert str(rows) in warning.text() and "facilities" in warning.text()
    red = warning.palette().color(warning.foregroundRole())
    assert red.red() > 150 and red.green() < 60 and red.blue() < 60
    tap(qtbot, admin.buttons["apply"])
    tap(qtbot, admin.buttons["confirm"])  # the first "yes" only leads to the second question
    idle(qtbot, admin)
    assert staff.ctx.content.path == content_db
    assert str(rows) in admin.question_label.text() and admin.question_label.objectName() == "Danger"
    tap(qtbot, admin.buttons["cancel"])
    assert staff.ctx.content.path == content_db and "confirm" not in admin.buttons
    tap(qtbot, admin.buttons["apply"])
    tap(qtbot, admin.buttons["confirm"])
    tap(qtbot, admin.buttons["confirm"])
    idle(qtbot, admin)
    assert staff.ctx.content.path == tmp_path / "data" / "content" / "gen-000001.sqlite"
    assert staff.ctx.content.scalar("SELECT COUNT(*) FROM facilities") == 0


def test_a_large_removal_not_allowed_by_its_maker_is_refused_on_screen(
        staff, qtbot, stick, signer, content_db):
    header = source_table("facilities").decode().splitlines()[0] + "\n"
    write_package(stick / "jinshan-kiosk-11.kpkg", {"facilities": header.encode()}, signer, 11)
    admin = unlock(qtbot, staff)
    assert "[P_REMOVAL]" in admin.refusal_label.text() and "E_REMOVAL" in admin.refusal_label.text()
    assert "apply" not in admin.buttons and staff.ctx.content.path == content_db


def test_an_apply_outcome_rebuilds_the_page_once_and_frees_the_applied_rows(
        staff, qtbot, stick, signer, monkeypatch):
    write_package(stick / "jinshan-kiosk-8.kpkg", {"indicator_values": values_table()}, signer, 8)
    admin = unlock(qtbot, staff)
    prepared = admin.prepared
    assert prepared.rows  # the checked package's rows, held until it is applied
    tap(qtbot, admin.buttons["apply"])
    builds: list[str] = []
    populate = admin.populate
    monkeypatch.setattr(admin, "populate", lambda: (builds.append(admin.busy), populate())[1])
    tap(qtbot, admin.buttons["confirm"])
    qtbot.waitUntil(lambda: admin.busy != "apply", timeout=JOB_TIMEOUT_MS)
    # the content switch, the outcome and the re-check made one rebuild, showing "checking"
    assert builds == ["apply", "check"]
    assert "✓" in admin.notice_label.text()
    assert not prepared.rows  # freed on the worker thread, not by the UI thread
    idle(qtbot, admin)
    assert "P_REPLAY" in admin.refusal_label.text()


def test_job_thread_starts_after_the_busy_page_is_painted(qtbot, stick, signer, staff, monkeypatch):
    """A check or apply runs its function only once the event loop has painted the page that says
    so (a worker sharing the GIL made that first frame long); it counts as running from the tap."""
    from kiosk.ui.screens import admin as admin_module

    write_package(stick / "jinshan-kiosk-11.kpkg", {"indicator_values": values_table()}, signer, 11)
    admin = unlock(qtbot, staff)
    idle(qtbot, admin)
    calls = []
    real_install = admin_module.install_and_release

    def recording(*args, **kwargs):
        calls.append(threading.current_thread() is not threading.main_thread())
        return real_install(*args, **kwargs)

    monkeypatch.setattr(admin_module, "install_and_release", recording)
    tap(qtbot, admin.buttons["apply"])
    tap(qtbot, admin.buttons["confirm"])
    assert admin.busy == "apply" and len(running_jobs()) == 1
    assert calls == [], "the install began before the busy page could be painted"
    assert "正在安装" in admin.busy_label.text()
    idle(qtbot, admin)
    assert calls == [True]
    assert "✓" in admin.notice_label.text()

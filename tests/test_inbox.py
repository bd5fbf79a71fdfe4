"""The package inbox: several kiosk data folders sharing one synced folder, without a display."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.admin.builder import write_zip
from kiosk.data import crashguard
from kiosk.data.fleet_policy import auto_apply_verdict, is_open, parse_opening_hours
from kiosk.data.generations import content_status, installed_sequence
from kiosk.data.inbox import Inbox, InboxLog, InboxPolicy, is_candidate_name
from kiosk.data.outbox import write_outbox
from kiosk.data.packages import table_path
from kiosk.data.store import content_dir
from tests.data.kpkg import Signer, package_files, source_table, write_package

SETTLE = 10.0
NIGHT = datetime(2026, 12, 2, 22, 0)
NOON = datetime(2026, 12, 2, 12, 0)


class Clock:
    """This kiosk's monotonic clock, moved by the test (no sleeping, no wall-clock asserts)."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def signer():
    return Signer()


def package_bytes(tmp_path: Path, signer: Signer, sequence: int, value: float = 1.0) -> bytes:
    tables = {"indicator_values": source_table("indicator_values") + f"20,2023,{value},,,,\n".encode()}
    path = write_package(tmp_path / f"made-{sequence}-{value}.kpkg", tables, signer, sequence=sequence)
    return path.read_bytes()


class Kiosk:
    """One kiosk: its own data folder, clock and inbox view of the shared folder."""

    def __init__(self, root: Path, name: str, inbox: Path, signer: Signer, content_db: Path,
                 mode: str = "auto", hours: tuple[str, ...] = (), now=NIGHT):
        self.data = root / name
        self.clock = Clock()
        self.when = now
        policy = InboxPolicy((signer.public,), mode, hours)
        self.inbox = Inbox(inbox, self.data, policy, content_db, SETTLE, self.clock, lambda: self.when)
        self.events = []

    def poll(self, advance: float = SETTLE + 1):
        self.clock.t += advance
        round_ = self.inbox.run_once()
        self.events += round_.events
        return round_

    def generations(self) -> list[str]:
        folder = content_dir(self.data)
        return sorted(p.name for p in folder.glob("gen-*.sqlite")) if folder.is_dir() else []


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_sync_engine_temporary_names_are_never_read():
    for name in (".syncthing.jinshan-kiosk-7.kpkg.tmp", "~syncthing~jinshan-kiosk-7.kpkg.tmp",
                 ".jinshan-kiosk-7.kpkg.Ab12Cd", "jinshan-kiosk-7.kpkg.part", ".hidden.kpkg",
                 "~$jinshan.kpkg", "notes.txt"):
        assert not is_candidate_name(name), name
    assert is_candidate_name("jinshan-kiosk-7.kpkg") and is_candidate_name("JINSHAN-7.KPKG")


def test_a_package_written_slowly_then_renamed_is_applied_once_exactly_when_complete(
        tmp_path, inbox, signer, content_db):
    kiosks = [Kiosk(tmp_path, name, inbox, signer, content_db) for name in ("kiosk-a", "kiosk-b", "kiosk-c")]
    data = package_bytes(tmp_path, signer, 7, 42.0)
    temp = inbox / ".syncthing.jinshan-kiosk-7.kpkg.tmp"
    chunk = len(data) // 5 + 1
    for start in range(0, len(data), chunk):
        with open(temp, "ab") as fh:
            fh.write(data[start:start + chunk])
        for kiosk in kiosks:  # however long the writer pauses, the temporary name is never read
            assert kiosk.poll(advance=10 * SETTLE).events == []
            assert installed_sequence(kiosk.data) == 0
    temp.rename(inbox / "jinshan-kiosk-7.kpkg")
    for kiosk in kiosks:
        assert kiosk.poll(advance=0).events == []  # just appeared: not yet known to be stable
    for _ in range(4):
        for kiosk in kiosks:
            kiosk.poll()
    for kiosk in kiosks:
        assert [(e.outcome, e.sequence) for e in kiosk.events] == [("applied", 7)]
        assert kiosk.generations() == ["gen-000001.sqlite"]
        status = content_status(kiosk.data, content_db)
        assert (status.sequence, status.content_version) == (7, "7")
    assert sorted(p.name for p in inbox.iterdir()) == ["jinshan-kiosk-7.kpkg"]  # the inbox is never written


def test_a_package_growing_in_place_is_read_only_when_stable_and_retried_when_it_changes(
        tmp_path, inbox, signer, content_db):
    kiosk = Kiosk(tmp_path, "kiosk-a", inbox, signer, content_db)
    data = package_bytes(tmp_path, signer, 8)
    target = inbox / "jinshan-kiosk-8.kpkg"
    half = len(data) // 2
    for start in range(0, half, 500):  # a plain copy over SMB: the final name grows chunk by chunk
        with open(target, "ab") as fh:
            fh.write(data[start:min(start + 500, half)])
        assert kiosk.poll(advance=SETTLE / 3).events == []
    kiosk.poll(advance=0)
    stalled = kiosk.poll()  # the writer stalled longer than the settle time: read, and refused
    assert [e.outcome for e in stalled.events] == ["refused"]
    assert stalled.events[0].code in ("P_NOT_A_PACKAGE", "P_DAMAGED")
    assert kiosk.poll().events == []  # the same half file is not checked (or reported) again
    with open(target, "ab") as fh:
        fh.write(data[half:])
    assert kiosk.poll(advance=SETTLE / 3).events == []  # changed: stable again only after SETTLE
    kiosk.poll()
    assert [(e.outcome, e.code) for e in kiosk.events] == [("refused", stalled.events[0].code),
                                                           ("applied", "OK")]
    assert installed_sequence(kiosk.data) == 8


def test_hostile_and_older_packages_are_refused_and_reported_in_the_outbox(
        tmp_path, inbox, signer, content_db):
    kiosks = [Kiosk(tmp_path, name, inbox, signer, content_db) for name in ("kiosk-a", "kiosk-b")]
    (inbox / "jinshan-kiosk-5.kpkg").write_bytes(package_bytes(tmp_path, signer, 5))
    for kiosk in kiosks:
        kiosk.poll(advance=0), kiosk.poll()
        assert installed_sequence(kiosk.data) == 5
    before = [content_status(k.data, content_db).database for k in kiosks]
    (inbox / "jinshan-kiosk-3.kpkg").write_bytes(package_bytes(tmp_path, signer, 3))  # older
    (inbox / "jinshan-kiosk-90.kpkg").write_bytes(package_bytes(tmp_path, Signer(), 90))  # stranger's key
    table = source_table("indicator_values") + b"20,2023,5.0,,,,\n"
    files = package_files({"indicator_values": table}, signer, 91)
    files[table_path("indicator_values")] = table.replace(b"2023,5.0", b"2023,9.9")  # changed after signing
    write_zip(files, inbox / "jinshan-kiosk-91.kpkg")
    (inbox / "jinshan-kiosk-92.kpkg").write_bytes(b"MZ\x90\x00 not a zip at all")
    for kiosk in kiosks:
        kiosk.poll(advance=0), kiosk.poll(), kiosk.poll()
        codes = {e.file: (e.outcome, e.code) for e in kiosk.events[1:]}
        assert codes == {"jinshan-kiosk-3.kpkg": ("refused", "P_REPLAY"),
                         "jinshan-kiosk-90.kpkg": ("refused", "P_UNKNOWN_KEY"),
                         "jinshan-kiosk-91.kpkg": ("refused", "P_HASH_MISMATCH"),
                         "jinshan-kiosk-92.kpkg": ("refused", "P_NOT_A_PACKAGE")}
    assert [content_status(k.data, content_db).database for k in kiosks] == before
    outbox = tmp_path / "outbox"
    for kiosk, name in zip(kiosks, ("kiosk-a", "kiosk-b"), strict=True):
        folder = write_outbox(outbox, name, kiosk.data, 0.0, content_db, keep=3)
        assert folder.parent == outbox / name and name in folder.name
        report = json.loads((folder / "inbox.json").read_text(encoding="utf-8"))["events"]
        refused = {e["file"]: e["code"] for e in report if e["outcome"] == "refused"}
        assert refused["jinshan-kiosk-90.kpkg"] == "P_UNKNOWN_KEY"
        assert refused["jinshan-kiosk-3.kpkg"] == "P_REPLAY" and len(refused) == 4
        health = json.loads((folder / "health.json").read_text(encoding="utf-8"))
        assert health["content_sequence"] == 5
        assert json.loads((folder / "kiosk.json").read_text(encoding="utf-8"))["kiosk_id"] == name


def test_staff_mode_checks_but_never_applies(tmp_path, inbox, signer, content_db):
    kiosk = Kiosk(tmp_path, "kiosk-a", inbox, signer, content_db, mode="staff")
    (inbox / "jinshan-kiosk-6.kpkg").write_bytes(package_bytes(tmp_path, signer, 6))
    kiosk.poll(advance=0)
    ready = kiosk.poll()
    assert [(e.outcome, e.sequence) for e in ready.events] == [("staff", 6)]
    assert [f.path.name for f in ready.offered] == ["jinshan-kiosk-6.kpkg"]  # on the admin screen
    again = kiosk.poll()
    assert again.events == [] and installed_sequence(kiosk.data) == 0
    assert [f.path.name for f in again.offered] == ["jinshan-kiosk-6.kpkg"]
    from kiosk.data.generations import apply_package

    assert apply_package(inbox / "jinshan-kiosk-6.kpkg", kiosk.data, [signer.public], content_db).ok
    assert kiosk.poll().offered == []  # applied by staff: no longer offered


def test_auto_waits_for_closing_time(tmp_path, inbox, signer, content_db):
    kiosk = Kiosk(tmp_path, "kiosk-a", inbox, signer, content_db, hours=("08:30-12:00", "13:00-17:30"),
                  now=NOON.replace(hour=9))
    (inbox / "jinshan-kiosk-6.kpkg").write_bytes(package_bytes(tmp_path, signer, 6))
    kiosk.poll(advance=0), kiosk.poll(), kiosk.poll()
    assert [e.outcome for e in kiosk.events] == ["waiting"] and installed_sequence(kiosk.data) == 0
    kiosk.when = NIGHT
    kiosk.poll()
    assert [e.outcome for e in kiosk.events] == ["waiting", "applied"]
    assert installed_sequence(kiosk.data) == 6
    assert [e.outcome for e in InboxLog.load(kiosk.data).events] == ["applied"]


def test_a_crash_loop_after_an_inbox_apply_rolls_back_and_the_package_is_not_applied_again(
        tmp_path, inbox, signer, content_db):
    from kiosk.ui.application import guard_content

    kiosk = Kiosk(tmp_path, "kiosk-a", inbox, signer, content_db)
    (inbox / "jinshan-kiosk-9.kpkg").write_bytes(package_bytes(tmp_path, signer, 9))
    kiosk.poll(advance=0), kiosk.poll()
    assert content_status(kiosk.data, content_db).sequence == 9
    for _ in range(3):
        crashguard.mark_running(kiosk.data)  # a run that never exits cleanly
        verdict = guard_content(kiosk.data, content_db)
    assert verdict.roll_back and content_status(kiosk.data, content_db).factory
    restarted = Kiosk(tmp_path, "kiosk-a", inbox, signer, content_db)  # a fresh process
    restarted.poll(advance=0), restarted.poll(), restarted.poll()
    assert restarted.events == [] and content_status(kiosk.data, content_db).factory


def test_opening_hours_rules():
    hours = parse_opening_hours(["08:30-17:00", "22:00-02:00"])
    assert is_open(hours, NOON) and is_open(hours, NOON.replace(hour=23))
    assert is_open(hours, NOON.replace(hour=1))
    assert not is_open(hours, NOON.replace(hour=18)) and not is_open(hours, NOON.replace(hour=8, minute=29))
    assert auto_apply_verdict("auto", hours, NOON, False) == "wait"
    assert auto_apply_verdict("auto", hours, NOON.replace(hour=19), False) == "apply"
    assert auto_apply_verdict("auto", hours, NOON.replace(hour=19), True) == "staff"
    assert auto_apply_verdict("staff", [], NOON, False) == "staff"
    for bad in (["8-17"], ["25:00-26:00"], ["09:00-09:00"], ["08:60-09:00"]):
        with pytest.raises(ValueError):
            parse_opening_hours(bad)


def test_a_refusal_about_the_kiosk_itself_is_retried_later_one_about_the_package_is_not(
        tmp_path, inbox, signer, content_db):
    from datetime import UTC, timedelta

    from kiosk.data.inbox import RETRY_S, InboxEvent

    kiosk = Kiosk(tmp_path, "kiosk-a", inbox, signer, content_db)
    target = inbox / "jinshan-kiosk-4.kpkg"
    target.write_bytes(package_bytes(tmp_path, signer, 4))
    st = target.stat()
    then = (datetime.now(UTC) - timedelta(seconds=RETRY_S // 2)).isoformat()
    full = InboxEvent(target.name, st.st_size, st.st_mtime_ns, "refused", "P_DISK", when=then)
    kiosk.inbox.log.add(full)  # the disk was full half an hour ago
    kiosk.poll(advance=0), kiosk.poll(), kiosk.poll()
    assert kiosk.events == [] and installed_sequence(kiosk.data) == 0
    kiosk.inbox.log.add(InboxEvent(target.name, st.st_size, st.st_mtime_ns, "refused", "P_DISK",
                                   when=(datetime.now(UTC) - timedelta(seconds=RETRY_S + 1)).isoformat()))
    kiosk.poll()
    assert [e.outcome for e in kiosk.events] == ["applied"]

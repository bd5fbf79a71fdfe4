"""Applying packages: new generations, replay refusal, rollback, pruning, and crash safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.data.build import content_hash
from kiosk.data.diff import read_database_rows
from kiosk.data.generations import (
    APPLY_STEPS,
    CRASH_ENV,
    KEEP,
    apply_package,
    content_status,
    installed_sequence,
    integrity_ok,
    prepare_package,
    recover,
    roll_back,
)
from kiosk.data.store import current_database
from tests.data.kpkg import ROOT, Signer, source_table, write_package


@pytest.fixture(scope="module")
def signer():
    return Signer()


def values_table(value: float) -> bytes:
    """The factory values plus one for 2023 (a package replaces the whole table)."""
    return source_table("indicator_values") + f"20,2023,{value},,,,\n".encode()


def package(tmp_path: Path, signer: Signer, sequence: int, value: float = 1.0) -> Path:
    return write_package(tmp_path / f"jinshan-kiosk-{sequence}.kpkg",
                         {"indicator_values": values_table(value)}, signer, sequence=sequence)


def fingerprint_of(db: Path) -> str:
    return content_hash(read_database_rows(db))


def test_apply_switches_to_a_new_generation_and_shows_the_diff(tmp_path, signer, content_db):
    data = tmp_path / "data"
    result = apply_package(package(tmp_path, signer, 5, 42.0), data, [signer.public], content_db)
    assert result.ok and result.generation == 1 and result.sequence == 5
    assert current_database(data, content_db) == result.database
    [table] = result.diff.tables
    assert (table.table, table.added, table.removed) == ("indicator_values", 1, 0)
    assert "towns" in result.diff.carried_over
    rows = read_database_rows(result.database)
    assert 42.0 in [r["value"] for r in rows["indicator_values"]]
    assert rows["towns"] == read_database_rows(content_db)["towns"]
    status = content_status(data, content_db)
    assert (status.sequence, status.high_water, status.generation) == (5, 5, 1)
    assert status.content_version and status.can_roll_back
    assert sorted(p.name for p in (data / "content").iterdir()) == [
        "apply.lock", "current.json", "gen-000001.sqlite", "sequence.json"]


def test_replay_and_downgrade_are_refused_even_after_rollback_and_restart(tmp_path, signer,
                                                                            content_db):
    data = tmp_path / "data"
    assert apply_package(package(tmp_path, signer, 5), data, [signer.public], content_db).ok
    for seq in (5, 4):
        result = apply_package(package(tmp_path, signer, seq), data, [signer.public], content_db)
        assert result.code == "P_REPLAY" and "installed 5" in result.message_en
    assert roll_back(data, content_db).ok
    assert current_database(data, content_db) == content_db
    # A "restart" is a fresh read of the files on disk: nothing is kept in memory between calls.
    assert installed_sequence(data) == 5
    result = apply_package(package(tmp_path, signer, 5), data, [signer.public], content_db)
    assert result.code == "P_REPLAY"
    (data / "content" / "current.json").unlink(missing_ok=True)
    assert apply_package(package(tmp_path, signer, 3), data, [signer.public],
                         content_db).code == "P_REPLAY"
    assert apply_package(package(tmp_path, signer, 6), data, [signer.public], content_db).ok


def test_keeps_the_last_three_generations_and_rolls_back_one_at_a_time(tmp_path, signer,
                                                                      content_db):
    data = tmp_path / "data"
    dbs = []
    for seq in range(1, 6):
        result = apply_package(package(tmp_path, signer, seq, seq), data, [signer.public], content_db)
        assert result.ok
        dbs.append(result.database)
    gens = sorted(p.name for p in (data / "content").glob("gen-*.sqlite"))
    assert gens == ["gen-000003.sqlite", "gen-000004.sqlite", "gen-000005.sqlite"]
    assert len(content_status(data, content_db).kept) == KEEP
    for expected in (dbs[3], dbs[2], content_db):
        result = roll_back(data, content_db)
        assert result.ok and current_database(data, content_db) == expected
        assert integrity_ok(expected)
    assert roll_back(data, content_db).code == "P_NO_ROLLBACK"
    assert list((data / "content").glob("gen-*.sqlite")) == []
    # Generation numbers are never reused, so logs and status stay unambiguous.
    assert apply_package(package(tmp_path, signer, 9), data, [signer.public],
                         content_db).generation == 6


def test_a_refused_package_changes_nothing(tmp_path, signer, content_db):
    data = tmp_path / "data"
    assert apply_package(package(tmp_path, signer, 1), data, [signer.public], content_db).ok
    before = {p.name: p.read_bytes() for p in (data / "content").iterdir()}
    bad = tmp_path / "bad.kpkg"
    bad.write_bytes(package(tmp_path, Signer(), 2).read_bytes())
    result = apply_package(bad, data, [signer.public], content_db)
    assert result.code == "P_UNKNOWN_KEY" and result.message_zh
    assert {p.name: p.read_bytes() for p in (data / "content").iterdir()} == before


@pytest.mark.parametrize("failure, code", [
    ("write", "P_INTERNAL"), ("disk", "P_DISK"), ("integrity", "P_INTEGRITY")])
def test_failures_while_building_change_nothing(tmp_path, signer, content_db, monkeypatch,
                                                failure, code):
    from kiosk.data import build, generations

    data = tmp_path / "data"
    assert apply_package(package(tmp_path, signer, 1), data, [signer.public], content_db).ok
    before = {p.name: p.read_bytes() for p in (data / "content").iterdir()}
    if failure == "write":
        monkeypatch.setattr(build, "write_database", lambda rows, path: 1 / 0)
    elif failure == "disk":
        monkeypatch.setattr(generations.shutil, "disk_usage",
                            lambda path: shutil_usage(0))
    else:
        monkeypatch.setattr(generations, "integrity_ok", lambda db: False)
    result = apply_package(package(tmp_path, signer, 2), data, [signer.public], content_db)
    assert result.code == code and result.message_zh
    assert {p.name: p.read_bytes() for p in (data / "content").iterdir()} == before


def shutil_usage(free: int):
    import shutil

    return shutil._ntuple_diskusage(10**9, 10**9 - free, free)


def test_the_stick_is_not_read_after_verification(tmp_path, signer, content_db):
    data = tmp_path / "data"
    stick = package(tmp_path, signer, 4, 7.0)
    prepared = prepare_package(stick, data, [signer.public], content_db)
    stick.write_bytes(b"swapped after verification")
    from kiosk.data.generations import install_prepared

    result = install_prepared(prepared, data, content_db)
    assert 7.0 in [r["value"] for r in read_database_rows(result.database)["indicator_values"]]
    assert not (data / "content" / "incoming.kpkg").exists()


def test_recover_removes_leftovers_of_an_interrupted_apply(tmp_path, signer, content_db):
    data = tmp_path / "data"
    assert apply_package(package(tmp_path, signer, 1), data, [signer.public], content_db).ok
    folder = data / "content"
    for name in ("gen-000009.sqlite", "gen-000009.sqlite.building",
                 "gen-000009.sqlite.building-journal", "current.json.tmp", "incoming.kpkg"):
        (folder / name).write_bytes(b"junk")
    assert sorted(recover(data)) == ["current.json.tmp", "gen-000009.sqlite",
                                     "gen-000009.sqlite.building",
                                     "gen-000009.sqlite.building-journal", "incoming.kpkg"]
    assert current_database(data, content_db).name == "gen-000001.sqlite"


# ---- crash safety -----------------------------------------------------------------------------

def run_apply(pkg: Path, data: Path, signer: Signer, factory: Path, crash_at: str | None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk.admin", "apply", str(pkg), "--yes", "--data-dir", str(data),
         "--factory-db", str(factory), "--trusted-key", signer.public],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_kill_at_any_step_leaves_the_old_or_the_complete_new_content(tmp_path, signer,
                                                                      content_db):
    """SIGKILL at each step of apply, restart, and the kiosk reads old or new, never a mix."""
    first = package(tmp_path, signer, 1, 11.0)
    second = package(tmp_path, signer, 2, 22.0)
    runs = {}
    for step in APPLY_STEPS:
        data = tmp_path / step
        assert apply_package(first, data, [signer.public], content_db).ok
        runs[step] = (data, run_apply(second, data, signer, content_db, step))
    old = fingerprint_of(current_database(tmp_path / APPLY_STEPS[0], content_db))
    new = None
    outcomes = {}
    for step, (data, proc) in runs.items():
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL, (step, err.decode())
        db = current_database(data, content_db)  # the restarted kiosk's view
        assert integrity_ok(db), step
        got = fingerprint_of(db)
        if got != old:
            new = new or got
            assert got == new, step
        outcomes[step] = "new" if got != old else "old"
        recover(data)
        leftovers = {p.name for p in (data / "content").iterdir()} - {
            "apply.lock", "current.json", "sequence.json"}
        assert all(n.startswith("gen-") and n.endswith(".sqlite") for n in leftovers), leftovers
        again = apply_package(second, data, [signer.public], content_db)
        assert again.ok == (outcomes[step] == "old"), (step, again.code)
        if not again.ok:
            assert again.code == "P_REPLAY"
        assert 22.0 in [r["value"] for r in read_database_rows(
            current_database(data, content_db))["indicator_values"]]
    assert outcomes == {step: ("new" if APPLY_STEPS.index(step) >= APPLY_STEPS.index("switched")
                               else "old") for step in APPLY_STEPS}


def test_the_state_files_are_plain_json(tmp_path, signer, content_db):
    data = tmp_path / "data"
    apply_package(package(tmp_path, signer, 8), data, [signer.public], content_db)
    pointer = json.loads((data / "content" / "current.json").read_text())
    assert pointer["database"] == "gen-000001.sqlite" and pointer["sequence"] == 8
    assert len(pointer["package_sha256"]) == 64
    assert json.loads((data / "content" / "sequence.json").read_text())["sequence"] == 8
    with sqlite3.connect(data / "content" / pointer["database"]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---- meta follows the package; best-effort cleanup ----------------------------------------------

def meta_of(db: Path) -> dict[str, str]:
    return {r["key"]: r["value"] for r in read_database_rows(db)["meta"]}


def test_a_package_without_meta_sets_the_content_date_and_version(tmp_path, signer, content_db):
    data = tmp_path / "data"
    pkg = write_package(tmp_path / "p.kpkg", {"indicator_values": values_table(3.0)}, signer,
                        sequence=20270315093000, created="2027-03-15T09:30:00+08:00")
    result = apply_package(pkg, data, [signer.public], content_db)
    assert result.ok
    meta, factory = meta_of(result.database), meta_of(content_db)
    assert meta["content_date"] == "2027-03-15" and meta["content_version"] == "20270315093000"
    assert meta["source_document_en"] == factory["source_document_en"]  # the rest is kept
    status = content_status(data, content_db)
    assert (status.content_date, status.content_version) == ("2027-03-15", "20270315093000")


def test_a_package_with_its_own_meta_keeps_it(tmp_path, signer, content_db):
    data = tmp_path / "data"
    meta = b"key,value\ncontent_version,2027.1\ncontent_date,2027-01-02\n"
    pkg = write_package(tmp_path / "p.kpkg", {"meta": meta}, signer, sequence=7,
                        created="2027-03-15T09:30:00Z", allow_removal=("meta",))
    result = apply_package(pkg, data, [signer.public], content_db)
    assert result.ok
    meta = meta_of(result.database)
    assert (meta["content_version"], meta["content_date"]) == ("2027.1", "2027-01-02")


def test_rollback_leaves_a_generation_it_cannot_delete_for_the_next_recover(
        tmp_path, signer, content_db, monkeypatch):
    data = tmp_path / "data"
    for seq in (1, 2):
        assert apply_package(package(tmp_path, signer, seq), data, [signer.public], content_db).ok
    folder = data / "content"
    real_unlink = Path.unlink

    def locked(self, missing_ok=False):  # Windows: the kiosk still has the database open
        if self.name == "gen-000002.sqlite":
            raise PermissionError(13, "The process cannot access the file", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    result = roll_back(data, content_db)
    assert result.ok and result.sequence == 1
    assert current_database(data, content_db).name == "gen-000001.sqlite"
    assert (folder / "gen-000002.sqlite").exists()
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert recover(data) == ["gen-000002.sqlite"]
    assert current_database(data, content_db).name == "gen-000001.sqlite"
    assert installed_sequence(data) == 2

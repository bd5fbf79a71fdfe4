"""An apply's database build in a child process gives the same database as the build in-process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.data import build
from kiosk.data.build_job import write_database_isolated

ROOT = Path(__file__).resolve().parent.parent


def dump(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        sql = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        names = [r[0] for r in conn.execute(sql)]
        return {n: conn.execute(f"SELECT * FROM {n} ORDER BY 1, 2").fetchall() for n in names}
    finally:
        conn.close()


def test_child_process_build_equals_the_in_process_build(tmp_path):
    tables, problems = build.load_source_tables(ROOT / "db")
    assert not problems
    rows = {name: vt.rows for name, vt in tables.items()}
    here = build.write_database_here(rows, tmp_path / "here.sqlite")
    child = write_database_isolated(rows, tmp_path / "child" / "child.sqlite")
    assert child.content_hash == here.content_hash and child.counts == here.counts
    assert child.counts["search_index"] > 0
    assert dump(tmp_path / "child" / "child.sqlite") == dump(tmp_path / "here.sqlite")
    assert not list((tmp_path / "child").glob("*.rows"))  # the hand-over file is gone


def test_write_database_goes_to_the_child_when_isolated(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(build, "ISOLATED", True)
    monkeypatch.setattr("kiosk.data.build_job.write_database_isolated",
                        lambda rows, out: calls.append(out) or "report")
    assert build.write_database({"meta": []}, tmp_path / "x.sqlite") == "report"
    assert calls == [tmp_path / "x.sqlite"]


def test_a_failed_child_build_is_an_error_not_a_database(tmp_path):
    rows = {"chapters": [{"id": "ch1", "no_such_column": 1}]}
    with pytest.raises((RuntimeError, OSError)):
        write_database_isolated(rows, tmp_path / "bad.sqlite")
    assert not (tmp_path / "bad.sqlite").exists()

"""The database is built reproducibly from db/, atomically, and refuses bad sources."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.data.build import BuildError, build_database, database_is_current

ROOT = Path(__file__).resolve().parent.parent


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_build_is_reproducible(tmp_path, content_db):
    again = tmp_path / "again.sqlite"
    build_database(ROOT / "db", again)
    assert dump(again) == dump(content_db)
    assert again.read_bytes() == content_db.read_bytes()


def test_database_passes_integrity_check_and_is_current(content_db):
    with sqlite3.connect(content_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert database_is_current(ROOT / "db", content_db)


def test_a_bad_source_writes_nothing_and_keeps_the_old_database(tmp_path, content_db):
    sources = tmp_path / "db"
    shutil.copytree(ROOT / "db", sources)
    out = tmp_path / "out.sqlite"
    shutil.copy(content_db, out)
    before = out.read_bytes()
    towns = sources / "towns.csv"
    towns.write_text(towns.read_text(encoding="utf-8") + "fengjing,99,重复,Duplicate,town,,,,,,\n",
                     encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build_database(sources, out)
    assert any(p.code == "E_DUPLICATE_KEY" and p.file == "towns.csv" for p in err.value.problems)
    assert out.read_bytes() == before
    assert not database_is_current(ROOT / "db", tmp_path / "missing.sqlite")


def test_sources_in_gbk_build_the_same_content(tmp_path, content_db):
    sources = tmp_path / "db"
    shutil.copytree(ROOT / "db", sources)
    for path in sources.glob("towns.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    out = tmp_path / "gbk.sqlite"
    build_database(sources, out)
    assert dump(out) == dump(content_db)

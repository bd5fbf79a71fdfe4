"""Build the content database from table files with sqlite-utils (staff tools and make, not the kiosk)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.data.schema import TABLES, TABLES_BY_NAME, Table
from kiosk.data.search_index import build_search_rows
from kiosk.data.tables import (
    Row,
    TableFormatError,
    format_problem_args,
    read_table_file,
    source_table_paths,
)
from kiosk.data.validate import Problem, ValidatedTable, check_foreign_keys, validate_table_file

SCHEMA_VERSION = 1


class BuildError(Exception):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the content sources")
        self.problems = problems


@dataclass
class BuildReport:
    """What a build produced: row counts per table and the content hash."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    content_hash: str = ""


def load_source_tables(source_dir: Path) -> tuple[dict[str, ValidatedTable], list[Problem]]:
    """Read and validate every known table file in a folder."""
    tables, problems = {}, []
    for name, path in source_table_paths(source_dir).items():
        try:
            vt = validate_table_file(read_table_file(path))
        except TableFormatError as exc:
            vt = ValidatedTable(TABLES_BY_NAME[name], [], [Problem(*format_problem_args(exc, path.name))])
        tables[name] = vt
        problems.extend(vt.problems)
    problems.extend(check_foreign_keys(tables))
    return tables, problems


def content_hash(rows_by_table: Mapping[str, list[Row]]) -> str:
    """A stable digest of the content, independent of file encodings and row order in files."""
    digest = hashlib.sha256()
    for name in sorted(rows_by_table):
        for row in sorted(json.dumps(r, ensure_ascii=False, sort_keys=True)
                          for r in rows_by_table[name]):
            digest.update(name.encode() + b"\0" + row.encode() + b"\n")
    return digest.hexdigest()


# The running kiosk sets this: its applies build the database in a child process (build_job), so the
# worker thread never competes with the UI thread for the GIL; make, tests and staff tools build here.
ISOLATED = False


def write_database(rows_by_table: Mapping[str, list[Row]], out_path: Path) -> BuildReport:
    """Write all tables to a new SQLite file next to out_path, then move it into place atomically."""
    if ISOLATED:
        from kiosk.data.build_job import write_database_isolated

        return write_database_isolated(rows_by_table, out_path)
    return write_database_here(rows_by_table, out_path)


def write_database_here(rows_by_table: Mapping[str, list[Row]], out_path: Path) -> BuildReport:
    """write_database in this process."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".building")
    tmp.unlink(missing_ok=True)
    report = BuildReport(out_path)
    rows_by_table = dict(rows_by_table)
    digest = content_hash(rows_by_table)
    meta = {r["key"]: r["value"] for r in rows_by_table.get("meta", [])}
    meta.update({"content_hash": digest, "schema_version": str(SCHEMA_VERSION)})
    rows_by_table["meta"] = [{"key": k, "value": v} for k, v in sorted(meta.items())]

    try:
        _write_tables(rows_by_table, tmp, report)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a disk-full or failed build leaves no half-written file behind
        raise
    report.content_hash = digest
    return report


def _write_tables(rows_by_table: Mapping[str, list[Row]], tmp: Path, report: BuildReport) -> None:
    import sqlite_utils  # build-time only: it is kept off the kiosk's start path

    db = sqlite_utils.Database(tmp)
    # A scratch file: no per-commit fsync or journal file (they made a 10,000-row apply take 1-4 s
    # on a slow disk). Durability comes from the integrity check, fsync and atomic rename below.
    db.conn.execute("PRAGMA journal_mode = MEMORY")
    db.conn.execute("PRAGMA synchronous = OFF")
    try:
        for table in TABLES:
            _create_table(db, table)
            rows = sorted(rows_by_table.get(table.name, []),
                          key=lambda r: tuple(str(r.get(k)) for k in table.pk))
            if rows:
                db[table.name].insert_all(rows, batch_size=1000)
            report.counts[table.name] = len(rows)
        search_rows = build_search_rows(db.conn)
        db["search_index"].create(
            {"kind": str, "item_id": str, "title_zh": str, "title_en": str,
             "haystack": str, "pinyin": str, "initials": str, "rank": int},
            pk=("kind", "item_id"))
        db["search_index"].insert_all(search_rows, batch_size=1000)
        report.counts["search_index"] = len(search_rows)
        db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.conn.commit()
        problems = db.conn.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok":
            raise RuntimeError(f"integrity check failed: {problems}")
    finally:
        db.conn.close()


def _create_table(db, table: Table) -> None:
    types = {c.name: {"INTEGER": int, "REAL": float}.get(c.sql_type, str) for c in table.columns}
    db[table.name].create(
        types,
        pk=table.pk if len(table.pk) > 1 else table.pk[0],
        not_null={c.name for c in table.columns if c.required},
    )


def build_database(source_dir: Path, out_path: Path) -> BuildReport:
    """Validate the sources in source_dir and build out_path; raise BuildError if anything is wrong."""
    tables, problems = load_source_tables(source_dir)
    if problems:
        raise BuildError(problems)
    return write_database({k: v.rows for k, v in tables.items()}, out_path)


def database_is_current(source_dir: Path, db_path: Path) -> bool:
    """True when db_path exists and was built from exactly the sources now in source_dir."""
    if not db_path.exists():
        return False
    tables, problems = load_source_tables(source_dir)
    if problems:
        return True  # keep the last good build; the build command reports the problems
    want = content_hash({k: v.rows for k, v in tables.items()})
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            got = conn.execute("SELECT value FROM meta WHERE key='content_hash'").fetchone()
    except sqlite3.Error:
        return False
    return bool(got) and got[0] == want

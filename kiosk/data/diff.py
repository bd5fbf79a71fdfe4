"""What a package would change: rows added, changed and removed per table, keyed by primary key."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.data.schema import TABLES, TABLES_BY_NAME
from kiosk.data.tables import Row

# meta rows the build writes itself; they change with every build and mean nothing to staff.
GENERATED_META = frozenset({"content_hash", "schema_version"})
SAMPLE = 20  # keys listed per table and kind; counts are always complete


@dataclass
class RowChange:
    """One row whose key stayed but whose values changed: column -> (old, new)."""

    key: tuple
    columns: dict[str, tuple[object, object]]


@dataclass
class TableDiff:
    """How one table changes; a package replaces the whole table."""

    table: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    added_keys: list[tuple] = field(default_factory=list)
    removed_keys: list[tuple] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class ContentDiff:
    """The whole change a package makes; tables not in the package are carried over unchanged."""

    tables: list[TableDiff]
    carried_over: list[str]

    @property
    def is_empty(self) -> bool:
        return all(t.is_empty for t in self.tables)

    def totals(self) -> tuple[int, int, int]:
        return (sum(t.added for t in self.tables), sum(t.changed for t in self.tables),
                sum(t.removed for t in self.tables))


def read_database_rows(db_path: Path, names: list[str] | None = None) -> dict[str, list[Row]]:
    """Every schema table's rows from a content database (missing tables read as empty)."""
    out: dict[str, list[Row]] = {}
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in TABLES:
            if names is not None and table.name not in names:
                continue
            if table.name not in present:
                out[table.name] = []
                continue
            have = {r[1] for r in conn.execute(f"PRAGMA table_info([{table.name}])")}
            cols = [c for c in table.column_names if c in have]
            sql = f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table.name}]"
            out[table.name] = [{**dict.fromkeys(table.column_names), **dict(zip(cols, r, strict=True))}
                               for r in conn.execute(sql)]
    finally:
        conn.close()
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def diff_table(name: str, old: list[Row], new: list[Row]) -> TableDiff:
    """Compare two versions of one table by primary key."""
    table = TABLES_BY_NAME[name]
    if name == "meta":
        old = [r for r in old if r.get("key") not in GENERATED_META]
        new = [r for r in new if r.get("key") not in GENERATED_META]

    def keyed(rows: list[Row]) -> dict[tuple, Row]:
        return {tuple(r.get(k) for k in table.pk): r for r in rows}

    before, after = keyed(old), keyed(new)
    result = TableDiff(name)
    for key in sorted(after.keys() - before.keys(), key=str):
        result.added += 1
        if len(result.added_keys) < SAMPLE:
            result.added_keys.append(key)
    for key in sorted(before.keys() - after.keys(), key=str):
        result.removed += 1
        if len(result.removed_keys) < SAMPLE:
            result.removed_keys.append(key)
    for key in sorted(before.keys() & after.keys(), key=str):
        cols = {c: (before[key].get(c), after[key].get(c)) for c in table.column_names
                if not _same(before[key].get(c), after[key].get(c))}
        if cols:
            result.changed += 1
            if len(result.changes) < SAMPLE:
                result.changes.append(RowChange(key, cols))
        else:
            result.unchanged += 1
    return result


def diff_content(new_tables: Mapping[str, list[Row]], current: Mapping[str, list[Row]]) -> ContentDiff:
    """The change from current content to current-with-these-tables-replaced."""
    diffs = [diff_table(name, list(current.get(name, [])), list(rows))
             for name, rows in sorted(new_tables.items())]
    carried = sorted(n for n in current if n not in new_tables)
    return ContentDiff(diffs, carried)


def format_diff(diff: ContentDiff) -> list[str]:
    """Plain lines for the command line: one per table, then sample keys and changed columns."""
    added, changed, removed = diff.totals()
    lines = [f"total: +{added} added, ~{changed} changed, -{removed} removed "
             f"/ 合计：新增 {added}，修改 {changed}，删除 {removed}"]
    for t in diff.tables:
        lines.append(f"{t.table:18} +{t.added:<5} ~{t.changed:<5} -{t.removed:<5} ={t.unchanged}")
        lines += [f"    + {_key(k)}" for k in t.added_keys]
        lines += [f"    - {_key(k)}" for k in t.removed_keys]
        for change in t.changes:
            cols = ", ".join(f"{c}: {o!r} -> {n!r}" for c, (o, n) in change.columns.items())
            lines.append(f"    ~ {_key(change.key)}: {cols}"[:300])
    if diff.carried_over:
        lines.append("unchanged (not in package) / 未包含、保持不变: " + ", ".join(diff.carried_over))
    return lines


def _key(key: tuple) -> str:
    return "/".join(str(k) for k in key)

"""The removal guard: a table file that would empty or mostly empty a table is refused unless allowed.

A header-only export (or an export of the wrong sheet) passes every row check, and a package
replaces whole tables, so without this guard it would silently delete a table's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiosk.data.diff import diff_table
from kiosk.data.tables import Row
from kiosk.data.validate import Problem, ValidatedTable

CODE = "E_REMOVAL"
REMOVAL_SHARE = 0.2  # more than this share of a table's rows removed needs --allow-removal


def removal_problems(tables: Mapping[str, ValidatedTable],
                     current_rows: Mapping[str, list[Row]] | None,
                     allow: Iterable[str] = ()) -> list[Problem]:
    """E_REMOVAL for each table (not in allow) emptied or losing more than REMOVAL_SHARE of its rows.

    Without current_rows (no database to compare with) only a table file with no rows is caught.
    """
    allowed = set(allow)
    problems = []
    for name, vt in sorted(tables.items()):
        if name in allowed:
            continue
        filename = f"{name}.csv"
        if current_rows is None:
            if not vt.rows:
                problems.append(Problem(
                    CODE, filename, None, None,
                    "the file has no rows: it would remove every row of this table; if that is "
                    f"intended, build again with --allow-removal {name}",
                    f"文件没有数据行，将删除此表的全部内容；如确需如此，请加 --allow-removal {name} "
                    "重新生成"))
            continue
        before = len(current_rows.get(name, []))
        removed = removed_count(name, current_rows.get(name, []), vt.rows)
        if before and removed > REMOVAL_SHARE * before:
            share = f"{removed / before:.0%}"
            problems.append(Problem(
                CODE, filename, None, None,
                f"would remove {removed} of the {before} rows now installed ({share}); more than "
                f"{REMOVAL_SHARE:.0%} needs --allow-removal {name} (check that the whole table "
                "was exported)",
                f"将删除现有 {before} 行中的 {removed} 行（{share}）；删除超过 {REMOVAL_SHARE:.0%} "
                f"须加 --allow-removal {name}（请确认导出的是完整的表）"))
    return problems


def removed_count(name: str, old: list[Row], new: list[Row]) -> int:
    """Rows of the old table whose primary key is not in the new one (build-generated meta ignored)."""
    return diff_table(name, old, new).removed


def large_removals(tables: Mapping[str, list[Row]], current_rows: Mapping[str, list[Row]],
                   names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """For the named (allowed) tables: name -> (rows removed, rows before), when any are removed."""
    out = {}
    for name in names:
        if name in tables:
            before = current_rows.get(name, [])
            removed = removed_count(name, before, tables[name])
            if removed:
                out[name] = (removed, len(before))
    return out

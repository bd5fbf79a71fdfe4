"""Row-by-row validation of table files against the schema, with bilingual problem reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.config import JINSHAN_BOUNDS
from kiosk.data.schema import TABLES_BY_NAME, TEXT_EN, TEXT_ZH, Table
from kiosk.data.tables import Row, TableFile, convert_cell, hidden_characters

MAX_ROWS_PER_TABLE = 50_000
YEARS = (1949, 2100)
# Columns that mean nothing alone: a baseline needs both its year and its value.
VALUE_PAIRS = (("baseline_year", "baseline_value"),)
MAX_CELL_CHARS = 20_000
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table file, located by file, spreadsheet row and column."""

    code: str
    file: str
    row: int | None
    column: str | None
    message_en: str
    message_zh: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"[{self.code}] {where}: {self.message_en} / {self.message_zh}"


@dataclass
class ValidatedTable:
    """A table's typed rows, ready to store, and the problems found while reading them."""

    table: Table
    rows: list[Row]
    problems: list[Problem]


def validate_table_file(tf: TableFile) -> ValidatedTable:
    """Check header, cells, language rules, coordinates and key uniqueness of one table file."""
    table, problems, rows = tf.table, [], []

    def report(code: str, row: int | None, column: str | None, en: str, zh: str) -> None:
        problems.append(Problem(code, tf.filename, row, column, en, zh))

    known = set(table.column_names)
    for name in tf.header:
        if name not in known:
            report("E_UNKNOWN_COLUMN", 1, name, f"unknown column {name!r}", f"未知的列 {name!r}")
    for col in table.columns:
        if col.required and col.name not in tf.header:
            report("E_MISSING_COLUMN", 1, col.name, "required column is missing", "缺少必填列")
    if len(set(tf.header)) != len(tf.header):
        report("E_DUPLICATE_COLUMN", 1, None, "a column name appears twice", "列名重复")
    if len(tf.rows) > MAX_ROWS_PER_TABLE:
        report("E_TOO_MANY_ROWS", None, None,
               f"{len(tf.rows)} rows; at most {MAX_ROWS_PER_TABLE} are accepted",
               f"共 {len(tf.rows)} 行，超过上限 {MAX_ROWS_PER_TABLE} 行")
        return ValidatedTable(table, [], problems)
    if any(p.code in ("E_MISSING_COLUMN", "E_DUPLICATE_COLUMN") for p in problems):
        return ValidatedTable(table, [], problems)

    seen: dict[tuple, int] = {}
    for index, raw in enumerate(tf.rows):
        line = index + 2  # spreadsheet row: the header is row 1
        row: Row = {}
        for col in table.columns:
            cell = raw.get(col.name, "")
            if len(cell) > MAX_CELL_CHARS:
                report("E_CELL_TOO_LONG", line, col.name, "text is too long", "文字过长")
                cell = ""
            if CONTROL.search(cell):
                report("E_CONTROL_CHAR", line, col.name, "contains control characters", "含有控制字符")
            if hidden := hidden_characters(cell):
                report("E_HIDDEN_CHAR", line, col.name,
                       f"contains invisible or direction-changing characters ({', '.join(hidden)}); "
                       "retype the text or delete them",
                       f"含有看不见的或改变文字方向的字符（{', '.join(hidden)}），请重新输入或删除")
            try:
                value = convert_cell(table, col.name, cell)
            except ValueError:
                report("E_NOT_A_NUMBER", line, col.name, f"{cell!r} is not a number",
                       f"“{cell}”不是有效数字")
                value = None
                row[col.name] = value
                continue
            if value is None and col.required:
                report("E_REQUIRED", line, col.name, "required value is empty", "必填项为空")
            if value is not None and col.choices and str(value) not in col.choices:
                report("E_BAD_CHOICE", line, col.name,
                       f"{value!r} is not one of {', '.join(col.choices)}",
                       f"“{value}”不是允许的取值（{'、'.join(col.choices)}）")
            if col.type == TEXT_EN and isinstance(value, str) and CJK.search(value):
                report("E_CHINESE_IN_ENGLISH", line, col.name,
                       "English text contains Chinese characters", "英文字段中含有中文字符")
            row[col.name] = value
        _check_pairs(table, row, line, report)
        _check_coordinates(row, line, report)
        _check_years(table, row, line, report)
        _check_period(table, row, line, report)
        _check_fact_value(table, row, line, report)
        for first, second in VALUE_PAIRS:
            if first in row and second in row and (row[first] is None) != (row[second] is None):
                missing = first if row[first] is None else second
                report("E_HALF_PAIR", line, missing, f"{first} and {second} go together",
                       f"{first} 与 {second} 须同时填写")
        key = tuple(row.get(k) for k in table.pk)
        if None not in key:
            if key in seen:
                report("E_DUPLICATE_KEY", line, ",".join(table.pk),
                       f"key {key} already used in row {seen[key]}",
                       f"主键 {key} 与第 {seen[key]} 行重复")
            else:
                seen[key] = line
        rows.append(row)
    return ValidatedTable(table, rows, problems)


def _check_pairs(table: Table, row: Row, line: int, report) -> None:
    """Each text shown to residents exists in both languages, or in neither."""
    for col in table.columns:
        if col.type != TEXT_ZH or not col.name.endswith("_zh"):
            continue
        other = col.name[:-3] + "_en"
        if other not in table.column_names or table.column(other).type != TEXT_EN:
            continue
        zh, en = row.get(col.name), row.get(other)
        if (zh is None) != (en is None):
            missing = other if en is None else col.name
            report("E_MISSING_TRANSLATION", line, missing,
                   "text is given in one language only", "文字只有一种语言，缺少另一种")


def _check_years(table: Table, row: Row, line: int, report) -> None:
    """Years are calendar years a resident would recognise (a typo like 20225 is caught)."""
    for col in table.columns:
        value = row.get(col.name)
        if (col.name == "year" or col.name.endswith("_year")) and value is not None \
                and not YEARS[0] <= int(value) <= YEARS[1]:
            report("E_OUT_OF_RANGE", line, col.name, f"year {value} is not between {YEARS[0]} and "
                   f"{YEARS[1]}", f"年份 {value} 不在 {YEARS[0]}–{YEARS[1]} 之间")


def _check_period(table: Table, row: Row, line: int, report) -> None:
    """A cumulative indicator says what it counts (period); no other measure has a period."""
    if "period" not in table.column_names or "measure" not in table.column_names:
        return
    cumulative, period = row.get("measure") == "cumulative", row.get("period")
    if cumulative and period is None:
        report("E_REQUIRED", line, "period",
               "a cumulative indicator needs its period: plan_total or year_end",
               "累计类指标必须填写 period：plan_total 或 year_end")
    elif not cumulative and period is not None:
        report("E_NOT_ALLOWED", line, "period", "period is only for a cumulative indicator",
               "只有累计类指标才填写 period")
# --- and in validate_table_file, after `_check_years(table, row, line, report)`: ---
#         _check_period(table, row, line, report)


def _check_fact_value(table: Table, row: Row, line: int, report) -> None:
    """A fact's number and the text shown for it are one figure: each text contains the number."""
    if table.name != "facts" or row.get("value") is None:
        return
    value = float(row["value"])
    number = str(int(value)) if value.is_integer() else repr(value)  # :g would say 1.23457e+06
    for column in ("value_text_zh", "value_text_en"):
        text = str(row.get(column) or "").replace(",", "")
        if number not in text:
            report("E_VALUE_MISMATCH", line, column, f"the text does not show the value {number}",
                   f"文字中没有数值 {number}")


def _check_coordinates(row: Row, line: int, report) -> None:
    lat, lon = row.get("lat"), row.get("lon")
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        report("E_HALF_COORDINATE", line, "lat", "latitude and longitude go together",
               "经度和纬度须同时填写")
        return
    (lat_lo, lat_hi), (lon_lo, lon_hi) = JINSHAN_BOUNDS["lat"], JINSHAN_BOUNDS["lon"]
    if not (lat_lo <= float(lat) <= lat_hi and lon_lo <= float(lon) <= lon_hi):
        report("E_OUTSIDE_JINSHAN", line, "lat", f"({lat}, {lon}) lies outside Jinshan",
               f"坐标 ({lat}, {lon}) 不在金山区范围内")
    if row.get("precision") is None:
        report("E_REQUIRED", line, "precision", "a location needs its precision",
               "有坐标时必须填写精度")


def check_foreign_keys(
    tables: Mapping[str, ValidatedTable], other_keys: Mapping[str, Iterable] | None = None,
    filenames: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every reference names an existing row, in these tables or in other_keys (the current DB)."""
    problems = []
    keys: dict[tuple[str, str], set] = {}

    def key_set(table_name: str, column: str) -> set:
        if (table_name, column) not in keys:
            if table_name in tables:
                values = {r.get(column) for r in tables[table_name].rows}
            else:
                values = set((other_keys or {}).get(f"{table_name}.{column}", ()))
            keys[(table_name, column)] = {str(v) for v in values if v is not None}
        return keys[(table_name, column)]

    for name, vt in tables.items():
        fname = (filenames or {}).get(name, f"{name}.csv")
        for fk in vt.table.foreign_keys:
            target = key_set(fk.table, fk.other)
            for index, row in enumerate(vt.rows):
                value = row.get(fk.column)
                if value is not None and str(value) not in target:
                    problems.append(Problem(
                        "E_MISSING_REFERENCE", fname, index + 2, fk.column,
                        f"{value!r} does not name a row of {fk.table}",
                        f"“{value}”在表 {fk.table} 中不存在"))
    return problems


def han_characters(text: str) -> bool:
    """True when the text contains Chinese characters (used by tests and reports)."""
    return bool(HAN.search(text))


def table_for(name: str) -> Table:
    return TABLES_BY_NAME[name]

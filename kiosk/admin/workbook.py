"""Reading staff workbooks (.xlsx from Excel/WPS) and CSV files into validated tables, cautiously.

Every problem names its sheet, spreadsheet row and column, with the CSV path's codes. A workbook is
an untrusted file: its size, entry count and unpacked size are bounded before openpyxl sees it,
files with macros are refused, links to other files are never followed, and formulas are read as
the values saved with them (a formula with no saved value, or one pointing at another file, is
refused).

Run as `python -m kiosk.admin.workbook check FILE` or `... to-csv FILE FOLDER` (the scripted path).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import re
import sys
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from kiosk.admin.template import README, header_name
from kiosk.data.packages import encode_table
from kiosk.data.removal import REMOVAL_SHARE, removal_problems, removed_count
from kiosk.data.schema import TABLES_BY_NAME
from kiosk.data.tables import (
    DecodeError,
    Row,
    TableFile,
    TableFormatError,
    check_extra_cells,
    check_swallowed_rows,
    csv_records,
    decode_table_bytes,
    format_problem_args,
)
from kiosk.data.validate import (
    MAX_ROWS_PER_TABLE,
    Problem,
    ValidatedTable,
    check_foreign_keys,
    validate_table_file,
)

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COLUMNS = 200
MAX_SHEET_ROWS = MAX_ROWS_PER_TABLE + 10_000  # rows read per sheet, blank ones included
WORKBOOK_SUFFIXES = (".xlsx",)
REFUSED_SUFFIXES = {
    ".xlsm": "macros", ".xltm": "macros", ".xlsb": "format", ".xls": "format", ".et": "format",
    ".ods": "format", ".ett": "format", ".xlt": "format",
}
_EXTERNAL = re.compile(r"\[\d+\]|'[^']*\[[^\]]+\]")  # [1]Sheet1!A1 or '[other.xlsx]Sheet'!A1


@dataclass
class Sheet:
    """Where one table came from: sheet (or file) name, column letters and each row's sheet row."""

    name: str
    letters: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the column names as read, in sheet order
    raw: list[dict[str, str]] = field(default_factory=list)  # cell texts, one dict per line


@dataclass
class StaffWorkbook:
    """A workbook or CSV set read and validated: tables by name, problems, and cell locations."""

    source: Path
    tables: dict[str, ValidatedTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheets: dict[str, Sheet] = field(default_factory=dict)  # table name -> its sheet

    def table_of_sheet(self, sheet: str) -> str | None:
        for name, info in self.sheets.items():
            if info.name == sheet:
                return name
        return None

    def cell(self, problem: Problem) -> str | None:
        """The cell reference (e.g. K5) a problem points at, when it names a row and a column."""
        name = self.table_of_sheet(problem.file)
        if name is None or problem.row is None or not problem.column:
            return None
        letter = self.sheets[name].letters.get(problem.column.split(",")[0])
        return f"{letter}{problem.row}" if letter else None

    def rows(self) -> dict[str, list[Row]]:
        return {name: vt.rows for name, vt in self.tables.items()}


def _problem(code: str, file: str, en: str, zh: str, row: int | None = None,
             column: str | None = None) -> Problem:
    return Problem(code, file, row, column, en, zh)


# ---- cells -------------------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """A spreadsheet value as the text the CSV path would read (numbers in plain form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _table_for_name(stem: str) -> str | None:
    """A table named by a file or sheet: its own name, or `<book>-<table>` as LibreOffice exports."""
    if stem in TABLES_BY_NAME:
        return stem
    for name in sorted(TABLES_BY_NAME, key=len, reverse=True):
        if stem.endswith("-" + name):
            return name
    return None


# ---- the zip container -------------------------------------------------------------------------

def container_problems(path: Path) -> list[Problem]:
    """Refuse before parsing: wrong kind of file, too large, too many or too large parts, macros."""
    name, suffix = path.name, path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        if REFUSED_SUFFIXES[suffix] == "macros":
            return [_problem("E_MACROS", name, "a workbook with macros is not read; save as .xlsx "
                             "(Excel workbook)", "不读取带宏的工作簿，请另存为 .xlsx（Excel 工作簿）")]
        return [_problem("E_NOT_XLSX", name, f"{suffix} files are not read; save as .xlsx "
                         "(Excel workbook)", f"不读取 {suffix} 文件，请另存为 .xlsx（Excel 工作簿）")]
    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        return [_problem("E_FILE_TOO_LARGE", name,
                         f"the workbook is {size:,} bytes; at most {MAX_WORKBOOK_BYTES:,} are read",
                         f"工作簿大小 {size:,} 字节，超过上限 {MAX_WORKBOOK_BYTES:,} 字节")]
    damaged = [_problem("E_NOT_XLSX", name, "not an .xlsx workbook, or the file is damaged",
                        "不是 .xlsx 工作簿，或文件已损坏")]
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return damaged
    names = {i.filename.lower() for i in infos}
    if "[content_types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        return damaged
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        return [_problem("E_FILE_TOO_LARGE", name, "the workbook unpacks to more than is allowed",
                         "工作簿解压后超过允许的大小")]
    if any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in names):
        return [_problem("E_MACROS", name, "the workbook contains macros; save it as .xlsx "
                         "(Excel workbook) without macros", "工作簿含有宏，请另存为不含宏的 .xlsx")]
    return []


# ---- reading -----------------------------------------------------------------------------------

@dataclass
class _RawSheet:
    table: str
    sheet: Sheet
    header: list[str]
    rows: list[dict[str, str]]


def _sheet_from_rows(table: str, sheet_name: str, rows: Iterable[tuple[int, list[str]]]) -> _RawSheet:
    """Header from the first row (bilingual cells reduced to the column name), blank rows skipped."""
    from openpyxl.utils import get_column_letter

    sheet = Sheet(sheet_name)
    header: list[str] = []
    out: list[dict[str, str]] = []
    for line, cells in rows:
        if line == 1:
            header = [header_name(c) for c in cells]
            while header and not header[-1]:
                header.pop()
            sheet.letters = {h: get_column_letter(i + 1) for i, h in enumerate(header) if h}
            continue
        if not any(c.strip() for c in cells):
            continue
        out.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
        sheet.lines.append(line)
        if len(out) > MAX_ROWS_PER_TABLE:
            break
    sheet.header, sheet.raw = [h for h in header if h], out
    return _RawSheet(table, sheet, sheet.header, out)


def _xlsx_sheets(path: Path, problems: list[Problem]) -> list[_RawSheet]:
    """Every table sheet's text cells: formulas as their saved values, never recalculated.

    The saved values are a second reading of the file, done only for sheets that have formulas.
    """
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    values = None
    out = []
    try:
        for title in formulas.sheetnames:
            table = _table_for_name(title)
            if table is None:
                if title != README and not title.startswith("说明"):
                    problems.append(_problem(
                        "E_UNKNOWN_TABLE", title, f"sheet {title!r} is not a table name; rename or "
                        "delete the sheet", f"工作表“{title}”不是表名，请改名或删除此工作表"))
                continue
            rows, pending = _xlsx_rows(formulas[title])
            if pending:
                if values is None:
                    values = load_workbook(path, read_only=True, data_only=True, keep_links=False)
                _saved_values(title, values[title], rows, pending, problems)
            out.append(_sheet_from_rows(table, title, rows))
    finally:
        formulas.close()
        if values is not None:
            values.close()
    return out


def _shown(value: object, number_format: object) -> str:
    """A cell's text; a number formatted as a percentage as shown (87.9% is stored as 0.879)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and "%" in str(number_format or ""):
        return f"{value * 100:.10g}%"
    return cell_text(value)


def _xlsx_rows(ws) -> tuple[list[tuple[int, list[str]]], dict[tuple[int, int], tuple[str, object]]]:
    """The sheet's rows as texts, and its formula cells: (line, index) -> (formula, number format)."""
    rows: list[tuple[int, list[str]]] = []
    pending: dict[tuple[int, int], tuple[str, object]] = {}
    data_rows = 0
    ws.reset_dimensions()  # the size a file states is not trusted: a wrong one would hide columns
    for line, cells in enumerate(itertools.islice(ws.iter_rows(), MAX_SHEET_ROWS), start=1):
        texts = []
        for index, cell in enumerate(cells[:MAX_COLUMNS]):
            if cell.value is None:
                texts.append("")
            elif getattr(cell, "data_type", None) == "f":
                pending[(line, index)] = (str(cell.value), getattr(cell, "number_format", None))
                texts.append("")
            else:
                texts.append(_shown(cell.value, getattr(cell, "number_format", None)))
        rows.append((line, texts))
        data_rows += line > 1 and any(t.strip() for t in texts)
        if data_rows > MAX_ROWS_PER_TABLE:
            break
    return rows, pending


def _saved_values(title: str, ws, rows: list[tuple[int, list[str]]],
                  pending: dict[tuple[int, int], tuple[str, object]], problems: list[Problem]) -> None:
    """Put the value saved with each formula in its place; refuse those without one or using files."""
    from openpyxl.utils import get_column_letter

    header = [header_name(t) for t in rows[0][1]] if rows else []
    lines = {line for line, _ in pending}
    by_line = dict(rows)
    last = max(lines)
    ws.reset_dimensions()
    for line, saved in enumerate(ws.iter_rows(max_row=last, values_only=True), start=1):
        if line not in lines:
            continue
        for index, value in enumerate(saved):
            if (line, index) not in pending:
                continue
            formula, number_format = pending[(line, index)]
            where = f"{get_column_letter(index + 1)}{line}"
            if _EXTERNAL.search(formula):
                problems.append(_problem(
                    "E_FORMULA", title, f"cell {where} is a formula using another file; type the "
                    "value itself", f"单元格 {where} 的公式引用了其他文件，请直接填写数值",
                    line, _at(header, index)))
            elif value is None:
                problems.append(_problem(
                    "E_FORMULA", title, f"cell {where} is a formula with no saved value; type the "
                    "value itself", f"单元格 {where} 是没有保存结果的公式，请直接填写数值",
                    line, _at(header, index)))
            else:
                by_line[line][index] = _shown(value, number_format)


def _at(header: list[str], index: int) -> str | None:
    return header[index] or None if index < len(header) else None


def _csv_sheet(path: Path, table: str, problems: list[Problem]) -> _RawSheet | None:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        problems.append(_problem("E_FILE_TOO_LARGE", path.name, "file is larger than allowed",
                                 "文件超过允许的大小"))
        return None
    try:
        text = decode_table_bytes(path.read_bytes())
    except DecodeError as exc:
        problems.append(_problem("E_ENCODING", path.name, f"not readable text ({exc}); save as CSV "
                                 "UTF-8", f"无法识别的文字编码（{exc}），请另存为“CSV UTF-8”", exc.line))
        return None
    try:  # the CSV path's own structure checks: overlong cells, stray quotes, extra cells
        return _sheet_from_rows(table, path.name, _checked_records(text, TABLES_BY_NAME[table]))
    except TableFormatError as err:
        problems.append(Problem(*format_problem_args(err, path.name)))
        return None


def _checked_records(text: str, table):
    """(record number, cells) as the CSV path reads them, header = record 1, TableFormatError as there."""
    header: list[str] | None = None
    records = csv_records(text.lstrip("\ufeff"), table)
    for number, (line, cells) in enumerate(itertools.islice(records, MAX_SHEET_ROWS), start=1):
        if header is None:
            header = [header_name(c) for c in cells]
            while header and not header[-1]:
                header.pop()
        elif any(c.strip() for c in cells):
            check_swallowed_rows(cells, line, number, header, table)
            check_extra_cells(cells, line, number, header)
        yield number, cells


def _csv_sheets(paths: Iterable[Path], problems: list[Problem]) -> list[_RawSheet]:
    out = []
    for path in sorted(paths):
        table = _table_for_name(path.stem)
        if table is None and path.stem.endswith(README):
            continue  # the Read me sheet, saved as CSV with the others
        if table is None:
            problems.append(_problem("E_UNKNOWN_TABLE", path.name, f"{path.stem!r} is not a table "
                                     "name; rename or remove the file", f"“{path.stem}”不是表名，"
                                     "请改名或移除此文件"))
            continue
        sheet = _csv_sheet(path, table, problems)
        if sheet is not None:
            out.append(sheet)
    return out


def read_workbook(path: Path) -> StaffWorkbook:
    """Read a .xlsx workbook, a .csv file or a folder of CSV files, and validate every table."""
    book = StaffWorkbook(path)
    try:
        if path.is_dir():
            raw = _csv_sheets([p for p in path.iterdir() if p.suffix.lower() == ".csv"
                               and not p.name.startswith((".", "~$"))], book.problems)
        elif path.suffix.lower() == ".csv":
            raw = _csv_sheets([path], book.problems)
        else:
            book.problems.extend(container_problems(path))
            if book.problems:
                return book
            raw = _xlsx_sheets(path, book.problems)
    except OSError as exc:
        book.problems.append(_problem("E_NOT_XLSX", path.name, f"cannot read the file: {exc}"[:200],
                                      "无法读取文件"))
        return book
    except Exception as exc:  # noqa: BLE001 - a damaged workbook may break the parser anywhere
        book.problems.append(_problem("E_NOT_XLSX", path.name, f"the workbook cannot be read "
                                      f"({type(exc).__name__}); save it again as .xlsx",
                                      "工作簿无法读取，请重新另存为 .xlsx"))
        return book
    for sheet in raw:
        if sheet.table in book.tables:
            book.problems.append(_problem("E_DUPLICATE_TABLE", sheet.sheet.name, f"table "
                                          f"{sheet.table} appears twice", f"表 {sheet.table} 出现两次"))
            continue
        vt = validate_table_file(TableFile(TABLES_BY_NAME[sheet.table], sheet.header, sheet.rows,
                                           sheet.sheet.name))
        book.sheets[sheet.table] = sheet.sheet
        vt.problems = [_located(p, sheet.sheet) for p in vt.problems]
        book.tables[sheet.table] = vt
        book.problems.extend(vt.problems)
    if not book.tables and not book.problems:
        book.problems.append(_problem("E_NO_TABLES", path.name, "no table sheets or files found",
                                      "未找到任何表格"))
    return book


def _located(problem: Problem, sheet: Sheet) -> Problem:
    """A validator problem's row (data row index + 2) turned into the sheet's own row number."""
    if problem.row is None or problem.row < 2 or problem.row - 2 >= len(sheet.lines):
        return problem
    return dataclasses.replace(problem, row=sheet.lines[problem.row - 2])


# ---- checks against the installed content ------------------------------------------------------

def reference_problems(book: StaffWorkbook, current: Mapping[str, list[Row]] | None) -> list[Problem]:
    """Every reference names a row of the workbook, or of the installed content for absent tables."""
    combined = dict(book.tables)
    filenames = {name: book.sheets[name].name for name in book.tables}
    for name, rows in (current or {}).items():
        if name not in combined:
            combined[name] = ValidatedTable(TABLES_BY_NAME[name], rows, [])
            filenames[name] = f"{name} (installed)"
    out = []
    for problem in check_foreign_keys(combined, filenames=filenames):
        name = book.table_of_sheet(problem.file)
        out.append(_located(problem, book.sheets[name]) if name else problem)
    return out


def removal_check(book: StaffWorkbook, current: Mapping[str, list[Row]] | None,
                  allow: Iterable[str] = ()) -> list[Problem]:
    """E_REMOVAL (the package builder's rule) worded for the studio, where a tick allows it."""
    out = []
    for problem in removal_problems(book.tables, current, allow):
        name = problem.file.removesuffix(".csv")
        before = len((current or {}).get(name, []))
        removed = removed_count(name, (current or {}).get(name, []), book.tables[name].rows)
        share = f"{removed / before:.0%}" if before else "100%"
        out.append(_problem(
            "E_REMOVAL", book.sheets[name].name,
            f"would remove {removed} of the {before} rows now installed ({share}); more than "
            f"{REMOVAL_SHARE:.0%} needs your confirmation (check the whole table is in the sheet)",
            f"将删除现有 {before} 行中的 {removed} 行（{share}）；删除超过 {REMOVAL_SHARE:.0%} 须另行确认"
            "（请确认工作表中是完整的表）"))
    return out


def all_problems(book: StaffWorkbook, current: Mapping[str, list[Row]] | None,
                 allow: Iterable[str] = ()) -> list[Problem]:
    """Cell problems first; references and removals only once every cell is right."""
    if book.problems:
        return list(book.problems)
    return reference_problems(book, current) + removal_check(book, current, allow)


def write_csv_folder(book: StaffWorkbook, folder: Path) -> list[Path]:
    """Each table as the package's UTF-8 CSV, ready for `python -m kiosk.admin build`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, vt in sorted(book.tables.items()):
        path = folder / f"{name}.csv"
        path.write_bytes(encode_table(vt))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    from kiosk.data.diff import read_database_rows

    parser = argparse.ArgumentParser(prog="python -m kiosk.admin.workbook",
                                     description="check a staff workbook, or turn it into CSV files")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="list every problem with sheet, row and column")
    convert = sub.add_parser("to-csv", help="write each table as UTF-8 CSV (for kiosk.admin build)")
    for p in (check, convert):
        p.add_argument("workbook", type=Path)
        p.add_argument("--against", type=Path, help="content database to check references with")
    convert.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    book = read_workbook(args.workbook)
    current = read_database_rows(args.against) if args.against else None
    problems = book.problems or reference_problems(book, current)
    for problem in problems:
        cell = book.cell(problem)
        print(f"  {problem}" + (f" [{problem.file}!{cell}]" if cell else ""), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) / 发现 {len(problems)} 处错误", file=sys.stderr)
        return 1
    if args.command == "to-csv":
        for path in write_csv_folder(book, args.folder):
            print(f"wrote {path}")
    else:
        print("OK: " + ", ".join(f"{n} {len(vt.rows)}" for n, vt in sorted(book.tables.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

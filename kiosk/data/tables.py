"""Reading table files (CSV from Excel/WPS or from db/) into typed rows, with a fixed decoding rule."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.data.schema import FLOAT, INT, TABLES_BY_NAME, Table

Row = dict[str, object]


class DecodeError(ValueError):
    """A table file whose bytes are not text in one of the accepted encodings."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def decode_table_bytes(data: bytes) -> str:
    """Decode by a fixed rule, never a guess: UTF-8 (BOM or not), UTF-16 with BOM, strict GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _strict(data, "gb18030")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding != "utf-16" else None
        raise DecodeError(f"not valid {encoding} text at byte {exc.start}", line) from None


MAX_MAGNITUDE = 1e15  # above any real figure here, and exact in both SQLite INTEGER and REAL
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


# Characters that change how text is shown without being seen: bidi overrides/isolates/marks,
# zero-width spaces and joiners, word joiner and invisible operators, a BOM inside text.
HIDDEN_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def hidden_characters(text: str) -> list[str]:
    """The invisible or direction-changing characters in text, named as U+XXXX NAME (once each)."""
    if not HIDDEN_CHARS.search(text):  # nearly every cell: no list, no import statement per cell
        return []
    import unicodedata

    return [f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip()
            for c in dict.fromkeys(HIDDEN_CHARS.findall(text))]


def strip_hidden(text: str) -> str:
    return HIDDEN_CHARS.sub("", text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A value for a CSV staff open in Excel/WPS: text that would run as a formula gets a leading '.

    Numbers stay numbers; only text starting with =, +, -, @, tab or carriage return is changed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class TableFormatError(ValueError):
    """A table file whose CSV structure cannot be trusted (E_QUOTE, E_CELL_TOO_LONG): where and why."""

    def __init__(self, code: str, row: int | None, column: str | None, en: str, zh: str):
        super().__init__(en)
        self.code, self.row, self.column, self.message_en, self.message_zh = code, row, column, en, zh


# The csv module's own cell limit; a longer cell is refused rather than crashing the reader.
MAX_FIELD_CHARS = 131_072


def parse_csv_text(text: str, table: Table | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """Split CSV text into a header and raw string rows (Excel's \\r\\n and a trailing BOM handled).

    TableFormatError when a stray quote swallowed rows (E_QUOTE) or a cell is too long to read;
    given the table, a swallowed row is recognised by its numbers and choices too.
    """
    header: list[str] | None = None
    out: list[dict[str, str]] = []
    for line, cells in csv_records(text.lstrip("\ufeff"), table):
        if header is None:
            header = [h.strip() for h in cells]
            if any("\n" in h or "\r" in h for h in header):
                raise quote_error(line, 1)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        check_swallowed_rows(cells, line, len(out) + 2, header, table)
        check_extra_cells(cells, line, len(out) + 2, header)
        out.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
    return header or [], out


def csv_records(text: str, table: Table | None = None):
    """Yield (physical line where the record starts, cells); TableFormatError for an overlong cell."""
    reader = csv.reader(physical_lines(text))
    start, records, header = 1, 0, None
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise locate_long_cell(text, start, records + 1, header, table) from exc
        yield start, cells
        if header is None:
            header = [h.strip() for h in cells]
        if any(cell.strip() for cell in cells):
            records += 1
        start = reader.line_num + 1


def physical_lines(text: str):
    """The lines of text with their endings, one at a time (no second copy of a 64 MB file)."""
    end = "\n" if "\n" in text or "\r" not in text else "\r"  # "\r" alone: old Mac files
    start = 0
    while start < len(text):
        stop = text.find(end, start)
        stop = len(text) if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def check_swallowed_rows(cells: list[str], line: int, row: int, header: list[str],
                         table: Table | None = None) -> None:
    """E_QUOTE when a cell holds a line break followed by what parses as a row of the table.

    A stray opening quote makes the reader take every following line, up to the next quote, as one
    cell: the file still "reads", but with rows missing. A real multi-line note does not contain a
    line with exactly as many cells as the table has columns, its numbers and choices in place.
    """
    opened = line
    for cell in cells:
        breaks = cell.count("\n") or cell.count("\r")
        if breaks and swallows_rows(cell, header, table):
            raise quote_error(opened, row)
        opened += breaks


def swallows_rows(cell: str, header: list[str], table: Table | None) -> bool:
    """True when a line after the first in cell reads as a row (the last one may be cut by a quote)."""
    parts = re.split(r"\r\n|\r|\n", cell)[1:]
    for index, part in enumerate(parts):
        fields = next(csv.reader([part]), [])
        cut = index == len(parts) - 1 and len(header) // 2 < len(fields) < len(header)
        if (len(fields) == len(header) or cut) and looks_like_row(fields, header, table):
            return True
    return False


def looks_like_row(fields: list[str], header: list[str], table: Table | None) -> bool:
    """Fields that fit the header: key columns filled, numbers numeric, choices among the allowed."""
    if len(header) < 2:
        return False
    if table is None:
        return len(fields) == len(header)
    for name, value in zip(header, fields, strict=False):
        if name not in table.column_names:
            continue
        col, text = table.column(name), value.strip()
        if name in table.pk and not text:
            return False
        if text and col.type in (INT, FLOAT) and not _NUMBER.match(text.replace(",", "")):
            return False
        if text and col.choices and text not in col.choices:
            return False
        if name.endswith("_en") and _CJK.search(text):
            return False
    return True


def check_extra_cells(cells: list[str], line: int, row: int, header: list[str]) -> None:
    """E_EXTRA_CELLS when a row has filled cells beyond the header's columns (they would be dropped)."""
    extra = [cell for cell in cells[len(header):] if cell.strip()]
    if extra:
        raise TableFormatError(
            "E_EXTRA_CELLS", row, None,
            f"line {line} has {len(cells)} cells but the header has {len(header)} columns, so "
            f"{extra[0][:30]!r} would be lost; a comma in a number or text without quotes, a stray "
            "quote, or a column without a header?",
            f"第 {line} 行有 {len(cells)} 个单元格，而表头只有 {len(header)} 列，“{extra[0][:30]}”将丢失；"
            "请检查数字或文字中的逗号、多余的引号，或缺少列名的列")


def quote_error(line: int, row: int) -> TableFormatError:
    return TableFormatError(
        "E_QUOTE", row, None,
        f"a quote (\") opened on line {line} is not closed where it should be, so the lines after "
        f"it were read as one cell and rows would be lost; remove the stray quote on line {line} "
        "or close it",
        f"第 {line} 行有一个引号（\"）没有在应有的位置结束，其后各行被读成了一个单元格，会丢失数据行；"
        f"请删除或补全第 {line} 行的引号")


def locate_long_cell(text: str, line: int, row: int, header: list[str] | None,
                     table: Table | None = None) -> TableFormatError:
    """Find the cell of the record starting at line that exceeds MAX_FIELD_CHARS, scanning only it."""
    offset, end = 0, "\n" if "\n" in text or "\r" not in text else "\r"
    for _ in range(line - 1):
        offset = text.find(end, offset) + 1
    column, length, quoted, opened, current = 0, 0, False, line, line
    in_quotes, at_start, i, n = False, True, offset, len(text)
    while i < n and length <= MAX_FIELD_CHARS:
        ch = text[i]
        i += 1
        if in_quotes:
            if ch == '"':
                if i < n and text[i] == '"':
                    i += 1
                    length += 1
                else:
                    in_quotes = False
                continue
            length += 1
            current += ch == end
            continue
        if ch == '"' and at_start:
            in_quotes, quoted, opened, at_start = True, True, current, False
        elif ch == ",":
            column, length, quoted, at_start = column + 1, 0, False, True
        elif ch in "\r\n":
            break
        else:
            length, at_start = length + 1, False
    if quoted and header and swallows_rows(text[offset:i], header, table):
        return quote_error(opened, row)
    name = header[column].strip() if header and column < len(header) else f"#{column + 1}"
    return TableFormatError(
        "E_CELL_TOO_LONG", row, name,
        f"a cell is longer than {MAX_FIELD_CHARS:,} characters (line {opened}); check the file "
        "was exported from the right sheet",
        f"单元格超过 {MAX_FIELD_CHARS:,} 个字符（第 {opened} 行）；请检查导出的工作表是否正确")




def convert_cell(table: Table, column: str, raw: str) -> object:
    """Turn one cell into the stored value: None for empty, int/float for numeric columns."""
    text = raw.strip()
    if text == "":
        return None
    col = table.column(column)
    if col.type in (INT, FLOAT):
        cleaned = text.replace(",", "")
        if not _NUMBER.match(cleaned):
            raise ValueError(f"not a number: {text!r}")
        number = float(cleaned)
        if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise ValueError(f"number out of range: {text!r}")  # 1e400 would become inf
        if col.type == INT:
            if number != int(number):
                raise ValueError(f"not a whole number: {text!r}")
            return int(number)
        return number
    return raw.strip() if col.name.endswith(("_zh", "_en")) else text


@dataclass
class TableFile:
    """A table file read from disk: its raw header and rows, before validation."""

    table: Table
    header: list[str]
    rows: list[dict[str, str]]
    filename: str


def read_table_file(path: Path, table_name: str | None = None) -> TableFile:
    """Read a CSV table file; the table is named by the file's stem unless given."""
    name = table_name or path.stem
    table = TABLES_BY_NAME[name]
    header, rows = parse_csv_text(decode_table_bytes(path.read_bytes()), table)
    return TableFile(table, header, rows, path.name)


def format_problem_args(err: TableFormatError, filename: str) -> tuple:
    """The Problem fields (code, file, row, column, en, zh) for a structure error in filename."""
    return err.code, filename, err.row, err.column, err.message_en, err.message_zh


def source_table_paths(source_dir: Path) -> dict[str, Path]:
    """The CSV files in a source folder that name a known table."""
    return {p.stem: p for p in sorted(source_dir.glob("*.csv")) if p.stem in TABLES_BY_NAME}

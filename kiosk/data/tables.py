"""Reading table files (CSV from Excel/WPS or from db/) into typed rows, with a fixed decoding rule."""

from __future__ import annotations

import csv
import io
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


def parse_csv_text(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Split CSV text into a header and raw string rows (Excel's \\r\\n and a trailing BOM handled)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows = [r for r in reader]
    if not rows:
        return [], []
    header = [h.strip() for h in rows[0]]
    out = []
    for r in rows[1:]:
        if not any(cell.strip() for cell in r):
            continue
        out.append({h: (r[i] if i < len(r) else "") for i, h in enumerate(header)})
    return header, out


MAX_MAGNITUDE = 1e15  # above any real figure here, and exact in both SQLite INTEGER and REAL
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


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
    header, rows = parse_csv_text(decode_table_bytes(path.read_bytes()))
    return TableFile(table, header, rows, path.name)


def source_table_paths(source_dir: Path) -> dict[str, Path]:
    """The CSV files in a source folder that name a known table."""
    return {p.stem: p for p in sorted(source_dir.glob("*.csv")) if p.stem in TABLES_BY_NAME}

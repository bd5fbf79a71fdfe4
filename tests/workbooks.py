"""Making and editing staff workbooks in tests, the way staff would in a spreadsheet program."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from kiosk.admin.template import header_name, write_template
from kiosk.data.diff import GENERATED_META, read_database_rows


def make_template(path: Path, content_db: Path) -> Path:
    return write_template(path, read_database_rows(content_db))


def canonical(rows_by_table) -> dict:
    """Rows per table in a form that ignores order and the build's own meta entries."""
    out = {}
    for name, rows in rows_by_table.items():
        if name == "meta":
            rows = [r for r in rows if r.get("key") not in GENERATED_META]
        out[name] = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)
    return out


def find_row(ws, column: str, value: str) -> int:
    letter = column_letter(ws, column)
    for row in range(2, ws.max_row + 1):
        if str(ws[f"{letter}{row}"].value) == value:
            return row
    raise KeyError(value)


def column_letter(ws, column: str) -> str:
    for cell in ws[1]:
        if header_name(cell.value) == column:
            return cell.column_letter
    raise KeyError(column)


def edit(path: Path, sheet: str, key_column: str, key: str, column: str, value, out: Path | None = None
         ) -> str:
    """Set one cell (row found by its key) and save; returns the cell reference, e.g. K5."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    ref = f"{column_letter(ws, column)}{find_row(ws, key_column, key)}"
    ws[ref] = value
    wb.save(out or path)
    return ref


def with_cached_value(path: Path, sheet_index: int, ref: str, cached: str) -> None:
    """Give a formula cell the value a spreadsheet program saves with it (openpyxl writes none)."""
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v>[^<]*</v>|<v/>)?',
                                  rf"\1\2<v>{cached}</v>", text)
                assert n == 1, f"{ref} not found"
                data = text.encode("utf-8")
            dst.writestr(info, data)
    shutil.move(tmp, path)


# ---- LibreOffice: a real spreadsheet program re-saving the template -----------------------------
# CSV filter options: comma, double quote, character set 67 (GBK), from line 1, cells as stored
# (not as shown), every sheet to its own <name>-<sheet>.csv file (LibreOffice 7.2 and later).
GBK_CSV = "csv:Text - txt - csv (StarCalc):44,34,67,1,,0,false,true,false,false,false,-1"
FIXTURES = Path(__file__).resolve().parent / "data" / "libreoffice"


def resave_with_libreoffice(template: Path, out: Path) -> tuple[Path, Path]:
    """Re-save the template with soffice as .xlsx and as GBK CSV files: (xlsx, csv folder)."""
    import subprocess
    import tempfile

    (out / "xlsx").mkdir(parents=True, exist_ok=True)
    (out / "gbk-csv").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        for target, folder in (("xlsx", "xlsx"), (GBK_CSV, "gbk-csv")):
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                            "--convert-to", target, "--outdir", str(out / folder), str(template)],
                           check=True, capture_output=True, timeout=300)
    return out / "xlsx" / template.name, out / "gbk-csv"


if __name__ == "__main__":  # regenerate the committed fixtures: python -m tests.workbooks DB
    import sys

    FIXTURES.mkdir(parents=True, exist_ok=True)
    original = make_template(FIXTURES / "template.xlsx", Path(sys.argv[1]))
    resave_with_libreoffice(original, FIXTURES)
    print(f"wrote {FIXTURES}")

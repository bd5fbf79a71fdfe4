"""The staff workbook template, generated from the schema: one sheet per table, current content in it.

Run as `python -m kiosk.admin.template OUT.xlsx [--db CONTENT.sqlite]` (`make template`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from kiosk.admin.labels import column_rules, column_zh, table_zh
from kiosk.config import JINSHAN_BOUNDS
from kiosk.data.diff import GENERATED_META
from kiosk.data.schema import FLOAT, INT, TABLES, TABLES_BY_NAME, TEXT_EN, TEXT_ZH, Column, Table
from kiosk.data.tables import MAX_MAGNITUDE, Row
from kiosk.data.validate import YEARS

README = "说明 Read me"  # "/" is not allowed in sheet names
SPARE_ROWS = 500  # rows below the content that still carry the data validation
REQUIRED_FILL = "FFE0B2"
OPTIONAL_FILL = "E8EAED"
LIST_CHARS = 250  # Excel's limit for an inline list is 255 characters


def header_text(col: Column) -> str:
    """Chinese label over the column's own name; the importer reads the last line."""
    return f"{column_zh(col)}\n{col.name}"


def header_name(cell: object) -> str:
    """The schema column named by a header cell (bilingual template header or a bare name)."""
    text = "" if cell is None else str(cell)
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    return lines[-1] if lines else ""


def key_column_letter(table: Table, column: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(table.column_names.index(column) + 1)


def _validation(table: Table, col: Column, rows: list[Row], sizes: Mapping[str, int]):
    """The data validation staff get in the spreadsheet program (the importer checks again)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    def make(kind: str, *, formula1: str, formula2: str | None = None, operator: str | None = None,
             style: str = "stop", en: str, zh: str) -> DataValidation:
        dv = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator,
                            allow_blank=True, showErrorMessage=True, errorStyle=style,
                            errorTitle="不符合要求 / Not allowed", error=f"{zh}\n{en}",
                            showInputMessage=False)
        return dv

    if col.choices:
        return make("list", formula1='"' + ",".join(col.choices) + '"',
                    en="Choose one of: " + ", ".join(col.choices),
                    zh="请从列表中选择：" + "、".join(col.choices))
    for fk in table.foreign_keys:
        if fk.column == col.name:
            other = TABLES_BY_NAME[fk.table]
            letter = key_column_letter(other, fk.other)
            last = sizes.get(fk.table, 0) + 1 + SPARE_ROWS
            return make("list", formula1=f"{fk.table}!${letter}$2:${letter}${last}",
                        en=f"Choose a {fk.other} from the {fk.table} sheet",
                        zh=f"请从“{fk.table}”工作表的 {fk.other} 列中选择")
    if col.name == "kind":  # free kinds (pois): offer the ones in use, allow new ones after a warning
        used = sorted({str(r.get(col.name)) for r in rows if r.get(col.name) is not None})
        if used and len(",".join(used)) <= LIST_CHARS:
            return make("list", formula1='"' + ",".join(used) + '"', style="warning",
                        en="Not a kind in use yet; keep it only if it is a new kind",
                        zh="这不是已有的类别；确为新类别才保留")
    if col.name == "year" or col.name.endswith("_year"):
        return make("whole", formula1=str(YEARS[0]), formula2=str(YEARS[1]), operator="between",
                    en=f"A year from {YEARS[0]} to {YEARS[1]}", zh=f"年份须在 {YEARS[0]}–{YEARS[1]} 之间")
    if col.name in JINSHAN_BOUNDS:
        lo, hi = JINSHAN_BOUNDS[col.name]
        return make("decimal", formula1=str(lo), formula2=str(hi), operator="between",
                    en=f"Inside Jinshan: {lo} to {hi}", zh=f"须在金山区范围内：{lo}–{hi}")
    if col.type == INT:
        return make("whole", formula1=str(int(-MAX_MAGNITUDE)), formula2=str(int(MAX_MAGNITUDE)),
                    operator="between", en="A whole number", zh="请填写整数")
    if col.type == FLOAT:
        return make("decimal", formula1=str(-MAX_MAGNITUDE), formula2=str(MAX_MAGNITUDE),
                    operator="between", en="A number (no units, no text)", zh="请填写数字（不带单位和文字）")
    return None


def _note(col: Column) -> str:
    en, zh = column_rules(col)
    lines = [col.name, zh, en]
    if col.doc:
        lines.append(col.doc)
    return "\n".join(line for line in lines if line)


def _width(col: Column) -> float:
    if col.type in (INT, FLOAT):
        return 12
    if col.type in (TEXT_ZH, TEXT_EN):
        return 28
    return 16


def write_table_sheet(ws, table: Table, rows: list[Row], sizes: Mapping[str, int]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for index, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=index, value=header_text(col))
        cell.font, cell.alignment = bold, wrap
        cell.fill = PatternFill("solid", fgColor=REQUIRED_FILL if col.required else OPTIONAL_FILL)
        comment = Comment(_note(col), "kiosk")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        ws.column_dimensions[get_column_letter(index)].width = _width(col)
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "A2"
    for r, row in enumerate(rows, start=2):
        for index, col in enumerate(table.columns, start=1):
            value = row.get(col.name)
            if value is None:
                continue
            cell = ws.cell(row=r, column=index, value=value if col.type in (INT, FLOAT) else str(value))
            if col.type not in (INT, FLOAT):
                cell.number_format = "@"  # codes such as 4.1 or 001 stay text when edited
    last = len(rows) + 1 + SPARE_ROWS
    for index, col in enumerate(table.columns, start=1):
        dv = _validation(table, col, rows, sizes)
        if dv is not None:
            letter = get_column_letter(index)
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)


README_LINES = (
    ("金山区信息亭内容工作簿", "Jinshan kiosk content workbook"),
    ("", ""),
    ("每个工作表是一张内容表，表名即工作表名（不要改名）。",
     "Each sheet is one content table, named after it (do not rename)."),
    ("第 1 行是表头：上面是中文名称，下面是列名（不要修改）。鼠标停在表头上可看到填写规则。",
     "Row 1 is the header: the Chinese label over the column name (do not change it). "
     "Hover over a header for its rules."),
    ("橙色表头为必填列，灰色为选填列。", "Orange headers are required columns, grey ones optional."),
    ("有下拉列表的列只能从列表中选择；数字列只填数字，不带单位，也不带 %（87.9% 请填 87.9）；年份在 "
     "1949–2100 之间。",
     "Columns with a drop-down take a value from the list; number columns take numbers only, no "
     "units and no % (for 87.9% type 87.9); years are 1949-2100."),
    ("中文和英文要成对填写：只填一种语言会被指出。英文列中不能有中文字符。",
     "Chinese and English go in pairs: one language alone is reported. English columns may not "
     "contain Chinese characters."),
    ("不要使用公式、宏或指向其他文件的链接：公式只读取保存时的计算结果，带宏的文件会被拒绝。",
     "Do not use formulas, macros or links to other files: formulas are read as the value saved "
     "with them, files with macros are refused."),
    ("删除的行会从信息亭上删除；删除一张表的大部分内容需要在工作室中另行确认。",
     "Rows you delete are removed from the kiosk; removing most of a table needs a separate "
     "confirmation in the studio."),
    ("保存为 .xlsx（Excel 或 WPS），然后在“内容工作室”中打开：检查问题、预览、签名并写入 U 盘。",
     "Save as .xlsx (Excel or WPS), then open it in the content studio: check, preview, sign and "
     "write to the USB stick."),
    ("", ""),
)


def write_readme(ws, sizes: Mapping[str, int]) -> None:
    from openpyxl.styles import Alignment, Font

    for r, (zh, en) in enumerate(README_LINES, start=1):
        ws.cell(row=r, column=1, value=zh or None)
        ws.cell(row=r, column=2, value=en or None)
    ws["A1"].font = ws["B1"].font = Font(bold=True, size=14)
    start = len(README_LINES) + 1
    for c, text in enumerate(("工作表 / sheet", "中文名称", "what it holds", "行数 / rows"), start=1):
        ws.cell(row=start, column=c, value=text).font = Font(bold=True)
    for r, table in enumerate(TABLES, start=start + 1):
        ws.cell(row=r, column=1, value=table.name)
        ws.cell(row=r, column=2, value=table_zh(table))
        ws.cell(row=r, column=3, value=table.doc)
        ws.cell(row=r, column=4, value=sizes.get(table.name, 0))
    widths = {"A": 44, "B": 60, "C": 70, "D": 12}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                lines = max(lines, -(-_display_width(cell.value) // widths[cell.column_letter]))
        if lines > 1:  # spreadsheet programs do not grow wrapped rows by themselves on opening
            ws.row_dimensions[row[0].row].height = 15 * lines + 2


def _display_width(text: str) -> int:
    """Width in character cells: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def template_rows(rows_by_table: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    """Rows as staff see them: the build's own meta entries left out, table order kept by key."""
    out = {}
    for table in TABLES:
        rows = list(rows_by_table.get(table.name, []))
        if table.name == "meta":
            rows = [r for r in rows if r.get("key") not in GENERATED_META]
        out[table.name] = sorted(rows, key=lambda r, t=table: _sort_key(t, r))
    return out


def _sort_key(table: Table, row: Row) -> tuple:
    key = []
    for name in ("seq", *table.pk):
        value = row.get(name) if name in table.column_names else None
        key.append((0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value)))
    return tuple(key)


def write_template(path: Path, rows_by_table: Mapping[str, list[Row]]) -> Path:
    """Write the workbook: the Read me sheet first, then one sheet per table with its rows."""
    from openpyxl import Workbook

    rows = template_rows(rows_by_table)
    sizes = {name: len(r) for name, r in rows.items()}
    wb = Workbook()
    readme = wb.active
    readme.title = README
    write_readme(readme, sizes)
    for table in TABLES:
        write_table_sheet(wb.create_sheet(table.name), table, rows[table.name], sizes)
    wb.properties.title = "Jinshan kiosk content / 金山区信息亭内容"
    wb.properties.creator = "jinshan-kiosk"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    from kiosk.config import FACTORY_DB
    from kiosk.data.diff import read_database_rows

    parser = argparse.ArgumentParser(prog="python -m kiosk.admin.template",
                                     description="write the staff workbook template (.xlsx)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path, default=FACTORY_DB,
                        help="content database whose rows pre-fill the sheets")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"{args.db}: no content database (make db) / 没有内容数据库", file=sys.stderr)
        return 1
    write_template(args.out, read_database_rows(args.db))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

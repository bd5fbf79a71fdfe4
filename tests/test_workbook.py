"""The staff workbook: a template made from the schema, read back with every problem located."""

from __future__ import annotations

import zipfile

import pytest

from kiosk.admin import workbook as wbmod
from kiosk.admin.template import README
from kiosk.admin.workbook import all_problems, read_workbook, write_csv_folder
from kiosk.data.diff import read_database_rows
from kiosk.data.packages import validate_table_bytes
from kiosk.data.schema import TABLES
from tests.staffcli import ROOT, make_office, run_module
from tests.workbooks import canonical, column_letter, edit, make_template, with_cached_value

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def template(tmp_path, content_db):
    return make_template(tmp_path / "content.xlsx", content_db)


def test_the_template_reads_back_as_exactly_the_installed_content(template, content_db):
    book = read_workbook(template)
    assert book.problems == []
    assert canonical(book.rows()) == canonical(read_database_rows(content_db))


def test_the_template_has_a_read_me_and_one_bilingual_sheet_per_table(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [README, *(t.name for t in TABLES)]
    readme = "\n".join(str(c.value) for row in wb[README].iter_rows() for c in row if c.value)
    assert "第 1 行是表头" in readme and "Row 1 is the header" in readme and "facilities" in readme
    ws = wb["facilities"]
    assert ws["A1"].value == "编号\nid"
    assert ws[f"{column_letter(ws, 'name_en')}1"].value == "名称（英文）\nname_en"
    note = ws[f"{column_letter(ws, 'status')}1"].comment.text
    assert "必填" in note and "planned" in note and "required" in note
    assert ws.freeze_panes == "A2"


def validations(ws) -> dict[str, object]:
    """Column letter -> the data validation covering it."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    return out


def test_the_template_carries_lists_and_ranges_for_staff(template):
    wb = openpyxl.load_workbook(template)
    fac = validations(wb["facilities"])
    status = fac[column_letter(wb["facilities"], "status")]
    assert status.type == "list" and status.formula1 == '"planned,under_construction,open,unknown"'
    town = fac[column_letter(wb["facilities"], "town_id")]
    assert town.type == "list" and town.formula1.startswith("towns!$A$2:$A$")
    assert fac[column_letter(wb["facilities"], "lat")].formula1 == "30.6"
    assert validations(wb["indicators"])[column_letter(wb["indicators"], "kind")].formula1 == \
        '"expected,binding"'
    year = validations(wb["indicator_values"])[column_letter(wb["indicator_values"], "year")]
    assert (year.type, year.formula1, year.formula2) == ("whole", "1949", "2100")
    value = validations(wb["indicator_values"])[column_letter(wb["indicator_values"], "value")]
    assert value.type == "decimal"


def test_a_wrong_cell_is_named_by_sheet_row_and_column_with_the_csv_code(template, tmp_path):
    ref = edit(template, "indicator_values", "year", "2022", "value", "86,6 %")
    book = read_workbook(template)
    assert [(p.code, p.file, p.row, p.column) for p in book.problems] == [
        ("E_NOT_A_NUMBER", "indicator_values", int(ref[1:]), "value")]
    assert book.cell(book.problems[0]) == ref
    csv_text = (ROOT / "db" / "indicator_values.csv").read_text(encoding="utf-8").replace(
        ",86.6,", ',"86,6 %",')
    csv_codes = [p.code for p in validate_table_bytes("indicator_values", csv_text.encode(),
                                                      "indicator_values.csv").problems]
    assert csv_codes == ["E_NOT_A_NUMBER"]


def test_blank_rows_do_not_shift_the_reported_row(template):
    wb = openpyxl.load_workbook(template)
    ws = wb["towns"]
    ws.insert_rows(3, amount=2)  # two empty rows between the first and second town
    letter = column_letter(ws, "kind")
    ws[f"{letter}6"] = "village"
    wb.save(template)
    problems = read_workbook(template).problems
    assert [(p.code, p.file, p.row, p.column) for p in problems] == [
        ("E_BAD_CHOICE", "towns", 6, "kind")]


def test_references_and_removals_are_checked_against_the_installed_content(template, content_db):
    current = read_database_rows(content_db)
    ref = edit(template, "facilities", "id", "11157-fc-shihua", "town_id", "nowhere")
    problems = all_problems(read_workbook(template), current)
    assert [(p.code, p.file, p.column) for p in problems] == [
        ("E_MISSING_REFERENCE", "facilities", "town_id")]
    assert read_workbook(template).cell(problems[0]) == ref
    edit(template, "facilities", "id", "11157-fc-shihua", "town_id", "shihua")
    wb = openpyxl.load_workbook(template)
    wb["facilities"].delete_rows(2, 20)
    wb.save(template)
    book = read_workbook(template)
    removal = all_problems(book, current)
    assert [p.code for p in removal] == ["E_REMOVAL"]
    assert f"would remove 20 of the {len(current['facilities'])}" in removal[0].message_en
    assert all_problems(book, current, allow=["facilities"]) == []


def test_an_unknown_sheet_is_reported_and_the_read_me_is_not(template):
    wb = openpyxl.load_workbook(template)
    wb.create_sheet("Sheet1")["A1"] = "notes"
    wb.save(template)
    assert [(p.code, p.file) for p in read_workbook(template).problems] == [
        ("E_UNKNOWN_TABLE", "Sheet1")]


def test_formulas_are_read_as_saved_values_or_refused(template):
    wb = openpyxl.load_workbook(template)
    index = wb.sheetnames.index("indicator_values") + 1
    ws = wb["indicator_values"]
    ref = f"{column_letter(ws, 'value')}3"
    ws[ref] = "=80+6.6"
    wb.save(template)
    problems = read_workbook(template).problems
    assert [(p.code, p.row, p.column) for p in problems][0] == ("E_FORMULA", 3, "value")
    assert read_workbook(template).cell(problems[0]) == ref
    assert f"{ref} is a formula with no saved value" in problems[0].message_en
    with_cached_value(template, index, ref, "86.6")
    book = read_workbook(template)
    assert book.problems == [] and 86.6 in [r["value"] for r in book.tables["indicator_values"].rows]
    wb = openpyxl.load_workbook(template)
    wb["indicator_values"][ref] = "=[1]Sheet1!A1"
    wb.save(template)
    with_cached_value(template, index, ref, "86.6")
    problems = read_workbook(template).problems
    assert [p.code for p in problems][0] == "E_FORMULA" and "another file" in problems[0].message_en


def test_macros_other_formats_damaged_and_oversized_files_are_refused(template, tmp_path, monkeypatch):
    xlsm = tmp_path / "content.xlsm"
    xlsm.write_bytes(template.read_bytes())
    assert [p.code for p in read_workbook(xlsm).problems] == ["E_MACROS"]
    with_vba = tmp_path / "vba.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(with_vba, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert [p.code for p in read_workbook(with_vba).problems] == ["E_MACROS"]
    for name, body in (("old.xls", b"\xd0\xcf\x11\xe0"), ("fake.xlsx", b"id,name\n1,2\n"),
                       ("wps.et", b"\xd0\xcf\x11\xe0")):
        (tmp_path / name).write_bytes(body)
        assert [p.code for p in read_workbook(tmp_path / name).problems] == ["E_NOT_XLSX"], name
    monkeypatch.setattr(wbmod, "MAX_WORKBOOK_BYTES", 1000)
    assert [p.code for p in read_workbook(template).problems] == ["E_FILE_TOO_LARGE"]
    monkeypatch.setattr(wbmod, "MAX_WORKBOOK_BYTES", 10**9)
    monkeypatch.setattr(wbmod, "MAX_UNPACKED_BYTES", 10_000)  # a zip bomb's unpacked size
    problems = read_workbook(template).problems
    assert [p.code for p in problems] == ["E_FILE_TOO_LARGE"] and "unpacks" in problems[0].message_en


def test_a_folder_of_csv_files_reads_like_the_workbook(template, tmp_path, content_db):
    folder = tmp_path / "csv"
    write_csv_folder(read_workbook(template), folder)
    assert canonical(read_workbook(folder).rows()) == canonical(read_workbook(template).rows())


def test_the_scripted_path_turns_a_workbook_into_a_signed_package(template, tmp_path, content_db):
    office = make_office(tmp_path / "office", content_db)
    edit(template, "indicator_values", "year", "2022", "note_en", "Checked again by the office.")
    result = run_module(["-m", "kiosk.admin.workbook", "to-csv", str(template), str(office.exports)])
    assert result.returncode == 0, result.stderr
    built = office.build(sequence=7)
    assert built.returncode == 0, built.stderr
    assert office.apply(office.stick / "jinshan-kiosk-7.kpkg").returncode == 0
    notes = [r["note_en"] for r in office.active_rows()["indicator_values"]]
    assert "Checked again by the office." in notes
    bad = run_module(["-m", "kiosk.admin.workbook", "check", str(tmp_path / "missing.xlsx")])
    assert bad.returncode == 1 and "E_NOT_XLSX" in bad.stderr


BOMB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>"""


def test_an_entity_bomb_is_refused_without_expanding_it(template, tmp_path):
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses with defusedxml (requirements.txt)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bomb, "w") as dst:
        for info in src.infolist():
            body = BOMB.encode() if info.filename == "xl/worksheets/sheet2.xml" else src.read(
                info.filename)
            dst.writestr(info, body)
    problems = read_workbook(bomb).problems
    assert [p.code for p in problems] == ["E_NOT_XLSX"] and "cannot be read" in problems[0].message_en


def test_a_percentage_cell_is_read_as_shown_not_as_its_hundredth(template):
    """Typing 87.9% in Excel stores 0.879: a silent factor of 100 would reach residents."""
    wb = openpyxl.load_workbook(template)
    ws = wb["indicator_values"]
    ref = f"{column_letter(ws, 'value')}3"
    ws[ref] = 0.879
    ws[ref].number_format = "0.0%"
    wb.save(template)
    problems = read_workbook(template).problems
    assert [(p.code, p.row, p.column) for p in problems] == [("E_NOT_A_NUMBER", 3, "value")]
    assert "'87.9%' is not a number" in problems[0].message_en


def test_a_wrong_stated_sheet_size_hides_no_column(template, tmp_path):
    """Some programs write <dimension ref="A1"/>; read-only parsing must not trust it."""
    import re

    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(lying, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', body)
            dst.writestr(info, body)
    assert canonical(read_workbook(lying).rows()) == canonical(read_workbook(template).rows())
    assert read_workbook(lying).problems == []


@pytest.mark.parametrize("damage, code", [
    (lambda lines: lines[:2] + [lines[2] + ",lost"] + lines[3:], "E_EXTRA_CELLS"),
    (lambda lines: lines[:2] + [lines[2].replace(",", ',"' + "长" * 140_000 + '",', 1)] + lines[3:],
     "E_CELL_TOO_LONG"),
    (lambda lines: lines[:2] + [lines[2].replace(",", ',"', 1)] + lines[3:], "E_QUOTE"),
])
def test_csv_files_in_the_studio_get_the_csv_paths_structure_checks(template, tmp_path, damage, code):
    folder = tmp_path / "csv"
    write_csv_folder(read_workbook(template), folder)
    path = folder / "indicator_values.csv"
    path.write_text("\n".join(damage(path.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    book = read_workbook(folder)
    assert [(p.code, p.file) for p in book.problems] == [(code, "indicator_values.csv")]

"""Staff table files: the fixed decoding rule, row validation with file/row/column, and limits."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.admin import builder
from kiosk.admin.builder import build_package, read_staff_folder
from kiosk.data.generations import apply_package
from kiosk.data.packages import Limits, read_package, validate_table_bytes
from kiosk.data.tables import DecodeError, decode_table_bytes
from kiosk.data.validate import MAX_ROWS_PER_TABLE
from tests.data.kpkg import Signer, source_table, write_package


@pytest.fixture(scope="module")
def signer():
    return Signer()


def staff_folder(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "staff"
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (folder / name).write_bytes(body)
    return folder


def codes(problems):
    return {p.code for p in problems}


def test_gbk_utf8_bom_and_utf16_versions_import_identically(tmp_path, signer, content_db):
    text = source_table("towns").decode("utf-8")
    packages = []
    for label, data in [("utf8", text.encode()), ("bom", b"\xef\xbb\xbf" + text.encode()),
                        ("utf16", text.encode("utf-16")), ("gbk", text.encode("gbk"))]:
        folder = staff_folder(tmp_path / label, {"towns.csv": data})
        out = build_package(folder, signer.key, tmp_path / label, sequence=3, against=content_db)
        assert not out.problems, out.problems
        packages.append(read_package(out.path, [signer.public]).files["towns"])
    assert len(set(packages)) == 1


def test_a_gbk_file_with_a_stray_byte_names_the_row(tmp_path, signer):
    data = source_table("towns").decode().encode("gbk")
    data = data.replace("廊下镇".encode("gbk"), b"\x81\x20\xff")
    _, problems = read_staff_folder(staff_folder(tmp_path, {"towns.csv": data}))
    [problem] = problems
    assert problem.code == "E_ENCODING" and problem.file == "towns.csv"
    line = data[:data.index(b"\x81\x20\xff")].count(b"\n") + 1
    assert problem.row == line and "CSV UTF-8" in problem.message_en


@pytest.mark.parametrize("edit, code, column", [
    (lambda t: t.replace("indicator_code,", "code,", 1), "E_MISSING_COLUMN", "indicator_code"),
    (lambda t: t + t.splitlines()[1] + "\n", "E_DUPLICATE_KEY", "indicator_code,year"),
    (lambda t: t + "1,2030,twelve,,,,,,\n", "E_NOT_A_NUMBER", "value"),
])
def test_row_problems_name_file_row_and_column(tmp_path, edit, code, column):
    text = source_table("indicator_values").decode()
    _, problems = read_staff_folder(staff_folder(tmp_path, {"indicator_values.csv":
                                                             edit(text).encode()}))
    match = [p for p in problems if p.code == code]
    assert match and match[0].file == "indicator_values.csv" and match[0].column == column
    assert match[0].row is not None
    assert match[0].message_zh != match[0].message_en


def test_a_coordinate_outside_jinshan(tmp_path):
    text = source_table("towns").decode()
    header, first, *rest = text.splitlines()
    cols = header.split(",")
    cells = first.split(",")
    cells[cols.index("lat")], cells[cols.index("lon")] = "39.9", "116.4"
    body = "\n".join([header, ",".join(cells), *rest]) + "\n"
    _, problems = read_staff_folder(staff_folder(tmp_path, {"towns.csv": body.encode()}))
    [problem] = [p for p in problems if p.code == "E_OUTSIDE_JINSHAN"]
    assert problem.row == 2


def test_a_route_stop_naming_a_missing_place_is_refused_against_the_kiosk(tmp_path, signer,
                                                                           content_db):
    text = source_table("route_stops").decode()
    header, first, *rest = text.splitlines()
    cols = header.split(",")
    cells = first.split(",")
    cells[cols.index("poi_id")] = "no-such-place"
    body = "\n".join([header, ",".join(cells), *rest]) + "\n"
    folder = staff_folder(tmp_path, {"route_stops.csv": body.encode()})
    out = build_package(folder, signer.key, tmp_path, sequence=2, against=content_db)
    assert [(p.code, p.row, p.column) for p in out.problems] == [("E_MISSING_REFERENCE", 2, "poi_id")]
    # Without a database the builder cannot check it, but the kiosk does.
    path = write_package(tmp_path / "p.kpkg", {"route_stops": body.encode()}, signer, sequence=2)
    result = apply_package(path, tmp_path / "data", [signer.public], factory=content_db)
    assert result.code == "P_INVALID_DATA"
    assert [p.code for p in result.problems] == ["E_MISSING_REFERENCE"]
    assert not (tmp_path / "data" / "content" / "current.json").exists()


def test_removing_a_place_still_used_by_an_installed_route_is_refused(tmp_path, signer, content_db):
    stops = source_table("route_stops").decode()
    used = stops.splitlines()[1].split(",")[2]
    pois = source_table("pois").decode().splitlines()
    body = "\n".join(line for line in pois if not line.startswith(used + ",")) + "\n"
    path = write_package(tmp_path / "p.kpkg", {"pois": body.encode()}, signer, sequence=2)
    result = apply_package(path, tmp_path / "data", [signer.public], factory=content_db)
    assert result.code == "P_INVALID_DATA"
    assert {p.file for p in result.problems} == {"route_stops (installed)"}


def test_markup_in_text_is_kept_literally(tmp_path, signer, content_db):
    text = source_table("indicator_values").decode()  # kept whole: replacing rows is not the point
    note = '<a href="http://evil.example">点击</a><img src=x onerror=alert(1)>'
    en = '<a href="http://evil.example">click</a>'
    text += f'1,2021,5.5,"{note.replace(chr(34), chr(34) * 2)}","{en.replace(chr(34), chr(34) * 2)}",,\n'
    path = write_package(tmp_path / "p.kpkg", {"indicator_values": text.encode()}, signer, sequence=2)
    result = apply_package(path, tmp_path / "data", [signer.public], factory=content_db)
    assert result.ok, result
    with sqlite3.connect(result.database) as conn:
        got = conn.execute("SELECT note_zh, note_en FROM indicator_values").fetchone()
    assert got == (note, en)


def test_a_100000_row_table_is_refused_with_one_problem(tmp_path):
    header = source_table("indicator_values").decode().splitlines()[0]
    rows = "".join(f"1,{1900 + i},{i}.5,,,,\n" for i in range(100_000))
    folder = staff_folder(tmp_path, {"indicator_values.csv": (header + "\n" + rows).encode()})
    _, problems = read_staff_folder(folder)
    assert codes(problems) == {"E_TOO_MANY_ROWS"} and len(problems) == 1
    assert str(MAX_ROWS_PER_TABLE) in problems[0].message_en


def test_reading_a_staff_file_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(builder, "LIMITS", Limits(file_bytes=1000))
    folder = staff_folder(tmp_path, {"towns.csv": source_table("towns")})
    _, problems = read_staff_folder(folder)
    assert codes(problems) == {"E_FILE_TOO_LARGE"}


def test_other_files_in_the_staff_folder(tmp_path):
    folder = staff_folder(tmp_path, {"town.csv": b"id\n", "towns.xlsx": b"PK", "notes.txt": b"hi"})
    _, problems = read_staff_folder(folder)
    assert codes(problems) == {"E_UNKNOWN_TABLE", "E_NOT_CSV"}
    _, problems = read_staff_folder(staff_folder(tmp_path / "empty", {}))
    assert codes(problems) == {"E_NO_TABLES"}


# ---- decoders ---------------------------------------------------------------------------------

@given(st.binary(max_size=500))
@settings(max_examples=300, deadline=None)
def test_decoding_arbitrary_bytes_gives_text_or_a_decode_error(data):
    try:
        assert isinstance(decode_table_bytes(data), str)
    except DecodeError:
        pass


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
@settings(max_examples=300, deadline=None)
def test_gb18030_text_decodes_back_unless_it_is_also_valid_utf8(text):
    data = text.encode("gb18030")
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return  # the rule reads a BOM first; such GB18030 text must be saved as UTF-8
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decode_table_bytes(data) == text
    if text.isascii():
        assert decode_table_bytes(data) == text


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_validating_arbitrary_bytes_never_crashes(data):
    vt = validate_table_bytes("towns", data, "towns.csv")
    assert vt.problems or vt.rows is not None

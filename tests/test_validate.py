"""Validation finds each kind of bad row and names the file, row and column."""

from __future__ import annotations

from kiosk.data.schema import TABLES_BY_NAME
from kiosk.data.tables import TableFile
from kiosk.data.validate import check_foreign_keys, validate_table_file

TOWN_HEADER = ["id", "seq", "name_zh", "name_en", "kind", "lat", "lon", "precision"]


def towns(*rows: dict, header=TOWN_HEADER) -> TableFile:
    return TableFile(TABLES_BY_NAME["towns"], header, list(rows), "towns.csv")


def town(**kw) -> dict:
    row = {"id": "fengjing", "seq": "1", "name_zh": "枫泾镇", "name_en": "Fengjing", "kind": "town",
           "lat": "30.891", "lon": "121.013", "precision": "approximate"}
    row.update(kw)
    return row


def codes(tf: TableFile) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in validate_table_file(tf).problems]


def test_a_good_row_has_no_problems():
    vt = validate_table_file(towns(town()))
    assert vt.problems == []
    assert vt.rows[0]["lat"] == 30.891 and vt.rows[0]["seq"] == 1


def test_missing_required_column():
    assert ("E_MISSING_COLUMN", 1, "name_en") in codes(
        towns(town(), header=[h for h in TOWN_HEADER if h != "name_en"]))


def test_unknown_column():
    assert ("E_UNKNOWN_COLUMN", 1, "colour") in codes(towns(town(), header=TOWN_HEADER + ["colour"]))


def test_duplicate_key_names_the_second_row():
    assert ("E_DUPLICATE_KEY", 3, "id") in codes(towns(town(), town(seq="2")))


def test_chinese_in_an_english_field():
    assert ("E_CHINESE_IN_ENGLISH", 2, "name_en") in codes(towns(town(name_en="Fengjing 镇")))


def test_number_that_does_not_parse():
    assert ("E_NOT_A_NUMBER", 2, "lat") in codes(towns(town(lat="30,89,1x")))


def test_coordinate_outside_jinshan():
    assert ("E_OUTSIDE_JINSHAN", 2, "lat") in codes(towns(town(lat="31.23", lon="121.47")))


def test_empty_required_value_and_bad_choice():
    found = codes(towns(town(name_zh="", kind="city")))
    assert ("E_REQUIRED", 2, "name_zh") in found
    assert ("E_BAD_CHOICE", 2, "kind") in found


def test_text_in_one_language_only():
    tf = TableFile(TABLES_BY_NAME["pois"],
                   ["id", "name_zh", "name_en", "kind", "description_zh", "description_en"],
                   [{"id": "p", "name_zh": "甲", "name_en": "A", "kind": "scenic",
                     "description_zh": "说明", "description_en": ""}], "pois.csv")
    assert ("E_MISSING_TRANSLATION", 2, "description_en") in codes(tf)


def test_markup_is_kept_literally_not_rejected():
    vt = validate_table_file(towns(town(name_en='<a href="x">Fengjing</a><img src=y>')))
    assert vt.problems == []
    assert vt.rows[0]["name_en"] == '<a href="x">Fengjing</a><img src=y>'


def test_route_stop_naming_a_missing_place():
    stops = TableFile(TABLES_BY_NAME["route_stops"], ["route_id", "seq", "poi_id"],
                      [{"route_id": "r1", "seq": "1", "poi_id": "nowhere"}], "route_stops.csv")
    vt = validate_table_file(stops)
    problems = check_foreign_keys({"route_stops": vt},
                                  {"routes.id": ["r1"], "pois.id": ["fengjing_old_town"]})
    assert [(p.code, p.row, p.column) for p in problems] == [("E_MISSING_REFERENCE", 2, "poi_id")]
    assert "route_stops.csv" in str(problems[0]) and "nowhere" in problems[0].message_zh


def test_numbers_that_overflow_are_refused_with_their_cell():
    found = codes(towns(town(lat="1e400")))
    assert ("E_NOT_A_NUMBER", 2, "lat") in found
    assert ("E_NOT_A_NUMBER", 2, "seq") in codes(towns(town(seq="1e300")))


def test_years_must_be_calendar_years():
    values = TableFile(TABLES_BY_NAME["indicator_values"], ["indicator_code", "year", "value"],
                       [{"indicator_code": "20", "year": "20225", "value": "86.6"}], "v.csv")
    assert ("E_OUT_OF_RANGE", 2, "year") in codes(values)


def test_a_baseline_needs_its_year_and_its_value():
    table = TABLES_BY_NAME["indicators"]
    row = {c.name: "" for c in table.columns}
    row.update(code="24", seq="1", area="green", name_zh="人均公园绿地面积", name_en="Park area",
               unit_zh="平方米", unit_en="m2", kind="binding", measure="level", direction="up",
               target_year="2025", target_value="9.51", target_text_zh="9.51",
               target_text_en="9.51", chapter_id="ch7", source="表1", baseline_value="8.5")
    tf = TableFile(table, list(table.column_names), [row], "indicators.csv")
    assert ("E_HALF_PAIR", 2, "baseline_year") in codes(tf)

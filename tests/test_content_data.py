"""The content sources are complete, bilingual and consistent (no display needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.config import JINSHAN_BOUNDS
from kiosk.data.build import load_source_tables
from kiosk.data.schema import TABLES, TEXT_EN, TEXT_ZH

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def tables():
    tables, problems = load_source_tables(ROOT / "db")
    assert problems == [], "\n".join(map(str, problems))
    return {name: vt.rows for name, vt in tables.items()}


def test_every_table_has_a_source_file_with_the_schema_header():
    for table in TABLES:
        if table.name == "target_values":
            continue  # filled only by staff packages
        path = ROOT / "db" / f"{table.name}.csv"
        assert path.exists(), path
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert tuple(header) == table.column_names, table.name


def test_table_counts(tables):
    assert len(tables["indicators"]) == 32  # 1..31 plus 4.1
    assert {r["code"] for r in tables["indicators"]} == {str(i) for i in range(1, 32)} | {"4.1"}
    assert len(tables["chapters"]) >= 10
    assert len(tables["boxes"]) == 7
    assert len(tables["glossary"]) == 33
    assert len([g for g in tables["goals"] if g["kind"] == "goal_2025"]) == 6
    assert len([g for g in tables["goals"] if g["kind"] == "vision_2035"]) >= 1
    assert len(tables["targets"]) >= 60
    assert len(tables["towns"]) == 11
    assert len(tables["routes"]) >= 6


def test_qualitative_targets_have_no_number_and_numeric_ones_do(tables):
    for row in tables["indicators"]:
        if row["measure"] == "qualitative":
            assert row["target_value"] is None, row["code"]
        else:
            assert isinstance(row["target_value"], float), row["code"]
        assert row["target_text_zh"] and row["target_text_en"]


def test_plan_baselines_are_present(tables):
    by_name = {r["name_zh"]: r for r in tables["indicators"]}
    forest = next(r for n, r in by_name.items() if "森林覆盖率" in n)
    assert (forest["baseline_year"], forest["baseline_value"], forest["target_value"]) == (2020, 14.2, 16.5)
    patents = next(r for n, r in by_name.items() if "发明专利" in n)
    assert patents["baseline_value"] == 42 and patents["target_value"] == 60


def test_texts_are_bilingual_and_english_has_no_chinese(tables):
    for table in TABLES:
        for row in tables.get(table.name, []):
            for col in table.columns:
                value = row.get(col.name)
                if col.type == TEXT_EN and value:
                    assert not HAN.search(str(value)), (table.name, col.name, value)
                if col.type == TEXT_ZH and col.required:
                    assert value, (table.name, col.name, row)


def test_every_route_has_three_stops_that_exist(tables):
    places = {p["id"] for p in tables["pois"]}
    for route in tables["routes"]:
        stops = [s for s in tables["route_stops"] if s["route_id"] == route["id"]]
        assert len(stops) >= 3, route["id"]
        assert all(s["poi_id"] in places for s in stops)
        assert sorted(s["seq"] for s in stops) == list(range(1, len(stops) + 1))


def test_coordinates_inside_jinshan_and_flagged(tables):
    (lat_lo, lat_hi), (lon_lo, lon_hi) = JINSHAN_BOUNDS["lat"], JINSHAN_BOUNDS["lon"]
    for name in ("towns", "pois", "facilities"):
        for row in tables[name]:
            if row.get("lat") is None:
                continue
            assert lat_lo <= row["lat"] <= lat_hi and lon_lo <= row["lon"] <= lon_hi, row["id"]
            assert row["precision"] in ("exact", "approximate", "town"), row["id"]
            if row["precision"] == "exact":
                assert row.get("confidence") in ("high", "medium"), row["id"]


def test_planned_facilities_carry_no_invented_details(tables):
    for row in tables["facilities"]:
        if row["status"] == "planned" and not row.get("named"):
            assert not row.get("address_zh") and not row.get("phone"), row["id"]


def test_11157_structure(tables):
    sports = [f for f in tables["facilities"] if f["program"] == "11157"]
    per_type = {}
    for f in sports:
        per_type[f["type"]] = per_type.get(f["type"], 0) + 1
    assert per_type.get("fitness_centre", 0) >= 11
    assert per_type.get("smart_fitness_square", 0) >= 7
    assert per_type.get("training_base", 0) >= 5
    towns_with_centre = {f["town_id"] for f in sports if f["type"] == "fitness_centre"}
    assert {t["id"] for t in tables["towns"]} <= towns_with_centre
    shares = sorted(r["value"] for r in tables["programs"] if r["program"] == "9073"
                    and r["kind"] == "share")
    assert shares == [3, 7, 90]

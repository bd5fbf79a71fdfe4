"""The newly sourced public facts: what is loaded, what the build refuses, what residents see."""

from __future__ import annotations

import csv
import re
import sqlite3

import pytest

from kiosk.data import sources as src
from kiosk.data.content import Content
from kiosk.data.schema import TABLES_BY_NAME
from kiosk.data.tables import TableFile
from kiosk.data.validate import validate_table_file
from tests.conftest import ROOT

# The plan's own words for its three lines (seed l.109-111: 南部滨海休闲、中部乡村生态、北部人文乐游;
# l.1199-1211: 南部线 / 中部线 / 北部线 and the G320 文旅连廊).
PLAN_LINES = {"south_line": ("南部线", "滨海休闲"), "central_line": ("中部线", "乡村生态"),
              "north_line": ("北部线", "人文乐游"), "g320_corridor": ("G320文旅连廊", "")}
FOUR_A_2023 = ("fengjing_ancient_town", "city_beach", "jinshanzui_fishing_village",
               "langxia_country_park")


def db_rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "db" / f"{name}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def facts_file(rows: list[dict[str, str]]) -> TableFile:
    header = list(rows[0])
    return TableFile(TABLES_BY_NAME["facts"], header, rows, "facts.csv")


# -- the build refuses what is not a fact -------------------------------------------------------
def test_a_low_confidence_fact_is_refused():
    row = dict(db_rows("facts")[0], confidence="low")
    problems = validate_table_file(facts_file([row])).problems
    assert [(p.code, p.column) for p in problems] == [("E_BAD_CHOICE", "confidence")]


def test_a_figure_whose_text_shows_another_number_is_refused():
    row = next(r for r in db_rows("facts") if r["id"] == "f-20-aqi-2025-12")
    assert not validate_table_file(facts_file([row])).problems
    wrong = dict(row, value_text_en="81.2%")
    problems = validate_table_file(facts_file([wrong])).problems
    assert [(p.code, p.column) for p in problems] == [("E_VALUE_MISMATCH", "value_text_en")]


# -- what is loaded matches its source ----------------------------------------------------------
def test_every_number_is_in_the_sources_own_words_or_flagged_derived():
    for row in db_rows("facts"):
        assert row["confidence"] in ("high", "medium")
        assert row["quote_zh"].strip(), row["id"]
        if not row["value"]:
            continue
        number = f"{float(row['value']):g}"
        says_all = "所有" in row["quote_zh"] and number == "100"  # "every section" is 100%
        assert number in row["quote_zh"] or says_all or row["basis"] == "derived", row["id"]
        if row["basis"] == "derived":
            assert "推算" in row["note_zh"] and "derived" in row["note_en"].lower()


def test_every_cited_address_has_a_name_to_show(content):
    names = src.source_names(content)
    cited = [r["source"] for r in db_rows("facts")] + [r["source"] for r in db_rows("indicator_values")]
    cited += [r["source"] for r in db_rows("routes") if r["id"] == "ruhua_jinshan"]
    for url in cited:
        assert url in names, url
        assert not re.search(r"https?://", names[url].zh + names[url].en)


def test_the_official_2023_4a_list_and_3a_sites_are_loaded(content):
    for poi in FOUR_A_2023:
        rated = [f for f in src.facts(content, "poi", [poi]) if f.value_text.zh.startswith("4A（2023")]
        assert len(rated) == 1 and rated[0].confidence == "high", poi
        assert rated[0].source.startswith("https://whlyj.sh.gov.cn/")
    three_a = src.facts(content, "poi", ["peasant_painting_village"])
    assert [f.value_text.zh for f in three_a] == ["3A"]


def test_water_2024_is_a_value_and_2023_is_shown_as_derived(content):
    assert [(o.year, o.value) for o in content.observations("21")] == [(2024, 100.0)]
    derived = [f for f in src.facts(content, "indicator", ["21"]) if f.derived]
    assert [f.period.zh for f in derived] == ["2023年"]


def test_high_tech_firms_are_a_threshold_not_a_count(content):
    assert content.observations("11") == []  # "more than 1,000" is not charted as a value
    (fact,) = src.facts(content, "indicator", ["11"])
    assert fact.value_text.zh == "突破1000家" and fact.value_text.en == "more than 1,000"


def test_the_official_two_day_route_with_its_printed_transit(content):
    route = content.route("ruhua_jinshan")
    assert route is not None and "如画金山 鸿运相伴" in route.name.zh
    assert [s.poi.id for s in route.stops] == [
        "peasant_painting_village", "fengjing_ancient_town", "donglin_temple",
        "city_beach", "jinshanzui_fishing_village", "langxia_country_park"]
    notes = {s.poi.id: s.note.zh for s in route.stops if s.note}
    assert "枫梅线（轨交1号线锦江乐园站）" in notes["fengjing_ancient_town"]
    assert "莲枫专线（轨交1号线莲花路站）" in notes["fengjing_ancient_town"]
    assert "金山铁路至金山卫站，换乘金山2路至戚家墩站" in notes["city_beach"]
    row = next(r for r in db_rows("routes") if r["id"] == "ruhua_jinshan")
    assert row["confidence"] == "medium"


def test_line_names_follow_the_plans_own_words(content):
    routes = {r.id: r for r in content.routes()}
    for rid, (line, words) in PLAN_LINES.items():
        name = routes[rid].name.zh
        assert name.startswith(line), name
        assert words in name, name


def test_new_places_carry_their_source_and_confidence_and_no_low_one_is_new():
    rows = {r["id"]: r for r in db_rows("facilities")}
    new = ["9073-gaoxin-second-centre", "9073-fengjing-town-homes",
           "9073-zhujing-mudan-activity-room", "sports-lianyuan", "sports-longquangang-park",
           "sports-jinshan-park", "sports-caojing-hutang-trails", "sports-party-centre-365-gym"]
    for fid in new:
        assert rows[fid]["confidence"] in ("high", "medium"), fid
        assert rows[fid]["source"].startswith("http"), fid
    assert rows["9073-fengjing-town-homes"]["named"] == "0"  # the source prints no names


# -- what residents see -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_facility_card_names_its_source_and_confidence(kiosk, qtbot, content, lang):
    kiosk.window.set_language(lang)
    kiosk.window.show_screen("eldercare", None)
    qtbot.wait(10)
    directory = kiosk.window.screens["eldercare"].directory
    card = next(c for c in directory.cards if c.facility_id == "9073-gaoxin-second-centre")
    text = card.source_label.text()
    name = src.source_names(content)["https://investchn.com/home/news/detail/id/437278.html"]
    assert name.get(lang) in text and "http" not in text
    assert ("可信度中等" if lang == "zh_CN" else "medium confidence") in text


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_route_page_lists_its_stops_ratings_with_sources(kiosk, qtbot, lang):
    kiosk.window.set_language(lang)
    kiosk.window.show_screen("route", "ruhua_jinshan")
    qtbot.wait(10)
    box = kiosk.window.screens["route"].facts_box
    assert box.isVisibleTo(kiosk.window.screens["route"])
    rows = box.table.cells()
    four_a = [r for r in rows if r[1].startswith("4A (confirmed" if lang == "en" else "4A（2023")]
    assert len(four_a) == 4
    assert all(("可信度高" if lang == "zh_CN" else "high confidence") in r[3] for r in four_a)
    assert "whlyj.sh.gov.cn" in box.addresses.text()
    assert not any("http" in cell for row in rows for cell in row)


def test_a_content_generation_without_the_new_tables_shows_no_facts(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    content = Content(path)
    try:
        assert src.facts(content, "indicator", ["20"]) == []
        assert src.source_names(content) == {}
    finally:
        content.close()

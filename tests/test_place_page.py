"""A facility's or place's own page (issue 13 item 1): reached by a tap, facts, map, the way, QR."""

from __future__ import annotations

import pytest

from kiosk.data import place_page as data
from kiosk.i18n import set_language
from tests.test_routes import decode
from tests.uitools import clipped, settle, tap, visible_texts, wrong_language

NURSING_HOME = "9073-zhongren-nursing-home"  # Fengjing, town-level location, no hours or phone
ZHUJING = (30.8947, 121.1736)


def at_zhujing(kiosk, town: str = "zhujing", location: bool = True) -> None:
    kiosk.settings.town = town
    kiosk.settings.latitude, kiosk.settings.longitude = ZHUJING if location else (None, None)


def shown(kiosk, qtbot):
    qtbot.wait(10)
    settle()  # layouts final, as a resident sees them
    assert kiosk.window.current_id == "place"
    return kiosk.window.screens["place"]


# -- data layer -------------------------------------------------------------------------------------
def test_load_a_facility_and_a_place(content):
    f = data.load_place(content, "facility", NURSING_HOME)
    assert f.name.zh == "上海金山众仁护理院" and f.town.zh == "枫泾镇"
    assert f.category.zh == "老年护理院" and f.precision == "town" and f.hours is None
    p = data.load_place(content, "place", "fengjing_ancient_town")
    assert p.routes and all(v.route_name.zh for v in p.routes)
    assert data.load_place(content, "place", "no-such-place") is None
    assert data.load_place(content, "facility", "fengjing_ancient_town") is None


def test_kiosk_place_from_settings(content):
    towns = content.towns()
    exact = data.kiosk_place(towns, "", *ZHUJING)
    assert exact.town_id == "zhujing" and not exact.approximate  # the town follows the location
    town_only = data.kiosk_place(towns, "fengjing", None, None)
    assert town_only.known and town_only.approximate and town_only.town_id == "fengjing"
    assert not data.kiosk_place(towns, "", None, None).known


def test_way_text_gives_distance_and_direction(content):
    set_language("en")
    try:
        kiosk = data.kiosk_place(content.towns(), "zhujing", *ZHUJING)
        text = data.way_text(kiosk, data.load_place(content, "facility", NURSING_HOME))
        assert "km west of this kiosk" in text and "Approximate" in text  # Fengjing lies west
        nowhere = data.kiosk_place(content.towns(), "", None, None)
        assert "not set" in data.way_text(nowhere, data.load_place(content, "facility", NURSING_HOME))
    finally:
        set_language("zh_CN")


@pytest.mark.parametrize("text, limit", [
    ("A public, non-profit nursing home for older people, designated for medical insurance.", 40),
    ("公办非营利老年护理院，医保定点。2003年10月23日开业。", 14),
    ("Unbreakablewordwithoutanyspaces", 10),
])
def test_shortening_never_cuts_inside_a_word(text, limit):
    short = data.shorten_whole(text, limit)
    assert len(short) <= limit
    if short:
        body = short.removesuffix("…")
        assert text.startswith(body)
        nxt = text[len(body):len(body) + 1]
        assert not body[-1].isalnum() or nxt in ("", " ", ",", ".", "，", "。")


# -- reached by a tap -------------------------------------------------------------------------------
def test_tapping_a_facility_in_the_directory_opens_its_page(kiosk, qtbot):
    at_zhujing(kiosk)
    kiosk.window.show_screen("eldercare", None)
    qtbot.wait(10)
    screen = kiosk.window.screens["eldercare"]
    card = next(c for c in screen.directory.cards if c.facility_id == NURSING_HOME)
    screen.scroll.ensureWidgetVisible(card.open_button)
    qtbot.wait(10)
    tap(qtbot, card.open_button)
    page = shown(kiosk, qtbot)
    assert page.heading.text() == "上海金山众仁护理院"
    assert "老年护理院" in page.subtitle.text() and "枫泾镇" in page.subtitle.text()


def test_search_hits_open_the_facility_or_place_page(kiosk, qtbot):
    kiosk.window.show_screen("search", None)
    search = kiosk.window.screens["search"]
    search.field.setText("枫泾古镇")
    search.open_hit(next(h for g in search.groups if g.kind == "place" for h in g.hits))
    assert shown(kiosk, qtbot).heading.text() == "枫泾古镇"  # the place, not the route list
    kiosk.window.show_screen("search", None)
    search.field.setText("众仁")
    search.open_hit(next(h for g in search.groups if g.kind == "facility" for h in g.hits))
    assert shown(kiosk, qtbot).place.id == NURSING_HOME


def test_a_route_stop_opens_its_place_page(kiosk, qtbot):
    kiosk.window.show_screen("route", "north_line")
    qtbot.wait(10)
    route = kiosk.window.screens["route"]
    card = route.stop_widgets[0]
    route.scroll.ensureWidgetVisible(card.open_button)
    qtbot.wait(10)
    tap(qtbot, card.open_button)
    page = shown(kiosk, qtbot)
    assert page.place.id == route.route.stops[0].poi.id
    assert any("北部线" in t for t in visible_texts(page))  # the routes that stop here


# -- what the page shows ----------------------------------------------------------------------------
def test_page_shows_facts_unknowns_precision_and_the_way(kiosk, qtbot):
    at_zhujing(kiosk)
    kiosk.window.set_language("en")
    kiosk.window.show_screen("place", {"kind": "facility", "id": NURSING_HOME})
    page = shown(kiosk, qtbot)
    f = page.fields
    assert f["address"].text() == "Address: 258 Fengyang Road"
    assert f["hours"].text() == "Opening hours: not known"
    assert f["phone"].text() == "Phone: not known"
    assert "Opened on 23 October 2003" in f["offers"].text()
    assert "km west of this kiosk" in f["distance"].text()
    assert "Zhujing" in f["kiosk_town"].text()
    assert "town centre" in f["precision"].text() and "town centre" in page.map_precision.text()
    assert "low" in f["confidence"].text()
    assert "http" not in f["source"].text()  # site names, not raw addresses
    stop, point = page.map.stop_points()[0]
    assert stop.precision == "town" and page.map.rect().contains(point.toPoint())


def test_unknown_location_of_the_kiosk_is_said_and_settings_are_named(kiosk, qtbot):
    at_zhujing(kiosk, town="", location=False)
    kiosk.window.set_language("en")
    kiosk.window.show_screen("place", {"kind": "place", "id": "fengjing_ancient_town"})
    page = shown(kiosk, qtbot)
    assert "not set" in page.fields["distance"].text()
    assert "latitude" in page.fields["kiosk_town"].text()


def test_a_removed_item_says_so(kiosk, qtbot):
    kiosk.window.show_screen("place", {"kind": "facility", "id": "gone"})
    page = shown(kiosk, qtbot)
    assert page.place is None and page.heading.text() and not page.qr_card.isVisible()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_qr_decodes_to_the_page_text_with_chinese_name_and_geo(kiosk, qtbot, content, lang):
    at_zhujing(kiosk)
    kiosk.window.set_language(lang)
    kiosk.window.show_screen("place", {"kind": "facility", "id": NURSING_HOME})
    page = shown(kiosk, qtbot)
    page.scroll.ensureWidgetVisible(page.qr)
    qtbot.wait(10)
    text = decode(page.qr.grab().toImage())
    assert text == page.qr.text and page.qr.module_px() >= 4
    lines = text.splitlines()
    assert lines[0] == page.heading.text()
    assert "上海金山众仁护理院" in lines
    assert [line for line in lines if line.startswith("geo:")] == [
        "geo:30.891,121.013 " + ("(town centre)" if lang == "en" else "（街镇中心）")]
    assert page.fields["address"].text() in lines and page.fields["distance"].text() in lines
    if lang == "en":
        assert "地址：枫阳路258号" in lines  # for a taxi driver
    assert len(text.encode("utf-8")) <= data.MAX_QR_BYTES


# -- the directory when a town has none -------------------------------------------------------------
def test_a_town_without_one_names_the_town_with_the_nearest(kiosk, qtbot):
    at_zhujing(kiosk)
    kiosk.window.set_language("en")
    kiosk.window.show_screen("eldercare", None)
    qtbot.wait(10)
    directory = kiosk.window.screens["eldercare"].directory
    empty = None
    for town in directory.towns:  # the content decides which towns have none yet
        tap(qtbot, directory.town_chips[town.id])
        if not directory.cards:
            empty = town
            break
    assert empty is not None, "every town has an elderly-care facility: this test needs a new case"
    text = directory.nearest_label.text()
    assert directory.nearest_label.isVisible()
    near = directory.nearest
    assert near is not None and near.town_id != empty.id
    town = next(t for t in directory.towns if t.id == near.town_id)
    assert empty.name.en in text and town.name.en in text and near.name.en in text and " km" in text
    assert directory.nearest_button.isVisible()
    tap(qtbot, directory.nearest_button)
    assert shown(kiosk, qtbot).place.id == near.facility_id


# -- both languages, both orientations, elder mode -------------------------------------------------
@pytest.mark.parametrize("args", [{"kind": "facility", "id": NURSING_HOME},
                                  {"kind": "facility", "id": "11157-fc-shihua"},
                                  {"kind": "place", "id": "fengjing_ancient_town"}])
def test_every_visible_string_in_the_right_language(kiosk, qtbot, args):
    at_zhujing(kiosk)
    window = kiosk.window
    window.show_screen("place", args)
    page = shown(kiosk, qtbot)
    window.set_language("en")
    source = {page.fields["source"].text()}  # a citation quotes titles in their own language
    assert wrong_language(visible_texts(page), "en", source) == []
    window.set_language("zh_CN")
    assert wrong_language(visible_texts(page), "zh_CN", {page.fields["source"].text()}) == []


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("elder", [False, True])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_nothing_clipped(kiosk, qtbot, size, elder, lang):
    at_zhujing(kiosk)
    window = kiosk.window
    window.set_language(lang)
    window.set_elder_mode(elder)
    window.resize(*size)
    window.show_screen("place", {"kind": "place", "id": "fengjing_ancient_town"})
    qtbot.wait(20)
    assert clipped(window.stack.currentWidget()) == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_place_qr_decodes_at_4_px_a_module(kiosk, qtbot, content, lang):
    at_zhujing(kiosk)
    kiosk.window.set_language(lang)
    facilities = [r["id"] for r in content.rows("SELECT id FROM facilities")]
    for facility_id in facilities:  # names, point and the way stay whatever staff load
        kiosk.window.show_screen("place", {"kind": "facility", "id": facility_id})
        page = shown(kiosk, qtbot)
        assert page.qr.module_px() >= 4, facility_id
        assert page.qr.text.splitlines()[0] == page.heading.text()
    for poi in content.pois():
        kiosk.window.show_screen("place", {"kind": "place", "id": poi.id})
        page = shown(kiosk, qtbot)
        assert page.qr.module_px() >= 4, (poi.id, page.qr.width(), page.qr.height(), page.qr.modules)
        assert decode(page.qr.grab().toImage()) == page.qr.text
        assert poi.name.zh in page.qr.text.splitlines()[:2]
        if poi.address and lang == "en":
            assert "地址：" + poi.address.zh in page.qr.text


def test_source_addresses_become_the_registered_names_the_other_screens_show():
    from kiosk.data.content import Text

    names = {"https://investchn.com/a.html": Text("金山报", "Jinshan Daily")}
    text = "report at https://investchn.com/a.html; corroborated by https://www.example.org/b"
    assert data.source_names(text, names, "en") == "report at Jinshan Daily; corroborated by example.org"
    assert data.source_names(text, names, "zh_CN").startswith("report at 金山报;")
    assert data.source_names(text) == "report at investchn.com; corroborated by example.org"

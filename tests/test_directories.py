"""The 9073 and 11157 screens and their shared facility directory, on real widgets."""

from __future__ import annotations

import pytest

from kiosk.data import facilities as data
from tests.uitools import clipped, tap, visible_texts, wrong_language

SCREENS = ("eldercare", "sports")
KIOSK_AT_SHIHUA = (30.7279, 121.3425)


def open_screen(kiosk, qtbot, screen_id: str, args=None):
    kiosk.window.show_screen(screen_id, args)
    qtbot.wait(10)
    return kiosk.window.screens[screen_id]


def card_ids(directory) -> list[str]:
    return [c.facility_id for c in directory.cards]


def test_haversine_is_right_for_a_known_distance():
    # One degree of latitude is about 111.2 km everywhere.
    assert data.haversine_km(30.0, 121.0, 31.0, 121.0) == pytest.approx(111.2, abs=0.2)
    assert data.haversine_km(30.7, 121.3, 30.7, 121.3) == 0


def test_without_a_location_the_list_is_by_town_and_says_so(kiosk, qtbot, content):
    kiosk.settings.latitude = kiosk.settings.longitude = None
    screen = open_screen(kiosk, qtbot, "sports")
    d = screen.directory
    order = {t.id: t.seq for t in data.towns(content)}
    seqs = [order.get(p.facility.town_id or "", 99) for p in d.visible_facilities()]
    assert seqs == sorted(seqs)
    assert d.location_note.text() == screen.directory.location_note.text()
    assert "location" in d.location_note.text() or "位置" in d.location_note.text()


@pytest.mark.parametrize("screen_id", SCREENS)
def test_nearest_first_when_the_kiosk_location_is_set(kiosk, qtbot, screen_id):
    kiosk.settings.latitude, kiosk.settings.longitude = KIOSK_AT_SHIHUA
    screen = open_screen(kiosk, qtbot, screen_id)
    placed = screen.directory.visible_facilities()
    distances = [p.distance_km for p in placed if p.distance_km is not None]
    assert distances == sorted(distances)
    assert all(p.distance_km is None for p in placed[len(distances):])  # no location: last
    assert card_ids(screen.directory) == [p.facility.id for p in placed]
    if screen_id == "sports":
        assert placed[0].facility.id == "11157-fc-shihua"
        assert placed[0].approximate
        first_card = [w.text() for w in screen.directory.cards[0].findChildren(type(screen.intro))]
        assert any("km" in t or "公里" in t for t in first_card)


def test_filter_by_town_and_type(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "sports")
    d = screen.directory
    everything = len(d.cards)
    tap(qtbot, d.town_chips["caojing"])
    assert d.cards and all(f.facility.town_id == "caojing" for f in d.visible_facilities())
    assert len(d.cards) < everything
    tap(qtbot, d.type_chips["fitness_centre"])
    assert card_ids(d) == ["11157-fc-caojing"]
    tap(qtbot, d.town_chips[""])
    assert len(d.cards) == 11
    assert d.type_chips["fitness_centre"].isChecked()
    tap(qtbot, d.type_chips[""])
    assert len(d.cards) == everything


def test_eldercare_filter_by_town(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "eldercare")
    d = screen.directory
    towns = {f.town_id for f in d.facilities if f.town_id}
    town = sorted(towns)[0]
    tap(qtbot, d.town_chips[town])
    assert d.cards and all(f.facility.town_id == town for f in d.visible_facilities())
    empty = next((t.id for t in d.towns if t.id not in towns), None)
    if empty:
        tap(qtbot, d.town_chips[empty])
        assert d.cards == [] and d.count_label.text()


def test_planned_facility_without_a_name_says_details_follow(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "sports")
    card = next(c for c in screen.directory.cards if c.facility_id == "11157-fc-fengjing")
    texts = [w.text() for w in card.findChildren(type(screen.intro))]
    assert any("details" in t or "详细" in t or "信息" in t for t in texts)


@pytest.mark.parametrize("screen_id", SCREENS)
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_no_none_text_and_right_language(kiosk, qtbot, screen_id, lang):
    kiosk.settings.latitude, kiosk.settings.longitude = KIOSK_AT_SHIHUA
    kiosk.window.set_language(lang)
    screen = open_screen(kiosk, qtbot, screen_id)
    texts = visible_texts(screen)
    assert texts
    assert not [t for t in texts if "None" in t or t.lower() == "nan" or t == "—"]
    assert wrong_language(texts, lang) == []


def test_sports_progress_comes_from_facility_status(kiosk, qtbot, content):
    screen = open_screen(kiosk, qtbot, "sports")
    items = data.facilities(content, "11157")
    for row, _caption, chart in screen.progress_rows:
        counts = data.status_counts(items, row.part.facility_type)
        assert len(chart.statuses) == row.total >= int(row.part.value)
        assert chart.statuses.count("open") == counts.get("open", 0)
    fitness = next(r for r in screen.progress_rows if r[0].part.facility_type == "fitness_centre")
    assert fitness[0].total == 11
    assert len(screen.block_widgets) == 5
    assert [p.value for p, *_ in screen.block_widgets] == [11, 1, 1, 5, 7]


def test_eldercare_shows_9073_shares_levels_and_targets(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "eldercare")
    assert screen.waffle.counts == [90, 7, 3]
    assert len(screen.level_cards) == 3
    names = [t.name.en for t, *_ in screen.target_cards]
    assert "Beds in elderly-care institutions" in names
    for target, status, (_name, goal, latest, note), _badge in screen.target_cards:
        assert "8,267" in goal.text() or "41" in goal.text()
        if not target.values:  # no published figure: say so, and invent no status
            assert status is None or status.status == "no_data"
            assert note.text() and not latest.isVisibleTo(screen)


def test_search_hit_highlights_the_facility(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "eldercare", {"facility": "9073-zhongren-nursing-home"})
    highlighted = [c.facility_id for c in screen.directory.cards if c.objectName() == "Panel"]
    assert highlighted == ["9073-zhongren-nursing-home"]


def test_idle_reset_clears_filters_and_scroll(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "sports")
    tap(qtbot, screen.directory.town_chips["caojing"])
    screen.scroll.verticalScrollBar().setValue(400)
    screen.reset()  # what the idle reset calls before it drops the screen (tests/test_idle.py)
    assert screen.directory.town == ""
    assert screen.scroll.verticalScrollBar().value() == 0


@pytest.mark.parametrize("screen_id", SCREENS)
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("elder", [False, True])
def test_nothing_clipped(kiosk, qtbot, screen_id, size, elder):
    kiosk.settings.latitude, kiosk.settings.longitude = KIOSK_AT_SHIHUA
    kiosk.window.set_language("en")
    kiosk.window.set_elder_mode(elder)
    kiosk.window.resize(*size)
    screen = open_screen(kiosk, qtbot, screen_id)
    qtbot.wait(30)
    assert clipped(screen) == []

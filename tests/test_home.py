"""The home screen on real widgets: live counts, language switch, elder mode, no clipping."""

from __future__ import annotations

import pytest

from tests.uitools import clipped, tap, visible_texts, wrong_language


def test_tiles_show_live_counts_from_the_database(kiosk, content):
    home = kiosk.window.screens["home"]
    counts = content.home_counts()
    assert f"{counts.indicators} 项指标" == home.tiles["indicators"].count_label.text()
    assert str(counts.routes) in home.tiles["routes"].count_label.text()
    assert content.content_date in home.as_of.text()


def test_the_indicators_tile_counts_the_plans_31_main_indicators_as_the_list_does(kiosk):
    """Table 1 numbers 31 main indicators; 4.1 ("of which: industrial investment") has a card but is
    part of indicator 4. The home tile said 32 while the list it opens said 31."""
    home = kiosk.window.screens["home"]
    assert home.tiles["indicators"].count_label.text() == "31 项指标"
    kiosk.window.show_screen("indicators")
    assert "31项主要指标" in kiosk.window.screens["indicators"].intro.text()


def test_a_parts_progress_value_counts_once_for_its_main_indicator(content_db, tmp_path):
    import shutil
    import sqlite3

    from kiosk.data.content import Content

    db = tmp_path / "content.sqlite"
    shutil.copy(content_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM indicator_values")
        conn.executemany("INSERT INTO indicator_values (indicator_code, year, value) VALUES (?, 2023, 1.0)",
                         [("4",), ("4.1",), ("20",)])
    counts = Content(db).home_counts()
    assert (counts.indicators, counts.indicators_with_data) == (31, 2)  # 4 (with its 4.1) and 20


def test_language_switch_changes_every_visible_string(kiosk, qtbot):
    window = kiosk.window
    before = visible_texts(window)
    assert wrong_language(before, "zh_CN") == []
    tap(qtbot, window.language_button)
    after = visible_texts(window)
    assert kiosk.ctx.state.language == "en"
    assert wrong_language(after, "en") == []
    assert window.language_button.text() == "中文"
    tap(qtbot, window.language_button)
    assert visible_texts(window) == before


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("elder", [False, True])
def test_nothing_is_clipped(kiosk, qtbot, size, lang, elder):
    window = kiosk.window
    window.set_language(lang)
    window.set_elder_mode(elder)
    window.resize(*size)
    qtbot.wait(20)
    assert clipped(window) == []


def test_elder_mode_enlarges_text_and_targets(kiosk, qtbot):
    window = kiosk.window
    normal_font = window.home_button.font().pixelSize()
    normal_height = window.home_button.height()
    tap(qtbot, window.elder_button)
    qtbot.wait(20)
    assert kiosk.ctx.state.elder_mode
    assert window.home_button.font().pixelSize() >= normal_font * 1.3
    assert normal_height >= 44
    assert window.home_button.height() >= 60


def test_tile_tap_navigates_and_home_returns(kiosk, qtbot):
    window = kiosk.window
    tap(qtbot, window.screens["home"].tiles["indicators"])
    assert window.current_id == "indicators"
    tap(qtbot, window.home_button)
    assert window.current_id == "home"


def test_elder_mode_restyles_hidden_screens_when_they_are_shown(kiosk, qtbot):
    window = kiosk.window
    for screen_id, args in (("plan", None), ("indicators", None), ("routes", None)):
        window.ctx.hub.navigate.emit(screen_id, args)
    heading, intro = window.screens["indicators"].heading, window.screens["indicators"].intro
    normal, normal_intro = heading.font().pixelSize(), intro.font().pixelSize()
    window.set_elder_mode(True)
    assert window.screens["indicators"].property("elder_sheet_applied") != window.elder_sheet
    tap(qtbot, window.back_button)
    assert window.current_id == "indicators"
    assert heading.font().pixelSize() >= normal * 1.3
    assert intro.font().pixelSize() >= normal_intro * 1.3  # body text too, not only titles
    qtbot.wait(20)
    assert clipped(window) == []
    window.set_elder_mode(False)
    assert heading.font().pixelSize() == normal


def test_english_counts_use_the_right_plural(kiosk, content):
    kiosk.window.set_language("en")
    n = content.home_counts().eldercare_facilities
    text = kiosk.window.screens["home"].tiles["eldercare"].count_label.text()
    assert text == (f"{n} facility listed" if n == 1 else f"{n} facilities listed")


def test_hidden_screens_take_the_language_when_shown(kiosk, qtbot):
    window = kiosk.window
    window.ctx.hub.navigate.emit("plan", None)
    window.ctx.hub.go_home.emit()
    window.set_language("en")
    assert window.screens["plan"].property("language") == "zh_CN"  # not redone while hidden
    tap(qtbot, window.screens["home"].tiles["plan"])
    assert window.screens["plan"].property("language") == "en"
    assert wrong_language(visible_texts(window), "en") == []

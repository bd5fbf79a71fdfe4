"""The search screen on real widgets: on-screen keys type, results group and update, a tap navigates."""

from __future__ import annotations

import pytest

from kiosk.i18n import tr
from kiosk.ui.screens.search import kind_heading
from tests.uitools import clipped, tap, visible_texts, wrong_language


@pytest.fixture
def search(kiosk, qtbot):
    kiosk.window.show_screen("search", None)
    qtbot.wait(10)
    return kiosk.window.screens["search"]


def type_keys(qtbot, screen, letters: str) -> None:
    for char in letters:
        key = screen.keyboard.space_key if char == " " else screen.keyboard.keys[char.upper()]
        tap(qtbot, key)


def headings(screen) -> list[str]:
    return [w.text() for w in screen.results_host.findChildren(type(screen.hint))
            if w.objectName() == "Heading"]


def test_home_tile_opens_search(kiosk, qtbot):
    tap(qtbot, kiosk.window.screens["home"].tiles["search"])
    assert kiosk.window.current_id == "search"


def test_tapping_keys_types_and_shows_grouped_results(kiosk, qtbot, search):
    type_keys(qtbot, search, "yl")
    assert search.field.text() == "yl"
    found = headings(search)
    assert any(h.startswith(kind_heading("box")) for h in found)
    assert any(h.startswith(kind_heading("target")) for h in found)
    assert any("养老" in b.text_label.text() for b in search.result_buttons)
    before = len(search.result_buttons)
    type_keys(qtbot, search, "y")  # "yly": results update on each key
    assert len(search.result_buttons) != before or search.field.text() == "yly"


def test_delete_and_clear_keys(kiosk, qtbot, search):
    type_keys(qtbot, search, "gy")
    tap(qtbot, search.keyboard.delete_key)
    assert search.field.text() == "g"
    tap(qtbot, search.keyboard.clear_key)
    assert search.field.text() == ""
    assert search.result_buttons == []


def test_keys_stay_large_and_leave_focus_on_the_field(kiosk, qtbot, search):
    keys = search.keyboard.all_keys()
    assert min(k.height() for k in keys) >= 44
    kiosk.window.set_elder_mode(True)
    qtbot.wait(20)
    assert min(k.height() for k in keys) >= 60
    assert min(k.width() for k in keys) >= 60


def test_chinese_typed_on_a_hardware_keyboard_finds_two_character_words(kiosk, qtbot, search):
    search.field.setText("健身")  # what an IME commits
    assert any(h.startswith(kind_heading("facility")) for h in headings(search))
    assert all("健身" in b.text_label.text() or b.hit.kind not in ("facility",)
               for b in search.result_buttons)


def test_tapping_a_result_navigates(kiosk, qtbot, search):
    seen = []
    kiosk.ctx.hub.navigate.connect(lambda sid, args: seen.append((sid, args)))
    search.field.setText("fengjing")
    button = next(b for b in search.result_buttons if b.hit.kind == "facility")
    search.scroll.ensureWidgetVisible(button)
    qtbot.wait(10)
    tap(qtbot, button)
    assert seen[-1] == ("place", {"kind": "facility", "id": "11157-fc-fengjing"})
    assert kiosk.window.current_id == "place"
    assert kiosk.window.screens["place"].place.id == "11157-fc-fengjing"


def test_show_all_expands_a_group(kiosk, qtbot, search):
    search.field.setText("yl")
    shown = len(search.result_buttons)
    more = next(b for b in search.results_host.findChildren(type(search.keyboard.clear_key))
                if b.text() == tr("Show all {n}").format(n=11))
    tap(qtbot, more)
    assert len(search.result_buttons) > shown


def test_odd_input_shows_a_plain_message(kiosk, qtbot, search):
    for text in ("'", "%", '"', "\\", "x" * 200):
        search.field.setText(text)
        assert search.result_buttons == []
    assert len(search.field.text()) <= 40


def test_idle_reset_clears_the_query(kiosk, qtbot, search):
    type_keys(qtbot, search, "yl")
    search.reset()  # what the idle reset calls before it drops the screen (tests/test_idle.py)
    assert search.field.text() == ""
    assert search.result_buttons == []
    assert search.scroll.verticalScrollBar().value() == 0


def test_language_switch_retranslates_results(kiosk, qtbot, search):
    search.field.setText("yl")
    qtbot.wait(10)  # new result widgets are shown from the event loop
    assert wrong_language(visible_texts(kiosk.window), "zh_CN") == []
    kiosk.window.set_language("en")
    qtbot.wait(10)
    texts = visible_texts(kiosk.window)
    assert wrong_language(texts, "en") == []
    assert "Beds in elderly-care institutions" in texts


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("elder", [False, True])
def test_nothing_clipped(kiosk, qtbot, search, size, elder):
    search.field.setText("yl")
    kiosk.window.set_language("en")
    kiosk.window.set_elder_mode(elder)
    kiosk.window.resize(*size)
    qtbot.wait(30)
    assert clipped(search) == []


def test_search_screen_does_not_load_pyqtgraph():
    """Search must stay light: neither the screen nor its keyboard pulls in the charting library."""
    import subprocess
    import sys

    code = ("import sys, kiosk.ui.screens.search, kiosk.ui.widgets.directory; "
            "print('pyqtgraph' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_topic_buttons_search_without_typing(kiosk, qtbot, search):
    tap(qtbot, search.topic_buttons[0])
    assert search.field.text() == tr("elderly")
    assert search.result_buttons
    assert not search.topics_host.isVisible()
    kiosk.window.set_language("en")
    tap(qtbot, search.keyboard.clear_key)
    qtbot.wait(10)
    for button in search.topic_buttons:
        tap(qtbot, button)
        assert search.result_buttons, button.text()
        tap(qtbot, search.keyboard.clear_key)
        qtbot.wait(5)


def test_partial_word_matches_wait_behind_show_all_and_are_counted(kiosk, qtbot, search):
    """Issue 13: "yl" shows the 养老 targets; 农业领域创新人才 only after "show all", last."""
    search.field.setText("yl")
    shown = [b.text_label.text() for b in search.result_buttons]
    assert "养老机构床位总数" in shown and "农业领域创新人才" not in shown
    section = next(s for s in search.sections if s.kind == "target")
    assert section.caption.isVisibleTo(search)
    assert "5" in section.caption.text() and "6" in section.caption.text()
    tap(qtbot, section.more)
    texts = [b.text_label.text() for b in section.buttons if b.isVisibleTo(search)]
    assert texts.index("农业领域创新人才") > max(i for i, t in enumerate(texts) if "养老" in t)

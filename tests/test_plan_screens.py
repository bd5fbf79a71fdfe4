"""Plan screens on real widgets: reachable in three taps, database texts shown, glossary links."""

from __future__ import annotations

import pytest

from kiosk.data import plan
from tests.uitools import clipped, tap, visible_texts, wrong_language


def test_vision_goals_and_chapters_are_shown(kiosk, qtbot, content):
    window = kiosk.window
    tap(qtbot, window.screens["home"].tiles["plan"])
    assert window.current_id == "plan"
    texts = visible_texts(window.screens["plan"])
    for goal in plan.goals(content, "goal_2025"):
        assert goal.title.zh in texts
    for ch in plan.chapters(content):
        assert any(ch.title.zh in t for t in texts)


def test_chapter_in_two_taps_and_section_summaries(kiosk, qtbot, content):
    window = kiosk.window
    tap(qtbot, window.screens["home"].tiles["plan"])
    from kiosk.ui.widgets.common import TapCard

    cards = window.screens["plan"].findChildren(TapCard)
    card = next(c for c in cards if "增进民生福祉" in c.title_label.text())
    tap(qtbot, card)
    assert window.current_id == "chapter"
    texts = visible_texts(window.screens["chapter"])
    for sec in plan.sections(content, "ch9"):
        assert any(sec.summary.zh == t for t in texts)
    assert any("8267" in t or "8,267" in t for t in texts)  # the elderly-care beds commitment
    assert window.back_button.isVisible() and window.home_button.isVisible()


def test_glossary_term_opens_from_a_text(kiosk, qtbot, content):
    window = kiosk.window
    window.ctx.hub.navigate.emit("chapter", "ch7")
    from kiosk.ui.widgets.common import TapCard

    links = [c for c in window.screens["chapter"].findChildren(TapCard) if c.title_label.text() == "海绵城市"]
    assert links
    tap(qtbot, links[0])
    assert window.current_id == "glossary"
    first = window.screens["glossary"].findChildren(TapCard)
    texts = visible_texts(window.screens["glossary"])
    assert texts[1] == "海绵城市"  # heading, then the chosen term first
    assert not first  # terms are cards, not links


def test_box_shown_in_full_as_plain_text(kiosk, content):
    window = kiosk.window
    window.ctx.hub.navigate.emit("box", 6)
    body = " ".join(visible_texts(window.screens["box"]))
    assert "9073" in body and "“9073”" in window.title_label.text()


@pytest.mark.parametrize("screen_id,args", [("plan", None), ("chapter", "ch2"), ("box", 7),
                                            ("glossary", None), ("boxes", None)])
def test_language_and_clipping(kiosk, qtbot, screen_id, args):
    window = kiosk.window
    window.ctx.hub.navigate.emit(screen_id, args)
    for lang in ("en", "zh_CN"):
        window.set_language(lang)
        for elder in (False, True):
            window.set_elder_mode(elder)
            for size in ((1920, 1080), (1080, 1920)):
                window.resize(*size)
                qtbot.wait(10)
                screen = window.screens[screen_id]
                assert wrong_language(visible_texts(window), lang) == [], (lang, elder, size)
                assert clipped(screen.scroll.widget()) == [], (lang, elder, size)


def test_programme_boxes_link_to_their_screens(kiosk, qtbot):
    from kiosk.ui.widgets.common import TapCard

    window = kiosk.window
    for box_id, screen_id in ((6, "eldercare"), (7, "sports")):
        window.ctx.hub.navigate.emit("box", box_id)
        link = next(c for c in window.screens["box"].findChildren(TapCard)
                    if c.title_label.text() == "查看设施和进展" and not c.isHidden())
        tap(qtbot, link)
        assert window.current_id == screen_id


def test_attract_highlights_read_well_in_both_languages(content):
    for lang in ("zh_CN", "en"):
        for heading, text in plan.highlights(content, lang):
            assert heading and text
            assert "None" not in text and "counts as met" not in text and "即视为" not in text
            if lang == "en":
                assert not any("\u4e00" <= ch <= "\u9fff" for ch in heading + text), (heading, text)
    texts = dict(plan.highlights(content, "en"))
    assert texts["Total fixed-asset investment (cumulative, 2021-2025)"] == \
        "Plan target: about 180 billion yuan by 2025"


def test_each_chapter_keeps_its_page_and_shows_nothing_stale(kiosk, qtbot, content):
    from PySide6.QtWidgets import QLabel

    from kiosk.ui.widgets.common import TapCard

    window = kiosk.window
    window.ctx.hub.navigate.emit("chapter", "ch9")
    window.ctx.hub.navigate.emit("chapter", "ch7")
    screen = window.screens["chapter"]
    made = len(screen.findChildren(QLabel))
    window.ctx.hub.navigate.emit("chapter", "ch9")
    assert window.screens["chapter"] is not screen  # a page of its own per chapter
    window.ctx.hub.navigate.emit("chapter", "ch7")
    assert window.screens["chapter"] is screen
    assert len(screen.findChildren(QLabel)) == made  # a repeat visit makes no new labels
    texts = visible_texts(screen)
    for sec in plan.sections(content, "ch9"):
        assert sec.summary.zh not in texts  # nothing left over from the chapter seen before
    for sec in plan.sections(content, "ch7"):
        assert sec.summary.zh in texts
    hidden = [c for c in screen.findChildren(TapCard) if not c.isVisibleTo(screen)]
    assert all(not c.title_label.text() for c in hidden)
    link = next(c for c in screen.findChildren(TapCard) if c.title_label.text() == "海绵城市")
    tap(qtbot, link)
    assert window.current_id == "glossary"

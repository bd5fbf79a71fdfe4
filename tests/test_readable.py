"""Readable from 1024x768 to 3840x2160, landscape and portrait: no label gets less room than its text
needs (home tiles, attract loop, top bar), and highlights end on a whole sentence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QLayout

from kiosk.data import plan
from kiosk.data.plan import whole_sentences
from kiosk.ui.widgets.common import ElidedLabel

SIZES = [(1024, 768), (1920, 1080), (3840, 2160), (768, 1024), (1080, 1920), (2160, 3840)]


def clipped(root) -> list[str]:
    """Visible labels whose text does not fit the room the layout gave them."""
    out = []
    for lab in root.findChildren(QLabel):
        if not lab.isVisible() or not lab.text() or isinstance(lab, ElidedLabel):
            continue
        if lab.wordWrap():
            needs = lab.heightForWidth(lab.width())
            if lab.height() + 1 < needs:
                out.append(f"{lab.text()[:30]!r}: {lab.height()} px tall, needs {needs}")
        elif lab.width() + 1 < lab.sizeHint().width() or lab.height() + 1 < lab.sizeHint().height():
            out.append(f"{lab.text()[:30]!r}: {lab.width()}x{lab.height()} for {lab.sizeHint().toTuple()}")
    return out


def cut_off(root) -> list[str]:
    """Visible labels and buttons that run out of a parent's area, so part of them is never drawn.

    Inside a scroll view only the sides count: what is below the fold is reached by scrolling.
    """
    out = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        rect, child = QRect(widget.rect()), widget
        while child is not root and child.parentWidget() is not None:
            rect = rect.translated(child.pos())
            parent = child.parentWidget()
            area = parent.parentWidget()
            if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
                if rect.left() < -1 or rect.right() > parent.width() + 1:
                    out.append(f"{widget.text()[:30]!r}: right edge {rect.right()} in a "
                               f"{parent.width()} px wide scroll view")
                    break
                rect = rect.intersected(parent.rect())
                if rect.isEmpty():
                    break
            elif not parent.rect().adjusted(-1, -1, 1, 1).contains(rect):
                out.append(f"{widget.text()[:30]!r}: {rect.getRect()} outside its "
                           f"{parent.size().toTuple()} {type(parent).__name__}")
                break
            child = parent
    return out


def settle(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=3000)
    qtbot.wait(20)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_home_and_attract_loop_are_never_clipped(kiosk, qtbot, size):
    window = kiosk.window
    window.setMinimumSize(0, 0)
    for lang in ("zh_CN", "en"):
        for elder in (False, True):
            window.set_language(lang)
            window.set_elder_mode(elder)
            window.go_home()
            settle(qtbot, window, size)
            assert window.size().toTuple() == size  # no page pushes the window past the screen
            where = f"{lang} {'elder' if elder else 'normal'} {size}"
            assert not clipped(window.screen("home")), where
            assert not clipped(window.top_bar), where
            window.attract.begin()
            items = plan.highlights(kiosk.ctx.content, lang)
            window.attract.items = [max(items, key=lambda item: len(item[1]))]  # the longest text
            window.attract.index = -1
            window.attract.advance()
            qtbot.wait(20)
            assert not clipped(window.attract), where
            window.attract.end()


def test_highlights_end_on_a_whole_sentence(content):
    assert whole_sentences("一。二。三。", 4) == "一。二。"
    assert whole_sentences("A first sentence. A second one.", 20) == "A first sentence."
    long_first = "很" * 200 + "。后面。"
    assert whole_sentences(long_first, 160) == "很" * 200 + "。"  # the whole sentence, not cut
    assert whole_sentences("Version 2.5 is out. Next.", 22) == "Version 2.5 is out."
    for lang in ("zh_CN", "en"):
        for heading, text in plan.highlights(content, lang):
            source_cut = text.rstrip()[-1:] in "。！？；.!?;）)”\"" or len(text) < 160
            assert source_cut, f"{heading}: {text[-40:]!r}"


SMALL = [(1024, 768), (768, 1024)]
CHECKED = ["route", "search", "place", "indicator", "boxes", "box", "routes", "sports", "plan", "eldercare"]


@pytest.mark.parametrize("size", SMALL, ids=[f"{w}x{h}" for w, h in SMALL])
@pytest.mark.parametrize("screen_id", CHECKED)
def test_small_screens_in_elder_mode_are_never_cut(kiosk, qtbot, screen_id, size):
    """Route detail (map legend, notes, stop list), search (hint, keys), place, indicator and facts
    box pages, 长辈模式."""
    from kiosk.ui.screens import screen_class

    window = kiosk.window
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # as cover_screen does
    window.setMinimumSize(0, 0)
    window.set_elder_mode(True)
    cases = [args for _suffix, args in screen_class(screen_id).screenshot_args(kiosk.ctx)]
    assert cases
    for lang in ("zh_CN", "en"):
        window.set_language(lang)
        for args in cases:
            window.show_screen(screen_id, args)
            settle(qtbot, window, size)
            qtbot.wait(30)
            assert window.size().toTuple() == size
            screen = window.screen(screen_id)
            where = f"{screen_id} {args} {lang} elder {size}"
            assert not clipped(screen), where
            assert not cut_off(screen), where


@pytest.mark.parametrize("size", SMALL, ids=[f"{w}x{h}" for w, h in SMALL])
def test_top_bar_buttons_fit_with_read_aloud_shown(kiosk, qtbot, size):
    """768 px portrait in elder mode, English: four switches with read-aloud must still show whole."""
    window = kiosk.window
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(0, 0)
    window.set_elder_mode(True)
    for lang in ("en", "zh_CN"):
        window.set_language(lang)
        window.show_screen("routes")
        window.read_button.setVisible(True)  # as where a voice is found (tests run without speech)
        window.fit_top_bar()
        settle(qtbot, window, size)
        qtbot.wait(30)
        for button in window.switches.findChildren(QAbstractButton):
            if button.isVisible():
                hint = button.sizeHint().width()
                assert button.width() + 1 >= hint, f"{button.text()!r} {button.width()} < {hint} {lang}"
        assert not cut_off(window.top_bar), lang

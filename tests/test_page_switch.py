"""Page switches: only the shown screen takes repaints (hidden ones are skipped by the stack's update
walk), and every screen is still drawn when shown, the first one at start included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication


class Painted(QObject):
    """Notes which widgets received a Paint event (drawn on screen, not only by grab())."""

    def __init__(self):
        super().__init__()
        self.widgets: set[int] = set()

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.widgets.add(id(obj))
        return False


def colours_in_page(window) -> int:
    """How many colours the screen area of the window shows (a blank page shows one)."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    top = window.stack.geometry().top() + 8
    seen = set()
    for y in range(top, image.height() - 8, 7):
        for x in range(8, image.width() - 8, 7):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_the_first_screen_is_drawn_at_start(kiosk, qtbot):
    window = kiosk.window
    qtbot.wait(20)
    assert window.current_id == "home" and window.screens["home"].updatesEnabled()
    assert colours_in_page(window) > 10  # tiles, titles and counts, not an empty background


def test_only_the_shown_screen_takes_updates_and_each_is_drawn(kiosk, qtbot):
    window = kiosk.window
    for screen_id, args in (("plan", None), ("indicators", None), ("chapter", "ch2"), ("home", None),
                            ("plan", None), ("chapter", "ch9")):
        shown = window.screen(screen_id, args)  # a chapter has a page of its own per chapter
        painted = Painted()
        shown.installEventFilter(painted)
        window.ctx.hub.navigate.emit(screen_id, args)
        qtbot.waitUntil(lambda s=shown, p=painted: id(s) in p.widgets, timeout=5000)  # drawn on screen
        shown.removeEventFilter(painted)
        assert window.stack.currentWidget() is shown and shown.updatesEnabled()
        assert [w for w in window.all_screens() if w is not shown and w.updatesEnabled()] == []
        assert colours_in_page(window) > 10, screen_id


def test_wrapped_labels_remember_heights_but_never_a_stale_one(qtbot):
    """TextLabel keeps heightForWidth() per width (QLabel lays the text out on every call); a new
    text, font, style sheet, margin or wrap mode must give the height QLabel itself would give."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    from kiosk.ui.widgets.common import label

    text = "金山区第十四个五年规划和二〇三五年远景目标纲要 " * 6
    ours, plain = label(text), QLabel(text)
    plain.setWordWrap(True)
    for widget in (ours, plain):
        qtbot.addWidget(widget)

    def same(*widths):
        for width in widths:
            assert ours.heightForWidth(width) == plain.heightForWidth(width), width

    same(300, 600, 300, 1200)
    for change in (lambda w: w.setText(text * 2), lambda w: w.setFont(QFont(w.font().family(), 31)),
                   lambda w: w.setStyleSheet("font-size: 12px;"), lambda w: w.setMargin(20),
                   lambda w: w.setIndent(15), lambda w: w.clear(), lambda w: w.setText(text),
                   lambda w: w.setWordWrap(False)):
        change(ours)
        change(plain)
        same(300, 600)


def test_a_page_keeps_its_width_when_it_grows_past_the_screen_or_shrinks(kiosk, qtbot):
    """A worded indicator fits the screen, a charted one does not: the scroll bar keeps its room either
    way (empty and disabled when there is nothing to scroll), so the page is not laid out again at
    another width; a scroll bar that came and went made the slowest third of indicator changes."""
    window = kiosk.window
    widths, bars = [], []
    for code in ("20", "18", "20", "27"):
        window.show_screen("indicator", code)
        qtbot.wait(1)
        screen = window.screens["indicator"]
        bar = screen.scroll.verticalScrollBar()
        widths.append(screen.scroll.widget().width())
        bars.append((bar.isVisible(), bar.isEnabled(), bar.maximum() > 0))
    assert len(set(widths)) == 1, widths
    assert bars == [(True, True, True), (True, False, False), (True, True, True), (True, False, False)]


def test_a_screen_shows_one_background_colour_in_each_mode(kiosk, qtbot):
    """The window paints the background once; a screen paints its own only in elder mode (white), and
    scroll areas none (each full-screen fill cost ~0.5 ms of every page change, issue 14). Elder mode's
    heading area was grey above a white scrolling page before."""
    from kiosk.ui.resources import PALETTES

    window = kiosk.window
    for elder in (False, True):
        window.set_elder_mode(elder)
        window.show_screen("plan", None)
        qtbot.wait(10)
        screen = window.screens["plan"]
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        viewport = screen.scroll.viewport()
        beside_title = screen.mapTo(window, screen.rect().topLeft()) + QPoint(6, 6)
        inside_page = viewport.mapTo(window, viewport.rect().topRight()) + QPoint(-4, 40)
        want = QColor(PALETTES[elder]["bg"]).rgb()
        for where, point in (("beside the title", beside_title), ("in the scrolling page", inside_page)):
            assert image.pixel(point) == want, (elder, where)
        assert not viewport.autoFillBackground() and not screen.scroll.widget().autoFillBackground()


def test_every_pixel_of_the_window_is_painted_with_one_background_fill(kiosk, qtbot):
    """Qt fills the window with its palette's colour (the style sheet's, kiosk.qss) under whatever is
    repainted; the style sheet no longer paints that colour a second time (WA_StyledBackground off,
    kept off when the window is polished again). Nothing may be left unpainted: a pixel no one paints
    shows whatever the previous page left there. Rendered over magenta, no magenta may remain."""
    from PySide6.QtCore import Qt

    from kiosk.ui.resources import PALETTES

    window = kiosk.window
    magenta = QColor("#ff00ff").rgb()
    for elder in (False, True, False):  # elder mode sets style sheets; back again
        window.set_elder_mode(elder)
        for screen_id, args in (("home", None), ("indicator", "10"), ("sports", None),
                                ("route", "south_line")):
            window.show_screen(screen_id, args)
            qtbot.wait(5)
            assert not window.testAttribute(Qt.WidgetAttribute.WA_StyledBackground), (elder, screen_id)
            image = QImage(window.size(), QImage.Format.Format_RGB32)
            image.fill(magenta)
            window.render(image)
            unpainted = [(x, y) for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
                         if image.pixel(x, y) == magenta]
            assert unpainted == [], (elder, screen_id, len(unpainted), unpainted[:3])
        corner = window.stack.mapTo(window, window.stack.rect().bottomLeft()) + QPoint(2, -2)
        assert image.pixel(corner) == QColor(PALETTES[elder]["bg"]).rgb(), elder
    # polished again (PySide can make Qt polish a widget again long after it was shown): the style
    # sheet sets the attribute again, the window takes it off again
    QApplication.sendEvent(window, QEvent(QEvent.Type.Polish))
    assert not window.testAttribute(Qt.WidgetAttribute.WA_StyledBackground)


class WindowPaints(QObject):
    """Counts the window's Paint events: one per frame the resident sees."""

    def __init__(self, window):
        super().__init__()
        self.window, self.count = window, 0

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if obj is self.window and event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.mark.parametrize("changes", [
    [("indicator", "20"), ("indicator", "18"), ("indicator", "21"), ("indicator", "1")],
    [("route", "south_line"), ("route", "north_line"), ("chapter", "ch2"), ("chapter", "ch9")],
])
def test_a_page_change_is_painted_once_with_nothing_left_to_do(kiosk, qtbot, changes):
    """Texts queued their repaints before their layouts, a note or chart shown again asked for its
    repaint after the first paint, pyqtgraph applied ranges and axis widths at paint time and the
    numbers table deferred its geometry to timers: a page change painted the page twice, the first
    time half-done. Now one paint draws the final page, and nothing is left for the next moment."""
    window = kiosk.window
    for screen_id, args in changes:  # first visits build and lay out once
        window.show_screen(screen_id, args)
        qtbot.wait(5)
    paints = WindowPaints(window)
    QApplication.instance().installEventFilter(paints)
    try:
        for screen_id, args in changes:
            paints.count = 0
            window.show_screen(screen_id, args)
            QApplication.processEvents()
            assert paints.count == 1, (screen_id, args, paints.count)
            for _ in range(3):  # whatever was queued or timed for later
                qtbot.wait(1)
            assert paints.count == 1, (screen_id, args, "painted again afterwards")
    finally:
        QApplication.instance().removeEventFilter(paints)

"""Page switches: only the shown screen takes repaints (hidden ones are skipped by the stack's update
walk), and every screen is still drawn when shown, the first one at start included."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage


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
        shown = window.screen(screen_id)
        painted = Painted()
        shown.installEventFilter(painted)
        window.ctx.hub.navigate.emit(screen_id, args)
        qtbot.waitUntil(lambda s=shown, p=painted: id(s) in p.widgets, timeout=5000)  # drawn on screen
        shown.removeEventFilter(painted)
        assert window.stack.currentWidget() is shown and shown.updatesEnabled()
        assert [s for s, w in window.screens.items() if s != screen_id and w.updatesEnabled()] == []
        assert colours_in_page(window) > 10, screen_id

"""The warm-up builds every screen ahead while nobody touches, and never while someone does."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui import warmup
from kiosk.ui.screens import SCREENS
from tests.uitools import HAN, visible_texts, window_tap


def test_warmup_builds_every_screen_and_leaves_the_visitor_where_they_are(kiosk, qtbot):
    window = kiosk.window
    window.ctx.hub.navigate.emit("plan", None)
    history = list(window.history)
    window.warmup.start()
    qtbot.waitUntil(lambda: window.warmup.done, timeout=120_000)
    assert set(window.screens) == set(SCREENS)
    assert "pyqtgraph" in sys.modules and "numpy" in sys.modules
    assert not window.warmup.steps and "charts" in window.warmup.step_ms
    assert window.current_id == "plan" and window.history == history
    assert window.stack.currentWidget() is window.screens["plan"]
    # a screen built ahead still shows the language chosen after it was built
    window.set_language("en")
    window.ctx.hub.navigate.emit("indicators", None)
    texts = visible_texts(window.screens["indicators"])
    assert texts and not [t for t in texts if HAN.search(t)]


def test_a_touch_pauses_the_warmup(kiosk, qtbot, monkeypatch):
    monkeypatch.setattr(warmup, "QUIET_S", 3600.0)
    window = kiosk.window
    window.idle.start()  # the window's input filter that notices touches
    try:
        window_tap(window.title_label)
        window.warmup.start()
        qtbot.wait(300)
        assert window.warmup.step_ms == {}  # nothing ran while the visitor is there
        window.idle.last_input = float("-inf")  # long ago: the kiosk stands idle again
        qtbot.waitUntil(lambda: "charts" in window.warmup.step_ms, timeout=60_000)
    finally:
        window.idle.stop()
        window.warmup.steps.clear()  # the rest would run on in later tests' event loops


def test_a_hidden_screen_catches_up_with_elder_mode_when_shown(kiosk, qtbot):
    from kiosk.ui.screens.routes import thumb_size

    window = kiosk.window
    window.ctx.hub.navigate.emit("routes", None)
    routes = window.screens["routes"]
    card = routes.cards[0]
    assert card.picture.size() == thumb_size(False)
    window.ctx.hub.navigate.emit("home", None)
    window.set_elder_mode(True)
    assert card.picture.size() == thumb_size(False)  # hidden: nothing redrawn yet
    window.ctx.hub.navigate.emit("routes", None)
    assert card.picture.size() == thumb_size(True)  # caught up before it was shown
    window.set_elder_mode(False)  # shown: follows at once
    assert card.picture.size() == thumb_size(False)


class WindowShows(QObject):
    """Every top-level widget shown, other than the kiosk's window."""

    def __init__(self, window):
        super().__init__()
        self.window, self.shown = window, []

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow()
                and obj is not self.window):
            self.shown.append(obj.metaObject().className())
        return False


def test_building_and_visiting_every_screen_shows_no_window_of_its_own(kiosk, qtbot):
    """A widget shown before it has a parent is a window: it flashed on the display and took the
    kiosk window's activation (found by the bench; a facility card's source line, the chapter
    page's pooled cards)."""
    from bench.ui import nav_targets

    window = kiosk.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    watch = WindowShows(window)
    app = QApplication.instance()
    app.installEventFilter(watch)
    try:
        window.warmup.start()
        qtbot.waitUntil(lambda: window.warmup.done, timeout=120_000)
        for screen_id, args in nav_targets(window.ctx):
            window.ctx.hub.navigate.emit(screen_id, args)
    finally:
        app.removeEventFilter(watch)
    assert watch.shown == []
    assert window.isActiveWindow()

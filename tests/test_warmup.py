"""The warm-up builds every screen ahead while nobody touches, and never while someone does."""

from __future__ import annotations

import sys

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

"""The tap guard on real widgets: a double tap acts once (fake clock, no wall-clock timing)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.ui.screens.indicators import IndicatorCard


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_tap_on_what_just_appeared_does_nothing(kiosk, qtbot):
    window = kiosk.window
    guard = window.install_tap_guard()
    guard.clock = clock = Clock()
    try:
        home = window.screen("home")
        qtbot.mouseClick(home.tiles["indicators"], Qt.MouseButton.LeftButton)
        assert window.current_id == "indicators"
        card = next(c for c in window.screen("indicators").findChildren(IndicatorCard) if c.isVisible())
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # the finger's second tap, same instant
        assert window.current_id == "indicators" and guard.ignored == 1
        clock.now += 0.5  # a deliberate tap later acts
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        assert window.current_id == "indicator"
    finally:
        kiosk.app.removeEventFilter(guard)


def test_toggles_ignore_a_second_tap_in_the_window(kiosk, qtbot):
    window = kiosk.window
    guard = window.install_tap_guard()
    guard.clock = clock = Clock()
    try:
        clock.now += 1
        qtbot.mouseClick(window.elder_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.elder_button, Qt.MouseButton.LeftButton)
        assert window.ctx.state.elder_mode is True
        clock.now += 1
        qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
        clock.now += 0.1
        qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
        assert window.ctx.state.language == "en"
        clock.now += 1
        qtbot.mouseClick(window.elder_button, Qt.MouseButton.LeftButton)
        assert window.ctx.state.elder_mode is False
    finally:
        kiosk.app.removeEventFilter(guard)


def press(widget, ts: int) -> None:
    """A press and release carrying the window system's timestamp ts (ms), as X delivers them."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    local = QPointF(widget.rect().center())
    glob = QPointF(widget.mapToGlobal(widget.rect().center()))
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, local, glob, Qt.MouseButton.LeftButton, buttons,
                            Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(ts)
        QApplication.sendEvent(widget, event)


def test_a_double_tap_handled_late_on_a_busy_machine_still_acts_once(kiosk, qtbot):
    """The second press is handled a second after the first (the UI was busy), 120 ms after it by
    its own timestamp: it is still the same finger's double tap."""
    window = kiosk.window
    guard = window.install_tap_guard()
    guard.clock = clock = Clock()
    try:
        clock.now += 1
        press(window.elder_button, 10_000)
        clock.now += 1.0
        press(window.elder_button, 10_120)
        assert window.ctx.state.elder_mode is True and guard.ignored == 1
        clock.now += 1.0
        press(window.elder_button, 11_500)  # a deliberate tap later acts
        assert window.ctx.state.elder_mode is False
        clock.now += 1.0
        press(window.screen("home").tiles["indicators"], 20_000)
        assert window.current_id == "indicators"
        clock.now += 1.0
        card = next(c for c in window.screen("indicators").findChildren(IndicatorCard) if c.isVisible())
        press(card, 20_150)
        assert window.current_id == "indicators" and guard.ignored == 2
    finally:
        kiosk.app.removeEventFilter(guard)

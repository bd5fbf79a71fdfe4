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

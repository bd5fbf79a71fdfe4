"""The tap guard on real widgets: a double tap acts once (fake clock, no wall-clock timing)."""

from __future__ import annotations

from kiosk.ui.screens.indicators import IndicatorCard
from tests.uitools import on_screen, window_tap


def scrolled_to_first_card(window) -> IndicatorCard:
    """The first indicator card, scrolled into view as a visitor would."""
    screen = window.screen("indicators")
    card = next(c for c in screen.findChildren(IndicatorCard) if c.isVisible())
    screen.scroll.ensureWidgetVisible(card)
    assert on_screen(card)
    return card


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
        window_tap(home.tiles["indicators"])
        assert window.current_id == "indicators"
        card = scrolled_to_first_card(window)
        window_tap(card)  # the finger's second tap, same instant
        assert window.current_id == "indicators" and guard.ignored == 1
        clock.now += 0.5  # a deliberate tap later acts
        window_tap(card)
        assert window.current_id == "indicator"
    finally:
        guard.window_input.remove()


def test_toggles_ignore_a_second_tap_in_the_window(kiosk, qtbot):
    window = kiosk.window
    guard = window.install_tap_guard()
    guard.clock = clock = Clock()
    try:
        clock.now += 1
        window_tap(window.elder_button)
        window_tap(window.elder_button)
        assert window.ctx.state.elder_mode is True
        clock.now += 1
        window_tap(window.language_button)
        clock.now += 0.1
        window_tap(window.language_button)
        assert window.ctx.state.language == "en"
        clock.now += 1
        window_tap(window.elder_button)
        assert window.ctx.state.elder_mode is False
    finally:
        guard.window_input.remove()


def test_a_double_tap_handled_late_on_a_busy_machine_still_acts_once(kiosk, qtbot):
    """The second press is handled a second after the first (the UI was busy), 120 ms after it by
    its own timestamp: it is still the same finger's double tap."""
    window = kiosk.window
    guard = window.install_tap_guard()
    guard.clock = clock = Clock()
    try:
        clock.now += 1
        window_tap(window.elder_button, 10_000)
        clock.now += 1.0
        window_tap(window.elder_button, 10_120)
        assert window.ctx.state.elder_mode is True and guard.ignored == 1
        clock.now += 1.0
        window_tap(window.elder_button, 11_500)  # a deliberate tap later acts
        assert window.ctx.state.elder_mode is False
        clock.now += 1.0
        window_tap(window.screen("home").tiles["indicators"], 20_000)
        assert window.current_id == "indicators"
        clock.now += 1.0
        card = scrolled_to_first_card(window)
        window_tap(card, 20_150)
        assert window.current_id == "indicators" and guard.ignored == 2
    finally:
        guard.window_input.remove()

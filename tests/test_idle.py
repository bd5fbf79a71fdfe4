"""Idle reset: countdown warning that a touch cancels, then home, default language, elder off, attract."""

from __future__ import annotations

from tests.uitools import tap, window_tap


def test_idle_reset_returns_to_the_initial_state(kiosk, qtbot):
    window, idle = kiosk.window, kiosk.window.idle
    window.ctx.hub.navigate.emit("chapter", "ch9")
    window.screens["chapter"].scroll.verticalScrollBar().setValue(400)
    window.set_language("en")
    window.set_elder_mode(True)
    for _ in range(idle.timeout_s - idle.warning_s):
        idle.tick()
    assert window.overlay.isVisible() and window.overlay.kind == "idle"
    assert str(idle.warning_s) in window.overlay.text.text()
    for _ in range(idle.warning_s):
        idle.tick()
    assert window.current_id == "home"
    assert kiosk.ctx.state.language == "zh_CN" and not kiosk.ctx.state.elder_mode
    assert not window.elder_button.isChecked()
    assert window.screens["chapter"].scroll.verticalScrollBar().value() == 0
    assert window.attract.isVisible() and window.attract.heading.text()
    tap(qtbot, window.attract)
    assert not window.attract.isVisible()
    assert window.current_id == "home"


def test_a_touch_during_the_warning_cancels_the_reset(kiosk, qtbot):
    window, idle = kiosk.window, kiosk.window.idle
    window.ctx.hub.navigate.emit("plan", None)
    for _ in range(idle.timeout_s - 3):
        idle.tick()
    assert window.overlay.isVisible()
    idle.activity()  # what the window's input filter calls on any touch
    assert not window.overlay.isVisible()
    for _ in range(idle.timeout_s - 1):
        idle.tick()
    assert window.current_id == "plan"


def test_event_filter_sees_touches(kiosk, qtbot):
    window, idle = kiosk.window, kiosk.window.idle
    idle.start()
    try:
        idle.idle_s = 42
        window_tap(window.language_button)  # through the window, where the watcher listens
        assert idle.idle_s == 0
    finally:
        idle.stop()


def test_unexpected_error_goes_home_with_an_apology(kiosk, qtbot):
    window = kiosk.window
    window.ctx.hub.navigate.emit("plan", None)
    kiosk.handle_exception(RuntimeError, RuntimeError("boom"), None)
    qtbot.waitUntil(lambda: window.overlay.isVisible())
    assert window.current_id == "home"
    assert window.overlay.kind == "error"
    assert "boom" not in window.overlay.text.text()


def test_attract_loop_is_not_interrupted_by_countdowns(kiosk, qtbot):
    window, idle = kiosk.window, kiosk.window.idle
    for _ in range(idle.timeout_s):
        idle.tick()
    assert window.attract.isVisible()
    resets = []
    kiosk.ctx.hub.idle_reset.connect(lambda: resets.append(1))
    for _ in range(idle.timeout_s * 3):
        idle.tick()
    assert window.attract.isVisible() and not window.overlay.isVisible()
    assert resets == []  # an empty hall sees highlights, not a countdown aimed at nobody
    tap(qtbot, window.attract)
    assert not idle.attracting and idle.idle_s == 0
    for _ in range(idle.timeout_s - 2):
        idle.tick()
    assert window.overlay.isVisible() and window.overlay.kind == "idle"  # the clock runs again


def test_idle_reset_resets_every_visited_screen(kiosk, qtbot, monkeypatch):
    window = kiosk.window
    visited = [("plan", None), ("search", None), ("routes", None), ("sports", None)]
    for screen_id, args in visited:
        window.ctx.hub.navigate.emit(screen_id, args)
    calls = []
    for screen_id, _ in visited:
        monkeypatch.setattr(window.screens[screen_id], "reset",
                            lambda s=screen_id: calls.append(s))
    kiosk.ctx.hub.idle_reset.emit()
    assert sorted(calls) == sorted(s for s, _ in visited)

"""Kiosk mode: exit keys do nothing and the window refuses to close unless staff allow it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.ui.guard import is_blocked
from tests.uitools import window_key, window_tap


def test_exit_keys_are_blocked_and_typing_is_not():
    alt, ctrl, none = (Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier,
                       Qt.KeyboardModifier.NoModifier)
    assert is_blocked(Qt.Key.Key_F4, alt)
    assert is_blocked(Qt.Key.Key_Tab, alt)
    assert is_blocked(Qt.Key.Key_W, ctrl)
    assert is_blocked(Qt.Key.Key_Escape, none)
    assert not is_blocked(Qt.Key.Key_W, none)
    assert not is_blocked(Qt.Key.Key_A, none)


def test_guard_swallows_escape_on_real_widgets(kiosk, qtbot):
    from kiosk.ui.guard import KioskKeyGuard, WindowInput

    guard = KioskKeyGuard()
    window_input = WindowInput(kiosk.window, guard)
    try:
        seen = []
        kiosk.window.keyPressEvent = lambda event: seen.append(event.key())
        window_key(kiosk.window, Qt.Key.Key_Escape)
        window_key(kiosk.window, Qt.Key.Key_A)
        assert seen == [Qt.Key.Key_A]
    finally:
        window_input.remove()


def test_window_refuses_to_close_in_kiosk_mode(kiosk):
    window = kiosk.window
    window.kiosk_mode = True
    assert not window.close()
    assert window.isVisible()
    window.allow_close = True
    assert window.close()


def test_kiosk_window_covers_the_screen_again_when_the_screen_changes(kiosk, qtbot):
    """Rotation or a new resolution: the screen reports a new geometry and the window follows."""
    window = kiosk.window
    window.cover_screen()
    screen = kiosk.app.primaryScreen()
    qtbot.waitUntil(lambda: window.geometry() == screen.geometry(), timeout=3000)
    window.showNormal()
    window.setGeometry(10, 10, 500, 400)  # as a stale size after a rotation would leave it
    qtbot.waitUntil(lambda: window.width() == 500, timeout=3000)
    screen.geometryChanged.emit(screen.geometry())
    qtbot.waitUntil(lambda: window.geometry() == screen.geometry(), timeout=3000)


def test_the_running_kiosks_guards_and_idle_watcher_act_through_one_window_filter(kiosk, qtbot):
    """As exec() installs them, on the window's input: exit keys are eaten (and are no activity for
    the idle watcher), other keys count as activity, and a tap right after the screen changed does
    nothing; page changes never reach them."""
    window = kiosk.window
    kiosk.install_input_filters(kiosk_mode=True)
    try:
        idle = window.idle
        seen = []
        window.keyPressEvent = lambda event: seen.append(event.key())
        idle.last_input = float("-inf")
        window_key(window, Qt.Key.Key_Escape)
        assert seen == [] and idle.last_input == float("-inf")
        window_key(window, Qt.Key.Key_A)
        assert seen == [Qt.Key.Key_A] and idle.last_input > float("-inf")
        language = window.ctx.state.language
        seen_events = []
        original = kiosk.input_filters.eventFilter
        kiosk.input_filters.eventFilter = lambda o, e: (seen_events.append(e.type()), original(o, e))[1]
        window.show_screen("plan")  # the tap guard's change: the next tap within 0.3 s does nothing
        assert seen_events == []  # a page change is no input: the filters are not even asked
        window_tap(window.language_button)
        assert kiosk.tap_guard.ignored == 1 and window.ctx.state.language == language
        assert seen_events  # the tap was: the check above can see what reaches the filters
    finally:
        kiosk.window_input.remove()
        window.idle.stop()


def test_kiosk_window_is_frameless_before_its_children_are_built(qtbot, content_db):
    """The full-screen kiosk's window gets its frameless flag when it is made (setting it at exec()
    re-polished every child before the first frame); a windowed run keeps its frame."""
    from kiosk.ui.application import KioskApplication

    frameless = Qt.WindowType.FramelessWindowHint
    for kiosk_mode in (True, False):
        app = KioskApplication(db_path=content_db, lang="zh_CN", kiosk_mode=kiosk_mode)
        qtbot.addWidget(app.window)
        assert bool(app.window.windowFlags() & frameless) is kiosk_mode

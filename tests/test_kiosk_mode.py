"""Kiosk mode: exit keys do nothing and the window refuses to close unless staff allow it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.ui.guard import is_blocked


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
    from kiosk.ui.guard import KioskKeyGuard

    guard = KioskKeyGuard()
    kiosk.app.installEventFilter(guard)
    try:
        seen = []
        kiosk.window.keyPressEvent = lambda event: seen.append(event.key())
        qtbot.keyClick(kiosk.window, Qt.Key.Key_Escape)
        qtbot.keyClick(kiosk.window, Qt.Key.Key_A)
        assert seen == [Qt.Key.Key_A]
    finally:
        kiosk.app.removeEventFilter(guard)


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

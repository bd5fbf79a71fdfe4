"""Kiosk mode: the keys that could leave the kiosk do nothing; only staff close it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

MODIFIED_BLOCKED = {
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_F4),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Tab),
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_W),
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Q),
}
ALWAYS_BLOCKED = {Qt.Key.Key_Escape, Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R}


def is_blocked(key: int, modifiers) -> bool:
    if key in ALWAYS_BLOCKED:
        return True
    return any(key == k and modifiers & mod for mod, k in MODIFIED_BLOCKED)


class KioskKeyGuard(QObject):
    """Application-wide filter that swallows exit keys (installed only in kiosk mode)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return is_blocked(event.key(), event.modifiers())
        return False

"""Kiosk mode: the keys that could leave the kiosk do nothing; only staff close it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputEvent, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

log = logging.getLogger(__name__)

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


TAP_WINDOW_S = 0.3  # a finger's double tap; no resident means two taps this fast
TAP_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


class TapGuard(QObject):
    """Application-wide: a tap on something that appeared under the finger less than TAP_WINDOW_S
    ago does nothing, and a toggle ignores a second tap within that window (no double tap goes two
    screens deep or switches elder mode on and straight off)."""

    def __init__(self, parent: QObject | None = None, window_s: float = TAP_WINDOW_S, clock=None):
        super().__init__(parent)
        import time

        self.window_s = window_s
        self.clock = clock or time.monotonic
        self.changed_at = float("-inf")
        self.last_toggle: tuple[object, float, int] = (None, float("-inf"), 0)
        # The input events' own timestamps (ms, from the window system; 0 when unknown): on a busy
        # machine a double tap's second press may be handled long after it happened, so "how long
        # after the first tap" is read from the events, not from when they were handled.
        self.tap_ts = 0
        self.change_tap_ts = 0
        self.swallowing = False
        self.watched: list = []
        self.ignored = 0  # taps swallowed (for tests and the log)

    def mark_change(self, *_args) -> None:
        """Something new is on the screen: what is now under a finger was not there a moment ago."""
        self.changed_at = self.clock()
        self.change_tap_ts = self.tap_ts  # the tap that led here, if a tap did

    def soon_after(self, ts: int, earlier: int) -> bool:
        """Both events carry a timestamp and the second came within the window of the first."""
        return bool(ts and earlier) and 0 < ts - earlier < self.window_s * 1000

    def watch(self, widget) -> None:
        """A cover (overlay, attract loop) whose appearance counts as a change."""
        self.watched.append(widget)

    @staticmethod
    def is_toggle(obj) -> bool:
        return bool(obj.property("tap_toggle")) or (isinstance(obj, QAbstractButton) and obj.isCheckable())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override (sees every event: keep it cheap)
        kind = event.type()
        if kind == QEvent.Type.Show and any(obj is w for w in self.watched):
            self.mark_change()
            return False
        if not isinstance(obj, QWidget):
            return False
        if kind in TAP_EVENTS:
            now, ts = self.clock(), int(event.timestamp())
            toggle, toggled_at, toggled_ts = self.last_toggle
            if (now - self.changed_at < self.window_s or self.soon_after(ts, self.change_tap_ts)
                    or (obj is toggle and (now - toggled_at < self.window_s
                                           or self.soon_after(ts, toggled_ts)))):
                self.swallowing = True
                self.ignored += 1
                log.info("tap ignored: %s", "a second tap on a toggle" if obj is toggle else
                         "on what appeared under the finger a moment ago")
                return True
            self.swallowing = False
            self.tap_ts = ts
            if self.is_toggle(obj):
                self.last_toggle = (obj, now, ts)
            return False
        if self.swallowing and kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove):
            if kind == QEvent.Type.MouseButtonRelease:
                self.swallowing = False
            return True
        return False


# What the kiosk's filters look at: input (taps, keys; shortcut overrides are key events) and a
# cover being shown (the tap guard). No other event can change what they decide.
WATCHED_EVENTS = (QInputEvent, QShowEvent)


class EventFilters(QObject):
    """Several application-wide event filters installed as one, asked in order until one eats the
    event. Every event of every object passes through an application filter (~2,000 per page
    switch); each Python filter costs PySide a call into Python and wrappers for the object and the
    event, so the kiosk's three (key guard, tap guard, idle watcher) share one call."""

    def __init__(self, filters, parent: QObject | None = None):
        super().__init__(parent)
        self.filters = [f.eventFilter for f in filters]

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if not isinstance(event, WATCHED_EVENTS):  # paint, layout, timers...: a C-level type test
            return False
        for event_filter in self.filters:  # noqa: SIM110 - a generator costs more on this hot path
            if event_filter(obj, event):
                return True
        return False

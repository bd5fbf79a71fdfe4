"""Kiosk mode: the keys that could leave the kiosk do nothing; only staff close it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputEvent
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
    """On the window's input: a tap on something that appeared under the finger less than
    TAP_WINDOW_S ago does nothing, and a toggle ignores a second tap within that window (no double
    tap goes two screens deep or switches elder mode on and straight off)."""

    def __init__(self, parent: QWidget | None = None, window_s: float = TAP_WINDOW_S, clock=None):
        super().__init__(parent)
        import time

        self.root = parent  # the window whose input this guard sees (see toggle_under)
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
        self.covers = _CoverWatch(self)
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
        widget.installEventFilter(self.covers)

    @staticmethod
    def is_toggle(obj) -> bool:
        return bool(obj.property("tap_toggle")) or (isinstance(obj, QAbstractButton) and obj.isCheckable())

    def toggle_under(self, event) -> QWidget | None:
        """The toggle the press lands on, if any: the widget under it or the parent Qt would pass the
        press on to (a widget that takes presses itself, a button, ends the search)."""
        root = self.root
        widget = root.childAt(event.position().toPoint()) if root is not None else None
        while widget is not None and widget is not root:
            if self.is_toggle(widget):
                return widget
            if isinstance(widget, QAbstractButton):
                return None
            widget = widget.parentWidget()
        return None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override (the window's input only)
        kind = event.type()
        if kind in TAP_EVENTS:
            now, ts = self.clock(), int(event.timestamp())
            toggle, toggled_at, toggled_ts = self.last_toggle
            under = self.toggle_under(event)
            again = (under is not None and under is toggle
                     and (now - toggled_at < self.window_s or self.soon_after(ts, toggled_ts)))
            if again or now - self.changed_at < self.window_s or self.soon_after(ts, self.change_tap_ts):
                self.swallowing = True
                self.ignored += 1
                log.info("tap ignored: %s", "a second tap on a toggle" if again
                         else "on what appeared under the finger a moment ago")
                return True
            self.swallowing = False
            self.tap_ts = ts
            if under is not None:
                self.last_toggle = (under, now, ts)
            return False
        if self.swallowing and kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove):
            if kind == QEvent.Type.MouseButtonRelease:
                self.swallowing = False
            return True
        return False


class _CoverWatch(QObject):
    """Tells the tap guard when a cover it watches (overlay, attract loop, PIN pad) is shown."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            self.parent().mark_change()
        return False


# What the kiosk's filters look at: input (taps, keys). No other event can change what they decide.
WATCHED_EVENTS = (QInputEvent,)


class EventFilters(QObject):
    """Several event filters installed as one, asked in order until one eats the event (key guard,
    tap guard, idle watcher: a swallowed exit key is no input for the idle watcher)."""

    def __init__(self, filters, parent: QObject | None = None):
        super().__init__(parent)
        self.filters = [f.eventFilter for f in filters]

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if not isinstance(event, WATCHED_EVENTS):  # expose, update requests...: a C-level type test
            return False
        for event_filter in self.filters:  # noqa: SIM110 - a generator costs more on this hot path
            if event_filter(obj, event):
                return True
        return False


class WindowInput(QObject):
    """Puts an input filter on a top-level widget's native window (its QWindow), and again on a new
    one if Qt ever makes the window anew.

    Every input event of the screen reaches the QWindow first, before Qt hands it to the widget
    under the finger or to the focus widget; a filter there sees input and the window's few own
    events. An application-wide filter saw every event of every object instead (~1,400 show, hide,
    layout and paint events per page change of the indicators list, each a call into Python: ~4 ms
    of a 12 ms page change, issue 14). Input made by QTest for a widget skips the window: tests
    tap through the window (tests/uitools.py)."""

    def __init__(self, widget: QWidget, input_filter: QObject):
        super().__init__(widget)
        self.widget, self.input_filter, self.handle = widget, input_filter, None
        widget.installEventFilter(self)  # to follow a new native window: it comes with a Show
        self.attach()

    def attach(self) -> None:
        handle = self.widget.windowHandle()
        if handle is None or handle is self.handle:
            return
        self.detach()
        self.handle = handle
        handle.installEventFilter(self.input_filter)

    def detach(self) -> None:
        import shiboken6

        if self.handle is not None and shiboken6.isValid(self.handle):
            self.handle.removeEventFilter(self.input_filter)
        self.handle = None

    def remove(self) -> None:
        """Stop filtering (at exit, before Qt takes the window down; the idle watcher's stop)."""
        self.detach()
        self.widget.removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        # Only Show: while Qt takes a window down (WinIdChange, at exit) nothing may be done here; an
        # exception out of a filter then aborts the process inside shiboken.
        if event.type() == QEvent.Type.Show:
            try:
                self.attach()
            except RuntimeError:  # a C++ object already gone
                log.exception("window input: could not follow the window")
        return False

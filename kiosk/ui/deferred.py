"""Elder mode for hidden screens: their restyling waits until they are shown (or the kiosk is quiet).

Once every screen is built ahead, an elder switch made every hidden screen redraw its route pictures,
restyle its lists and resize its charts at once (~250 ms); only the screen in view needs to change now.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakSet

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

_pending: WeakSet = WeakSet()  # followers with a change still to apply (catch_up looks only at these)


class _ElderFollower(QObject):
    """Calls handler(on) when elder mode changes while its widget is visible, else when caught up."""

    def __init__(self, widget: QWidget, hub, handler: Callable[[bool], None]):
        super().__init__(widget)  # the connection dies with the widget
        self.widget, self.handler = widget, handler
        self.pending: bool | None = None
        hub.elder_mode_changed.connect(self.changed)

    @Slot(bool)
    def changed(self, on: bool) -> None:
        if self.widget.isVisible():
            self.pending = None
            _pending.discard(self)
            self.handler(on)
        else:
            self.pending = on
            _pending.add(self)

    def flush(self) -> None:
        _pending.discard(self)
        if self.pending is not None:
            on, self.pending = self.pending, None
            self.handler(on)


def follow_elder_mode(widget: QWidget, hub, handler: Callable[[bool], None]) -> None:
    """Like hub.elder_mode_changed.connect(handler), but a hidden widget catches up later."""
    _ElderFollower(widget, hub, handler)


def catch_up(root: QWidget) -> None:
    """Run what elder switches left pending for root and everything inside it (before it is shown)."""
    for follower in list(_pending):  # usually none: every page change calls this
        widget = follower.widget
        if widget is root or root.isAncestorOf(widget):
            follower.flush()

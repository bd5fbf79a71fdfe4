"""Run work just after a window's first frame, so start-up bookkeeping never delays what residents see."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Waits for the widget's first Paint event, then queues the callbacks behind the frame's flush."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.callbacks: list[Callable[[], None]] = []
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.run)  # after this paint pass has been flushed to the screen
        return False

    def run(self) -> None:
        callbacks, self.callbacks = self.callbacks, []
        for callback in callbacks:
            callback()


def after_first_frame(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` once `widget` has been painted for the first time (at once if it already was)."""
    watcher = widget.findChild(_FirstPaint)
    if watcher is None:
        watcher = _FirstPaint(widget)
    if watcher.painted and not watcher.callbacks:
        QTimer.singleShot(0, callback)
        return
    watcher.callbacks.append(callback)

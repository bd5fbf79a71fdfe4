"""Idle reset: a countdown warning, then back to the defaults for the next visitor, then an attract loop."""

from __future__ import annotations

import random
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QInputEvent, QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.ui.widgets.common import label

INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.MouseMove,
}


class IdleWatcher(QObject):
    """Counts seconds without input; warns in the last seconds; emits the hub's idle_reset at zero."""

    warning = Signal(int)  # seconds left; 0 means the warning is over (input arrived)

    def __init__(self, hub, timeout_s: int, warning_s: int, parent: QObject | None = None):
        super().__init__(parent)
        self.hub = hub
        self.timeout_s = timeout_s
        self.warning_s = min(warning_s, timeout_s - 1)
        self.idle_s = 0
        self.last_input = float("-inf")  # time.monotonic() of the last touch, key or mouse event
        self.attracting = False
        self.window_input = None  # guard.WindowInput, when start() watches the window itself
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def start(self, filter_events: bool = True) -> None:
        """Watch the window's input (its parent's) and count idle seconds; filter_events=False: the
        caller passes the window's input to eventFilter (guard.EventFilters)."""
        if filter_events and self.window_input is None:
            from kiosk.ui.guard import WindowInput

            self.window_input = WindowInput(self.parent(), self)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.window_input is not None:
            self.window_input.remove()
            self.window_input = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        # The window's events pass here: the cheap class test first, the enum lookup (hashing a
        # Python enum is slow) only for input events.
        if isinstance(event, QInputEvent) and event.type() in INPUT_EVENTS:
            self.activity()
        return False

    def activity(self) -> None:
        self.last_input = time.monotonic()
        if self.idle_s > self.timeout_s - self.warning_s:
            self.warning.emit(0)
        self.idle_s = 0

    def tick(self) -> None:
        if self.attracting:
            return
        self.idle_s += 1
        left = self.timeout_s - self.idle_s
        if 0 < left <= self.warning_s:
            self.warning.emit(left)
        elif left <= 0:
            self.idle_s = 0
            self.warning.emit(0)
            self.hub.idle_reset.emit()


class AttractLoop(QWidget):
    """Full-window rotating highlights from the content after an idle reset; any touch ends it."""

    finished = Signal()

    def __init__(self, parent: QWidget, highlights):
        super().__init__(parent)
        self.highlights = highlights  # callable -> list[(heading, text)] in the current language
        self.items: list[tuple[str, str]] = []
        self.index = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 120, 120, 120)
        layout.addStretch(1)
        self.kicker = label(role="Small")
        self.heading = label(role="ScreenTitle")
        self.text = label()
        self.hint = label(role="Heading")
        for widget in (self.kicker, self.heading, self.text):
            layout.addWidget(widget)
        layout.addStretch(1)
        # Full width with centred text: an aligned word-wrapped label got a height for another width
        # and was cut top and bottom.
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint)
        self.margins = layout
        self.timer = QTimer(self)
        self.timer.setInterval(6000)
        self.timer.timeout.connect(self.advance)
        self.hide()

    def begin(self) -> None:
        self.items = self.highlights()
        random.shuffle(self.items)
        self.index = -1
        self.hint.setText("轻触屏幕开始  ·  Touch the screen to begin")  # both: anyone may come next
        self.advance()
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.timer.start()

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        """Margins shrink on small screens so the text keeps its room (1024x768)."""
        side = max(24, min(120, self.width() // 12))
        tall = max(24, min(120, self.height() // 12))
        self.margins.setContentsMargins(side, tall, side, tall)
        super().resizeEvent(event)

    def advance(self) -> None:
        if not self.items:
            return
        self.index = (self.index + 1) % len(self.items)
        heading, text = self.items[self.index]
        self.kicker.setText(tr("Did you know?"))
        self.heading.setText(heading)
        self.text.setText(text)

    def end(self) -> None:
        if self.isVisible():
            self.timer.stop()
            self.hide()
            self.finished.emit()

    def mousePressEvent(self, event):  # noqa: N802 - Qt override
        self.end()
        event.accept()

    def paintEvent(self, event):  # noqa: N802 - Qt override
        QPainter(self).fillRect(self.rect(), QColor("#ffffff"))

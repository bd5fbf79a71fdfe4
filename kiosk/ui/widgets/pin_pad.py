"""The staff PIN pad: digits, backspace and OK keys of at least 60 px, inside a dimming panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.ui.widgets.common import Card, label

KEY_PX = 72  # >= 60 px in every mode: staff may be in elder mode when they unlock
MAX_DIGITS = 12
LAYOUT = ("123", "456", "789")


class PinPad(QWidget):
    """A 3x4 keypad that collects digits (shown as dots) and emits submitted(pin) on OK."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pin = ""
        self.display = label(role="Heading", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(KEY_PX)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.digit_keys: dict[str, QPushButton] = {}
        for r, row in enumerate(LAYOUT):
            for c, digit in enumerate(row):
                grid.addWidget(self._digit(digit), r, c)
        self.back_key = self._key()
        self.back_key.clicked.connect(self.backspace)
        self.ok_key = self._key()
        self.ok_key.setObjectName("PrimaryKey")
        self.ok_key.clicked.connect(self.submit)
        grid.addWidget(self.back_key, 3, 0)
        grid.addWidget(self._digit("0"), 3, 1)
        grid.addWidget(self.ok_key, 3, 2)
        self.cancel_key = self._key()
        self.cancel_key.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.display)
        layout.addLayout(grid)
        layout.addWidget(self.cancel_key)
        self.retranslate_ui()

    def _key(self, text: str = "") -> QPushButton:
        key = QPushButton(text)
        key.setObjectName("Key")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setAutoRepeat(False)
        key.setMinimumSize(KEY_PX * 2, KEY_PX)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return key

    def _digit(self, digit: str) -> QPushButton:
        key = self._key(digit)
        key.clicked.connect(lambda _=False, d=digit: self.press(d))
        self.digit_keys[digit] = key
        return key

    def press(self, digit: str) -> None:
        if len(self.pin) < MAX_DIGITS:
            self.pin += digit
            self._show()

    def backspace(self) -> None:
        self.pin = self.pin[:-1]
        self._show()

    def clear(self) -> None:
        self.pin = ""
        self._show()

    def submit(self) -> None:
        if self.pin:
            pin, self.pin = self.pin, ""
            self._show()
            self.submitted.emit(pin)

    def set_enabled_keys(self, on: bool) -> None:
        for key in [*self.digit_keys.values(), self.back_key, self.ok_key]:
            key.setEnabled(on)

    def _show(self) -> None:
        self.display.setText("●" * len(self.pin) if self.pin else "—")

    def retranslate_ui(self) -> None:
        self.back_key.setText("⌫")
        self.back_key.setAccessibleName(tr("Delete the last digit"))
        self.ok_key.setText(tr("OK"))
        self.cancel_key.setText(tr("Cancel"))
        self._show()


class PinPanel(QWidget):
    """Covers the window (dimmed) with a card: heading, message line and the PIN pad."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = Card(role="Panel")
        self.card.setFixedWidth(KEY_PX * 2 * 3 + 20 + 2 * 10 + 60)
        self.heading = label(role="Heading")
        self.message = label()
        self.pad = PinPad()
        self.card.body.addWidget(self.heading)
        self.card.body.addWidget(self.message)
        self.card.body.addWidget(self.pad)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.pad.cancelled.connect(self.close_panel)
        self.hide()

    def open_panel(self, heading: str, message: str) -> None:
        self.heading.setText(heading)
        self.message.setText(message)
        self.pad.clear()
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def close_panel(self) -> None:
        self.pad.clear()
        self.hide()

    def paintEvent(self, event):  # noqa: N802 - Qt override
        QPainter(self).fillRect(self.rect(), QColor(0, 0, 0, 170))

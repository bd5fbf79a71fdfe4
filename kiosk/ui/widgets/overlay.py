"""An in-window message panel (help, apology, idle warning): no OS dialogs on a kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.widgets.common import Card, label


class Overlay(QWidget):
    """Dims the window and shows a card with a heading, a text and one button; any tap closes it."""

    closed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 60, 60, 60)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = Card(role="Panel")
        self.card.setMaximumWidth(900)
        self.heading = label(role="Heading")
        self.text = label()
        self.button = QPushButton()
        self.button.setObjectName("OverlayButton")
        self.button.clicked.connect(self.dismiss)
        self.card.body.addWidget(self.heading)
        self.card.body.addWidget(self.text)
        self.card.body.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.kind = ""
        self.hide()

    def show_message(self, kind: str, heading: str, text: str, button: str) -> None:
        self.kind = kind
        self.heading.setText(heading)
        self.text.setText(text)
        self.button.setText(button)
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def mousePressEvent(self, event):  # noqa: N802 - Qt override
        self.dismiss()

    def paintEvent(self, event):  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 150))

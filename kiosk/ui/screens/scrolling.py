"""A screen whose body is one kinetic scroll column, rebuilt from the content on each retranslate."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import KineticScrollArea, TapCard, clear_layout, label


class ScrollScreen(Screen):
    """Subclasses implement populate(); the body is cleared and filled again on language change."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.heading = label(role="ScreenTitle")
        self.root.addWidget(self.heading)
        holder = QWidget()
        self.body = QVBoxLayout(holder)
        self.body.setContentsMargins(0, 0, 12, 0)
        self.body.setSpacing(14)
        self.scroll = KineticScrollArea(holder)
        self.root.addWidget(self.scroll, 1)

    def open(self, args=None) -> None:
        changed = args != self.args
        super().open(args)
        if changed or self.body.count() == 0:
            self.retranslate_ui()
            self.scroll.scroll_to_top()

    def retranslate_ui(self) -> None:
        clear_layout(self.body)
        self.heading.setText(self.title())
        self.populate()
        self.body.addStretch(1)

    def populate(self) -> None:
        """Add the screen's widgets to self.body."""

    def reset(self) -> None:
        self.scroll.scroll_to_top()

    # -- building blocks ------------------------------------------------------------------------
    def add_heading(self, text: str) -> None:
        self.body.addWidget(label(text, role="Heading"))

    def add_text(self, text: str, role: str | None = None) -> None:
        self.body.addWidget(label(text, role=role))

    def add_link(self, title: str, text: str, screen_id: str, args) -> TapCard:
        card = TapCard(title, text)
        card.clicked.connect(lambda _=False: self.ctx.hub.navigate.emit(screen_id, args))
        self.body.addWidget(card)
        return card

    def add_button(self, text: str, screen_id: str, args) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _=False: self.ctx.hub.navigate.emit(screen_id, args))
        self.body.addWidget(button)
        return button

    def read_aloud_text(self) -> str:
        return self.title()

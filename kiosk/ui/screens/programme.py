"""What the 9073 and 11157 screens share: a scrolling page of sections and the facility directory."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import KineticScrollArea, label
from kiosk.ui.widgets.directory import FacilityDirectory


class ProgrammeScreen(Screen):
    """A scrolling page whose last section is the programme's facility directory."""

    program = ""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.page = QWidget()
        self.page_layout = QVBoxLayout(self.page)
        self.page_layout.setContentsMargins(0, 0, 16, 24)
        self.page_layout.setSpacing(18)
        self.scroll = KineticScrollArea(self.page)
        self.root.addWidget(self.scroll, 1)
        self.intro = label(role="Muted")
        self.page_layout.addWidget(self.intro)
        self.directory = FacilityDirectory(ctx, self.program)

    def page_room(self) -> int:
        """The width the page's sections get: the screen less its margins, the page's and the bar."""
        root, page = self.root.contentsMargins(), self.page_layout.contentsMargins()
        return (self.width() - root.left() - root.right() - page.left() - page.right()
                - self.scroll.verticalScrollBar().sizeHint().width())

    def add(self, widget: QWidget) -> QWidget:
        self.page_layout.addWidget(widget)
        return widget

    def finish_page(self) -> None:
        self.page_layout.addWidget(self.directory)
        self.page_layout.addStretch(1)

    def open(self, args=None) -> None:
        super().open(args)
        facility = args.get("facility") if isinstance(args, dict) else None
        if facility:
            card = self.directory.show_facility(facility)
            if card is not None:
                QTimer.singleShot(0, lambda: self._scroll_to(card))
        else:
            self.directory.refresh()  # the kiosk's location may have changed

    def _scroll_to(self, card: QWidget) -> None:
        if isValid(card) and card in self.directory.cards:  # the list may have been redrawn since
            self.scroll.ensureWidgetVisible(card, 0, 80)

    def reload(self) -> None:
        """New content: the directory, the content-built parts (_build) and every text again."""
        self.directory.reload()
        self._build()
        self.retranslate_ui()

    def _build(self) -> None:
        """Create the widgets that depend on the content; subclasses fill it."""

    def reset(self) -> None:
        self.directory.reset()
        self.scroll.scroll_to_top()

"""The base of every screen: the context, retranslate_ui on language change, reset on idle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.data.content import Text
from kiosk.i18n import language
from kiosk.ui.context import AppContext


class Screen(QWidget):
    """A full page of the kiosk. Subclasses build widgets once and fill texts in retranslate_ui."""

    screen_id = ""
    # True: the main window keeps a widget per argument (an indicator, a route, a chapter), so a page
    # shown again is not filled again (MainWindow.screen)
    page_per_item = False
    # Pages kept for such a screen: every indicator (31), route (8) and chapter (12) of today's content
    # fits. At the limit a new item takes the least recently shown page and fills it (no page is built
    # beyond it). Resident memory per page: indicator ~2.4 MiB, route ~5.3, chapter ~0.9, place ~5
    # (bench/ANALYSIS.md, seventh and eighth passes).
    pages_kept = 40

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Screen")
        # Style sheets paint the backgrounds of plain QWidgets only; a screen's (elder mode) needs this.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.ctx = ctx
        self.args: Any = None
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(32, 24, 32, 24)
        self.root.setSpacing(16)

    def scrolling_page(self, spacing: int = 16) -> QVBoxLayout:
        """Make the whole screen one kinetic scroll area (self.scroll); returns the page's layout."""
        from kiosk.ui.widgets.common import KineticScrollArea

        self.root.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(spacing)
        self.scroll = KineticScrollArea(page)
        self.root.addWidget(self.scroll)
        return layout

    @property
    def lang(self) -> str:
        return language()

    def t(self, text: Text | None) -> str:
        """The database text in the current language ('' when absent)."""
        return text.get(self.lang) if text else ""

    def title(self) -> str:
        """Title shown in the top bar."""
        return ""

    def open(self, args: Any = None) -> None:
        """Called each time the screen is navigated to."""
        self.args = args

    def retranslate_ui(self) -> None:
        """Set every visible string; called at construction and on every language change."""

    def settle(self) -> None:
        """Called once the shown screen is laid out, before it is painted: finish what a part would
        otherwise change at paint time (and so paint twice)."""

    def reload(self) -> None:
        """Re-read the content after an update; by default a retranslate does it."""
        self.retranslate_ui()

    def reset(self) -> None:
        """Forget per-visitor state (scroll, typed text) on idle reset."""

    def read_aloud_text(self) -> str:
        """The main text of the screen for read-aloud."""
        return self.title()

    @classmethod
    def screenshot_args(cls, ctx: AppContext) -> list[tuple[str, Any]]:
        """Argument sets to render in --screenshots: (file-name suffix, args)."""
        return [("", None)]

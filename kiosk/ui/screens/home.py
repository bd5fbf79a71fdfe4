"""Home: the kiosk's front page, a tile per part with live counts and the content date."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.data.figures import programme_progress
from kiosk.i18n import format_number, tr, trn
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import Tile, label

TILES = ("plan", "indicators", "eldercare", "sports", "routes", "search")


class HomeScreen(Screen):
    """Tiles for Plan & goals, Indicators, 9073, 11157, Tourism routes and Search."""

    screen_id = "home"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        page = self.scrolling_page()  # on a small screen or in elder mode the tiles scroll, never clip
        self.welcome = label(role="ScreenTitle")
        self.intro = label(role="Muted")
        page.addWidget(self.welcome)
        page.addWidget(self.intro)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(20)
        self.grid.setContentsMargins(0, 8, 0, 8)
        self.tiles = {tid: Tile(tid) for tid in TILES}
        for tile in self.tiles.values():
            tile.clicked.connect(lambda _=False, t=tile: self.ctx.hub.navigate.emit(t.tile_id, None))
        page.addWidget(self.grid_host, 1)
        footer = QHBoxLayout()
        self.as_of = label(role="Small")
        footer.addWidget(self.as_of, 1)
        page.addLayout(footer)
        self._columns = 0
        self._arrange(2)
        self.retranslate_ui()

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for index, tid in enumerate(TILES):
            self.grid.addWidget(self.tiles[tid], index // columns, index % columns)
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        self._arrange(3 if self.width() > self.height() * 1.2 else 2)
        for tile in self.tiles.values():
            tile.set_compact(self.height() < 800)
        super().resizeEvent(event)

    def retranslate_ui(self) -> None:
        content = self.ctx.content
        counts = content.home_counts()
        site = self.ctx.settings
        self.welcome.setText(site.site_name_zh if self.lang.startswith("zh") else site.site_name_en)
        self.intro.setText(tr("Jinshan District's 14th Five-Year Plan, services and routes. "
                              "Tap a tile to begin."))
        n = format_number
        self.tiles["plan"].set_texts(
            tr("Plan & goals"),
            trn("{n} chapter", "{n} chapters", counts.chapters).format(n=n(counts.chapters)),
            tr("The 2035 vision, the six goals for 2025 and every chapter in plain words."))
        self.tiles["indicators"].set_texts(
            tr("Indicators"), trn("{n} indicator", "{n} indicators", counts.indicators).format(
                n=n(counts.indicators)),
            tr("{n} with published progress data").format(n=n(counts.indicators_with_data)))
        self.tiles["eldercare"].set_texts(
            tr("9073 elderly care"), trn("{n} facility listed", "{n} facilities listed",
                counts.eldercare_facilities).format(n=n(counts.eldercare_facilities)),
            tr("Care at home 90%, in the community 7%, in institutions 3%"))
        sports = programme_progress(content, "11157")  # the same figures the 11157 bars draw
        self.tiles["sports"].set_texts(
            tr("11157 sports"), tr("{open} of {total} planned places open").format(
                open=n(sports.planned_open), total=n(sports.planned_total)),
            tr("Fitness centres, stadium, sports park and more; {n} other sports places listed, "
               "{open} of them open.").format(n=n(sports.other_total), open=n(sports.other_open)))
        self.tiles["routes"].set_texts(
            tr("Tourism routes"), trn("{n} route", "{n} routes", counts.routes).format(n=n(counts.routes)),
            tr("Maps, stops and times; take a route to your phone with a QR code."))
        self.tiles["search"].set_texts(
            tr("Search"), tr("Find anything"),
            tr("Type pinyin initials, pinyin or English words."))
        date = content.content_date or tr("unknown")
        self.as_of.setText(tr("Data as of {date} · content version {version}").format(
            date=date, version=content.content_version))

    def reset(self) -> None:
        self.scroll.scroll_to_top()

    def title(self) -> str:
        return tr("Home")

    def read_aloud_text(self) -> str:
        return " ".join([self.welcome.text(), self.intro.text()]
                        + [t.title_label.text() for t in self.tiles.values()])

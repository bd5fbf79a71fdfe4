"""Tourism routes: a card per route with a drawn thumbnail, length, time and theme; tap for the map."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.data.content import Route
from kiosk.data.itinerary import route_summary
from kiosk.i18n import format_number, tr
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import KineticScrollArea, label
from kiosk.ui.widgets.route_map import load_geo, route_thumbnail

THUMB = QSize(260, 184)


def thumb_size(elder: bool) -> QSize:
    return QSize(round(THUMB.width() * 1.2), round(THUMB.height() * 1.2)) if elder else THUMB


class RouteCard(QPushButton):
    """One route: picture on the left, name, theme and facts on the right; the whole card is the target."""

    def __init__(self, route: Route, parent: QWidget | None = None):
        super().__init__(parent)
        self.route = route
        self.thumbnails: dict[tuple, QPixmap] = {}  # (width, height, device pixel ratio) -> picture
        self.setObjectName("Tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.picture = label(wrap=False)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.name_label = label(role="Heading")
        self.theme_label = label()
        self.facts_label = label(role="Muted")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 16, 16, 16)
        row.setSpacing(18)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(6)
        for part in (self.name_label, self.theme_label, self.facts_label):
            texts.addWidget(part)
        texts.addStretch(1)
        row.addLayout(texts, 1)
        for part in (self.picture, self.name_label, self.theme_label, self.facts_label):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_picture(self, size: QSize) -> None:
        self.picture.setPixmap(self.thumbnail(size))
        self.picture.setFixedSize(size)

    def thumbnail(self, size: QSize) -> QPixmap:
        """The drawn route at this size; kept, so switching elder mode back and forth draws nothing."""
        key = (size.width(), size.height(), self.devicePixelRatioF())
        if key not in self.thumbnails:
            points = [(s.poi.lon, s.poi.lat, s.poi.precision) for s in self.route.stops
                      if s.poi.has_location]
            self.thumbnails[key] = route_thumbnail(load_geo(), points, size, key[2])
        return self.thumbnails[key]

    def set_texts(self, name: str, theme: str, facts: str) -> None:
        self.name_label.setText(name)
        self.theme_label.setText(theme)
        self.facts_label.setText(facts)
        self.setAccessibleName(name)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.layout().minimumSize()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.layout().sizeHint()


class RoutesScreen(Screen):
    """The route list; in tourism-desk mode this is the kiosk's home."""

    screen_id = "routes"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.heading = label(role="ScreenTitle")
        self.intro = label(role="Muted")
        self.root.addWidget(self.heading)
        self.root.addWidget(self.intro)
        self.list_host = QWidget()
        self.grid = QGridLayout(self.list_host)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setSpacing(20)
        self.scroll = KineticScrollArea(self.list_host)
        self.root.addWidget(self.scroll, 1)
        self.cards: list[RouteCard] = []
        self._columns = 0
        follow_elder_mode(self, ctx.hub, self._elder_mode_changed)  # dies with the screen
        self._build_cards()
        self.retranslate_ui()

    def _build_cards(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = [RouteCard(route) for route in self.ctx.content.routes()]
        for card in self.cards:
            card.clicked.connect(lambda _=False, c=card: self.ctx.hub.navigate.emit("route", c.route.id))
        self._columns = 0
        self._arrange(self._wanted_columns())
        self._draw_pictures()

    def _wanted_columns(self) -> int:
        """Two columns in landscape, when two cards fit side by side without being cut."""
        if self.width() <= self.height() * 1.2 or not self.cards:
            return 1
        card = max(c.minimumSizeHint().width() for c in self.cards)
        margins = self.root.contentsMargins()
        room = (self.width() - margins.left() - margins.right()
                - self.scroll.verticalScrollBar().sizeHint().width())
        return 2 if 2 * card + self.grid.horizontalSpacing() <= room else 1

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        self.grid.setRowStretch(len(self.cards), 1)

    def _elder_mode_changed(self, _on: bool) -> None:
        self._draw_pictures()
        self._rearrange()  # larger pictures may no longer fit two abreast

    def _rearrange(self) -> None:
        """Columns for the cards' new texts or pictures, once their layouts have taken them in."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._arrange(self._wanted_columns())

    def _draw_pictures(self) -> None:
        size = thumb_size(self.ctx.state.elder_mode)
        for card in self.cards:
            card.set_picture(size)

    def prepare_ahead(self) -> None:
        """Warm-up: draw the pictures for the other mode too, so an elder switch here draws nothing."""
        size = thumb_size(not self.ctx.state.elder_mode)
        for card in self.cards:
            card.thumbnail(size)

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        self._arrange(self._wanted_columns())
        super().resizeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(tr("Tourism routes"))
        self.intro.setText(tr("The plan's southern, central and northern lines, the G320 corridor and "
                              "more themed routes. Tap a route for its map, stops, times and a QR code "
                              "to take it with you."))
        for card in self.cards:
            route = card.route
            facts = [route_summary(route), tr("{n} stops").format(n=format_number(len(route.stops)))]
            card.set_texts(self.t(route.name), self.t(route.theme), " · ".join(f for f in facts if f))
        self._rearrange()  # longer texts may no longer fit two abreast

    def reload(self) -> None:
        self._build_cards()
        self.retranslate_ui()

    def reset(self) -> None:
        self.scroll.scroll_to_top()

    def title(self) -> str:
        return tr("Routes")

    def read_aloud_text(self) -> str:
        return " ".join([self.heading.text(), self.intro.text()]
                        + [c.name_label.text() for c in self.cards])

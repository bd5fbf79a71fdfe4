"""The facility directory shared by the 9073 and 11157 screens: town and type chips, nearest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QPushButton, QVBoxLayout, QWidget

from kiosk.data import facilities as data
from kiosk.data import place_page
from kiosk.data.sources import source_names
from kiosk.i18n import format_number, language, tr
from kiosk.ui import resources
from kiosk.ui.context import AppContext
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.widgets.common import Card, label
from kiosk.ui.widgets.facts import source_cell
from kiosk.ui.widgets.flow import FlowLayout
from kiosk.ui.widgets.kept_button import KeptButton

ALL = ""


def status_text(status: str) -> str:
    return {
        "open": tr("Open now"),
        "under_construction": tr("Under construction"),
        "planned": tr("Planned"),
    }.get(status, tr("Status not known"))


def distance_text(placed: data.PlacedFacility) -> str:
    """'1.2 km away', 'About 1.2 km away', with a note when only the town centre is known."""
    km = placed.distance_km
    if km is None:
        return ""
    number = format_number(round(km, 1) if km < 10 else round(km), 1 if km < 10 else 0)
    if placed.facility.precision == "town":
        return tr("About {km} km away (location known only to the town centre)").format(km=number)
    if placed.approximate:
        return tr("About {km} km away").format(km=number)
    return tr("{km} km away").format(km=number)


class FacilityCard(Card):
    """One facility: name, type, town, status and whatever else the database holds."""

    def __init__(self, placed: data.PlacedFacility, type_name: str, town_name: str,
                 source_text: str = ""):
        super().__init__()
        f, lang = placed.facility, language()
        self.facility_id = f.id
        self.name_label = label(f.name.get(lang), role="CardTitle")
        self.body.addWidget(self.name_label)
        self.body.addWidget(label(" · ".join(p for p in (type_name, town_name, status_text(f.status)) if p),
                                  role="Muted"))
        lines = [distance_text(placed)]
        if f.status == "planned" and not f.named:
            lines.append(tr("Planned: the exact place and other details will follow."))
        for caption, value in (
            (tr("Address: {text}"), f.address.get(lang) if f.address else ""),
            (tr("Opening hours: {text}"), f.hours.get(lang) if f.hours else ""),
            (tr("Phone: {text}"), f.phone or ""),
            (tr("Services: {text}"), f.services.get(lang) if f.services else ""),
        ):
            if value:
                lines.append(caption.format(text=value))
        if f.beds:
            lines.append(tr("Beds: {n}").format(n=format_number(f.beds)))
        for line in lines:
            if line:
                self.body.addWidget(label(line))
        self.source_label = label(tr("Source: {text}").format(text=source_text) if source_text
                                  else "", role="Small")
        self.body.addWidget(self.source_label)
        # hidden once in the card: shown before it has a parent, a widget is a window of its own
        # (it flashed on the display and took the kiosk window's activation)
        self.source_label.setVisible(bool(source_text))
        self.open_button = KeptButton(tr("Map, how to get there and QR code ›"))
        self.open_button.setObjectName("OpenPlace")
        self.body.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_highlighted(self, on: bool) -> None:
        self.setObjectName("Panel" if on else "Card")
        self.style().unpolish(self)
        self.style().polish(self)


class FacilityDirectory(QWidget):
    """Touch-friendly filters (chips, no combo popups) over a list of facility cards."""

    def __init__(self, ctx: AppContext, program: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.program = ctx, program
        self.town, self.type = ALL, ALL
        self.highlighted = ""
        self.cards: list[FacilityCard] = []
        self.drawn: tuple = ()  # what the cards show (filters, language, content, location)
        self.loads = 0  # counts reload(): the content the facilities were read from
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.heading = label(role="Heading")
        self.town_caption, self.type_caption = label(role="Small"), label(role="Small")
        self.town_host, self.type_host = QWidget(), QWidget()
        self.town_flow, self.type_flow = FlowLayout(self.town_host), FlowLayout(self.type_host)
        self.town_group, self.type_group = QButtonGroup(self), QButtonGroup(self)
        self.location_note = label(role="Muted")
        self.count_label = label(role="Small")
        self.nearest_label = label(role="Banner")  # "none in this town; the nearest is in …"
        self.nearest_label.setVisible(False)
        self.nearest: place_page.Nearest | None = None  # shown when the chosen town has none
        self.nearest_button = KeptButton()
        self.nearest_button.setObjectName("OpenPlace")
        self.nearest_button.clicked.connect(lambda _=False: self.nearest and self.open_facility(
            self.nearest.facility_id))
        self.nearest_button.setVisible(False)
        self.list_host = QWidget()
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(12)
        for w in (self.heading, self.town_caption, self.town_host, self.type_caption, self.type_host,
                  self.location_note, self.count_label, self.nearest_label, self.nearest_button,
                  self.list_host):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft if w is self.nearest_button
                             else Qt.AlignmentFlag(0))
        self.town_chips: dict[str, QPushButton] = {}
        self.type_chips: dict[str, QPushButton] = {}
        follow_elder_mode(self, ctx.hub, self.apply_style)
        self.reload()

    # -- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read towns, types and facilities (after a content update), then redraw."""
        content = self.ctx.content
        self.towns = data.towns(content)
        self.town_order = {t.id: t.seq for t in self.towns}
        self.facilities = data.facilities(content, self.program)
        self.loads += 1
        self.source_names = source_names(content)
        present = {f.type for f in self.facilities}
        self.types = [t for t in data.facility_types(content, self.program) if t.id in present]
        if self.town not in self.town_order:
            self.town = ALL
        if self.type not in present:
            self.type = ALL
        self._build_chips()
        self.apply_style(self.ctx.state.elder_mode)
        self.retranslate_ui()

    def _build_chips(self) -> None:
        for chips, group in ((self.town_chips, self.town_group), (self.type_chips, self.type_group)):
            for chip in chips.values():
                group.removeButton(chip)
                chip.deleteLater()
            chips.clear()
        for key in [ALL, *(t.id for t in self.towns)]:
            self.town_chips[key] = self._chip(self.town_flow, self.town_group,
                                              lambda k=key: self.set_filters(town=k))
        for key in [ALL, *(t.id for t in self.types)]:
            self.type_chips[key] = self._chip(self.type_flow, self.type_group,
                                              lambda k=key: self.set_filters(type_=k))

    def _chip(self, flow: FlowLayout, group: QButtonGroup, on_click) -> QPushButton:
        chip = KeptButton()
        chip.setObjectName("Chip")
        chip.setCheckable(True)
        chip.clicked.connect(lambda _=False: on_click())
        group.addButton(chip)
        flow.addWidget(chip)
        return chip

    def apply_style(self, elder: bool) -> None:
        p = resources.PALETTES[bool(elder)]
        s = resources.sizes(bool(elder))
        self.setStyleSheet(
            f"QPushButton#Chip {{ border-radius: {s['target'] // 2}px; padding: 0 {s['pad'] + 6}px; }}"
            f"QPushButton#Chip:checked {{ background: {p['accent']}; color: #ffffff; }}"
            f"QLabel#CardTitle {{ font-size: {s['heading']}px; font-weight: bold; color: {p['text']}; }}")

    # -- filters ------------------------------------------------------------------------------
    def set_filters(self, town: str | None = None, type_: str | None = None) -> None:
        if town is not None:
            self.town = town
        if type_ is not None:
            self.type = type_
        self.highlighted = ""
        self.refresh()

    def show_facility(self, facility_id: str) -> FacilityCard | None:
        """Clear the filters and highlight one facility; returns its card to scroll to."""
        self.town, self.type = ALL, ALL
        self.highlighted = facility_id
        self.refresh()
        return next((c for c in self.cards if c.facility_id == facility_id), None)

    def reset(self) -> None:
        self.town, self.type, self.highlighted = ALL, ALL, ""
        self.refresh()

    def visible_facilities(self) -> list[data.PlacedFacility]:
        chosen = [f for f in self.facilities
                  if (not self.town or f.town_id == self.town) and (not self.type or f.type == self.type)]
        s = self.ctx.settings
        return data.place_facilities(chosen, self.town_order, s.latitude, s.longitude)

    # -- texts --------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        lang = language()
        self.heading.setText(tr("Find a facility"))
        self.town_caption.setText(tr("Town or subdistrict"))
        self.type_caption.setText(tr("Type of facility"))
        self.town_chips[ALL].setText(tr("All towns"))
        for t in self.towns:
            self.town_chips[t.id].setText(t.name.get(lang))
        self.type_chips[ALL].setText(tr("All types"))
        for t in self.types:
            self.type_chips[t.id].setText(t.name.get(lang))
        self.refresh()

    def refresh(self) -> None:
        """Redraw the list for the current filters, language and kiosk location."""
        self.town_chips[self.town].setChecked(True)
        self.type_chips[self.type].setChecked(True)
        if self.ctx.settings.has_location:
            self.location_note.setText(tr("Nearest first, measured in a straight line from this kiosk."))
        else:
            self.location_note.setText(tr("This kiosk's location is not set, so the list is sorted "
                                          "by town and then by name."))
        s = self.ctx.settings
        drawn = (self.town, self.type, self.highlighted, language(), self.loads,
                 s.has_location, s.latitude, s.longitude)
        if drawn == self.drawn:  # the same list is already there: every visit used to redraw it
            return
        self.drawn = drawn
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        lang = language()
        type_names = {t.id: t.name.get(lang) for t in self.types}
        town_names = {t.id: t.name.get(lang) for t in self.towns}
        names = self.source_names
        shown = self.visible_facilities()
        for placed in shown:
            f = placed.facility
            town = town_names.get(f.town_id or "", "") if f.town_id else tr("Whole district")
            card = FacilityCard(placed, type_names.get(f.type, ""), town,
                                source_cell(f.source, f.confidence, names, lang))
            card.set_highlighted(f.id == self.highlighted)
            card.open_button.clicked.connect(lambda _=False, i=f.id: self.open_facility(i))
            self.list_layout.addWidget(card)
            self.cards.append(card)
        self.nearest = None
        if shown:
            self.count_label.setText(tr("{n} listed").format(n=format_number(len(shown))))
        else:
            self.nearest = self._nearest_elsewhere()
            self.count_label.setText(self._nothing_text(town_names, type_names))
        if self.nearest is not None:  # the count line stays short; the answer gets a banner
            self.nearest_label.setText(self.count_label.text())
            self.count_label.setText(tr("{n} listed").format(n=format_number(0)))
        self.nearest_label.setVisible(self.nearest is not None)
        self.nearest_button.setVisible(self.nearest is not None)
        if self.nearest is not None:
            self.nearest_button.setText(tr("Open {name} ›").format(name=self.nearest.name.get(lang)))

    def open_facility(self, facility_id: str) -> None:
        """The facility's own page (details, map, the way from this kiosk, QR code)."""
        self.ctx.hub.navigate.emit("place", {"kind": "facility", "id": facility_id})

    def _origin(self) -> tuple[float, float] | None:
        """Where 'nearest' is measured from: this kiosk when the chosen town is its own, else the
        chosen town's centre."""
        s = self.ctx.settings
        kiosk = place_page.kiosk_place(self.towns, s.town, s.latitude, s.longitude)
        if kiosk.known and kiosk.town_id == self.town:
            return kiosk.lat, kiosk.lon
        town = next((t for t in self.towns if t.id == self.town), None)
        if town is None or town.lat is None or town.lon is None:
            return None
        return town.lat, town.lon

    def _nearest_elsewhere(self) -> place_page.Nearest | None:
        if not self.town:
            return None
        return place_page.nearest_elsewhere(self.facilities, self.town, self.type, self._origin())

    def _nothing_text(self, town_names: dict[str, str], type_names: dict[str, str]) -> str:
        """Say which town has the nearest one instead of only "nothing here"."""
        near = self.nearest
        if near is None:
            return tr("Nothing of this kind is listed here yet. "
                      "Tap 'All towns' or 'All types' to see more.")
        what = type_names.get(self.type, "") if self.type else tr("facility of this programme")
        if not language().startswith("zh"):
            what = what[:1].lower() + what[1:]  # "No nursing home (medical) is listed…"
        other = town_names.get(near.town_id or "", "") or tr("Whole district")
        return tr("No {what} is listed in {town} yet. The nearest is in {other}: {name}, about {km} km "
                  "away in a straight line.").format(
            what=what, town=town_names.get(self.town, ""), other=other,
            name=near.name.get(language()), km=place_page.km_text(near.distance_km))

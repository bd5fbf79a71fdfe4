"""One facility's or place's own page: its facts, the way from this kiosk and its QR text (no Qt)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kiosk.data.content import Content, Text, _opt_text, _text
from kiosk.data.facilities import haversine_km
from kiosk.i18n import format_number, language, tr

MAX_QR_BYTES = 850  # version 23 at error level M: 4 px a module on the page's 470 px code
_URL = re.compile(r"https?://([^/\s;,]+)[^\s;,]*")


@dataclass(frozen=True)
class RouteVisit:
    """A route that stops at a place, with what the route says about the stop (often transit)."""

    route_id: str
    route_name: Text
    seq: int
    note: Text | None


@dataclass(frozen=True)
class PlaceInfo:
    """What the page shows; absent facts are None and the page says they are not known."""

    kind: str  # "facility" (9073/11157) or "place" (a point of interest on the routes)
    id: str
    name: Text
    category_id: str  # the facility type or the place's kind
    category: Text | None  # the facility type's name; places are named by place_kind_name()
    program: str | None
    town_id: str | None
    town: Text | None
    address: Text | None
    offers: Text | None  # a facility's services, a place's description
    hours: Text | None
    phone: str | None
    status: str | None
    beds: int | None
    named: bool
    lat: float | None
    lon: float | None
    precision: str | None
    source: str | None
    confidence: str | None
    routes: tuple[RouteVisit, ...]

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class KioskPlace:
    """Where this kiosk stands: its configured point, else its town's centre (approximate)."""

    lat: float | None
    lon: float | None
    town_id: str | None
    approximate: bool  # True when only the town centre is known

    @property
    def known(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Nearest:
    """The nearest facility of a kind outside a town that has none, and how far it is."""

    facility_id: str
    name: Text
    town_id: str | None
    distance_km: float


def place_kind_name(kind: str) -> str:
    """A place's kind (pois.kind) in the current language; unknown kinds read 'Place'."""
    return {
        "agri_park": tr("Farm park"), "ancient_town": tr("Ancient water town"),
        "art_village": tr("Art village"), "beach": tr("Beach"), "country_park": tr("Country park"),
        "heritage": tr("Heritage site"), "lake": tr("Lake"), "memorial": tr("Memorial"),
        "museum": tr("Museum"), "nature_reserve": tr("Nature reserve"), "resort": tr("Resort"),
        "station": tr("Railway station"), "temple": tr("Temple"), "theme_park": tr("Theme park"),
        "village": tr("Village"), "wetland": tr("Wetland"),
    }.get(kind, tr("Place"))


def load_place(content: Content, kind: str, item_id: str) -> PlaceInfo | None:
    """The page's facts for a facility or a place; None when it is not (or no longer) in the content."""
    if kind == "facility":
        rows = content.rows(
            "SELECT f.*, t.name_zh AS type_zh, t.name_en AS type_en, w.name_zh AS town_zh, "
            "w.name_en AS town_en FROM facilities f LEFT JOIN facility_types t ON t.id = f.type "
            "LEFT JOIN towns w ON w.id = f.town_id WHERE f.id = ?", item_id)
        if not rows:
            return None
        r = rows[0]
        return PlaceInfo(
            kind="facility", id=r["id"], name=_text(r, "name"), category_id=r["type"],
            category=_opt_text(r, "type"), program=r["program"], town_id=r["town_id"] or None,
            town=_opt_text(r, "town"), address=_opt_text(r, "address"), offers=_opt_text(r, "services"),
            hours=_opt_text(r, "hours"), phone=(r["phone"] or "").strip() or None,
            status=r["status"] or "unknown", beds=r["beds"], named=str(r["named"]) == "1",
            lat=r["lat"], lon=r["lon"], precision=r["precision"] or None, source=r["source"] or None,
            confidence=r["confidence"] or None, routes=())
    rows = content.rows("SELECT p.*, w.name_zh AS town_zh, w.name_en AS town_en FROM pois p "
                        "LEFT JOIN towns w ON w.id = p.town_id WHERE p.id = ?", item_id)
    if not rows:
        return None
    r = rows[0]
    visits = tuple(
        RouteVisit(v["route_id"], _text(v, "name"), v["seq"], _opt_text(v, "note"))
        for v in content.rows(
            "SELECT s.route_id, s.seq, s.note_zh, s.note_en, r.name_zh, r.name_en FROM route_stops s "
            "JOIN routes r ON r.id = s.route_id WHERE s.poi_id = ? ORDER BY r.seq, s.seq", item_id))
    return PlaceInfo(
        kind="place", id=r["id"], name=_text(r, "name"), category_id=r["kind"], category=None,
        program=None, town_id=r["town_id"] or None, town=_opt_text(r, "town"),
        address=_opt_text(r, "address"), offers=_opt_text(r, "description"), hours=_opt_text(r, "hours"),
        phone=None, status=None, beds=None, named=True, lat=r["lat"], lon=r["lon"],
        precision=r["precision"] or None, source=r["source"] or None, confidence=r["confidence"] or None,
        routes=visits)


def kiosk_place(towns, town_setting: str, lat: float | None, lon: float | None) -> KioskPlace:
    """The kiosk's point and town from its settings: the town is the set one, else the nearest centre."""
    known = {t.id: t for t in towns}
    town = known.get(town_setting)
    if lat is not None and lon is not None:
        if town is None:
            located = [t for t in towns if t.lat is not None and t.lon is not None]
            town = min(located, key=lambda t: haversine_km(lat, lon, t.lat, t.lon), default=None)
        return KioskPlace(lat, lon, town.id if town else None, False)
    if town is not None and town.lat is not None and town.lon is not None:
        return KioskPlace(town.lat, town.lon, town.id, True)
    return KioskPlace(None, None, town.id if town else None, True)


def distance_km(kiosk: KioskPlace, place: PlaceInfo) -> float | None:
    if not (kiosk.known and place.has_location):
        return None
    return haversine_km(kiosk.lat, kiosk.lon, place.lat, place.lon)


def compass(kiosk: KioskPlace, lat: float, lon: float) -> str:
    """'north-west' etc.: the direction from the kiosk, in eight points."""
    dy = lat - kiosk.lat
    dx = (lon - kiosk.lon) * math.cos(math.radians(kiosk.lat))
    names = (tr("east"), tr("north-east"), tr("north"), tr("north-west"), tr("west"),
             tr("south-west"), tr("south"), tr("south-east"))
    return names[round(math.degrees(math.atan2(dy, dx)) / 45) % 8]


def km_text(km: float) -> str:
    return format_number(round(km, 1) if km < 10 else round(km), 1 if km < 10 else 0)


def way_text(kiosk: KioskPlace, place: PlaceInfo) -> str:
    """'About 12 km north-west of this kiosk, in a straight line.' or why it cannot be said."""
    km = distance_km(kiosk, place)
    if km is None:
        if not place.has_location:
            return tr("The location of this place is not known, so the distance cannot be given.")
        return tr("This kiosk's location is not set, so the distance cannot be given.")
    if km < 0.3:
        return tr("Very close to this kiosk (under 300 m in a straight line).")
    text = tr("About {km} km {direction} of this kiosk, in a straight line.").format(
        km=km_text(km), direction=compass(kiosk, place.lat, place.lon))
    if place.precision != "exact" or kiosk.approximate:
        joiner = "" if language().startswith("zh") else " "  # no space after a full-width stop
        text += joiner + tr("Approximate: one of the two points is known only roughly.")
    return text


def precision_text(place: PlaceInfo) -> str:
    """How exact the map position is, said plainly."""
    if not place.has_location:
        return tr("Location not known; not shown on the map.")
    if place.precision == "exact":
        return tr("The map shows the exact location.")
    if place.precision == "approximate":
        return tr("The map shows an approximate location (dashed ring): check on site.")
    return tr("Only the town is known: the map shows the town centre (dotted ring), not the place itself.")


def source_names(source: str | None, names: dict[str, Text] | None = None, lang: str = "zh_CN") -> str:
    """The source with every web address replaced by its registered name (the sources table, as the
    other screens show it), else its site's name; the full text stays in the data."""
    names = names or {}

    def name(m: re.Match) -> str:
        return names[m.group(0)].get(lang) if m.group(0) in names else m.group(1).removeprefix("www.")

    return _URL.sub(name, source or "").strip()


def nearest_elsewhere(facilities, town_id: str, type_: str, origin: tuple[float, float] | None
                      ) -> Nearest | None:
    """The nearest facility of type_ (any type when '') outside town_id, measured from origin."""
    if origin is None:
        return None
    lat, lon = origin
    best: Nearest | None = None
    for f in facilities:
        if f.town_id == town_id or (type_ and f.type != type_) or not f.has_location:
            continue
        km = haversine_km(lat, lon, f.lat, f.lon)
        if best is None or km < best.distance_km:
            best = Nearest(f.id, f.name, f.town_id, km)
    return best


def place_text(place: PlaceInfo, kind_name: str, kiosk: KioskPlace, status: str = "",
               lang: str | None = None, max_bytes: int = MAX_QR_BYTES) -> str:
    """What the QR code holds: the page's facts as plain text, with the Chinese name and address kept
    in the English version (to show a taxi driver) and a geo: line phone maps open offline.

    Shortened until it fits max_bytes: what it offers is cut at a clause end, then dropped; then
    remarks in brackets about the address go, the hours are cut at a clause end, the English address
    goes (the Chinese one stays), then the hours. The names, the geo: line and the way stay."""
    lang = lang or language()
    english = not lang.startswith("zh")

    def compose(offers_limit: int | None, remarks: bool, hours_limit: int | None, en_address: bool) -> str:
        lines = [place.name.get(lang)]
        if english and place.name.zh and place.name.zh != place.name.en:
            lines.append(place.name.zh)
        lines.append(" · ".join(p for p in (kind_name, place.town.get(lang) if place.town else "", status)
                                if p))
        if place.address:
            if en_address or not english:
                address = trim_address(place.address.get(lang), remarks)
                lines.append(tr("Address: {text}").format(text=address))
            if english and place.address.zh:
                lines.append("地址：" + trim_address(place.address.zh, remarks))
        else:
            lines.append(tr("Address: not known"))
        hours = shorten_whole(place.hours.get(lang), hours_limit) if place.hours else tr("not known")
        if hours and hours_limit != 0:
            lines.append(tr("Opening hours: {text}").format(text=hours))
        if place.kind == "facility":
            lines.append(tr("Phone: {text}").format(text=place.phone or tr("not known")))
        if place.offers and offers_limit != 0:
            lines.append(shorten_whole(place.offers.get(lang), offers_limit))
        geo = geo_line(place.lat, place.lon, place.precision)
        if geo:
            lines.append(geo)
        lines.append(way_text(kiosk, place))
        lines.append(tr("Jinshan Citizen Kiosk"))
        return "\n".join(line for line in lines if line)

    full = len(place.offers.get(lang)) if place.offers else 0
    offer_limits = [None, *range(full - 1, 0, -max(1, full // 12)), 0] if full else [None]
    text = ""
    for remarks, hours_limit, en_address in ((True, None, True), (False, None, True), (False, 60, True),
                                             (False, 60, False), (False, 0, False)):
        for offers_limit in offer_limits:
            text = compose(offers_limit, remarks, hours_limit, en_address)
            if len(text.encode("utf-8")) <= max_bytes:
                return text
        offer_limits = [0]  # what it offers already went before the address and hours are touched
    return text  # only for an absurdly long name: names, point and way stay whole


# A remark in brackets about an address's reliability (not a house number in brackets).
_REMARK = re.compile(r"\s*[（(][^（）()]*(?:核实|待|找到|资料|网站|verif|found|listing|older)[^（）()]*[）)]",
                     re.IGNORECASE)


def trim_address(address: str, remarks: bool = False) -> str:
    """The address without remarks in brackets about its reliability (unless remarks is True)."""
    return address if remarks else _REMARK.sub("", address).strip()


_BREAKS_ZH = "。；！？，、：）"
_BREAKS_EN = ".;!?,:) "


def geo_line(lat: float | None, lon: float | None, precision: str | None) -> str:
    """'geo:30.891,121.013 (town centre)': a point phone map apps open offline; '' if unknown."""
    if lat is None or lon is None:
        return ""
    line = f"geo:{round(lat, 4)},{round(lon, 4)}"  # 4 decimals: about 10 m
    if precision == "exact":
        return line
    if precision == "approximate":
        return line + " " + tr("(approximate)")
    return line + " " + tr("(town centre)")


def shorten_whole(text: str, limit: int | None) -> str:
    """text cut to at most limit characters at a sentence, clause or word end, never mid-word; '…'
    marks the cut. Chinese is cut after punctuation only (no dictionary tells word ends); '' when no
    such end fits."""
    if limit is None or len(text) <= limit:
        return text
    head = text[: max(0, limit - 1)]
    cut = max(head.rfind(ch) for ch in _BREAKS_ZH + _BREAKS_EN)
    if cut <= 0:
        return ""
    return head[: cut + 1].rstrip(" ,;:，；：、") + "…"

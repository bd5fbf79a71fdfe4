"""A route as plain text for a phone: what the kiosk's QR code holds (readable offline, size-capped)."""

from __future__ import annotations

from kiosk.data.content import Route, RouteStop
from kiosk.data.place_page import geo_line, shorten_whole, trim_address
from kiosk.i18n import format_number, language, tr

# Each stop's names in both languages, its address and its geo: line need room: the cap keeps the code
# within version 27 at error level M (1,125 bytes, 133 modules with the quiet zone), which gets 4 px
# a module on the route screen's 540 px code (tests/test_routes.py decodes what is shown).
MAX_QR_BYTES = 1100

# Shortening, in order, until the text fits: notes (what to see, transit hints) are cut at a sentence
# or clause end and then dropped, then the travel lines go, then addresses lose their remarks in
# brackets ("to be verified"), then the English address and the length/time line go (the Chinese
# address stays for a taxi driver), then every address.
# A stop's number, its name (with the Chinese name in the English version) and its geo: line always
# stay whole.


def format_minutes(minutes: int | None) -> str:
    """'2 h 30 min' / '2小时30分钟'; '' when not known."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return tr("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    if hours:
        return tr("{hours} h").format(hours=hours)
    return tr("{minutes} min").format(minutes=rest)


def travel_mode_text(mode: str | None) -> str:
    """'by car', 'on foot'… in the current language; '' when not known."""
    names = {
        "walk": tr("on foot"), "bus": tr("by bus"), "rail": tr("by train"), "car": tr("by car"),
        "bike": tr("by bike"), "boat": tr("by boat"),
    }
    return names.get(mode or "", "")


def route_summary(route: Route) -> str:
    """'About 15 km · about 8 h 15 min' (parts that are not known are left out)."""
    parts = []
    if route.length_km is not None:
        parts.append(tr("About {km} km").format(km=format_number(route.length_km, 1)))
    if route.duration_min is not None:
        parts.append(tr("suggested time {duration}").format(duration=format_minutes(route.duration_min)))
    return " · ".join(parts)


def _address_lines(stop: RouteStop, lang: str, level: int) -> list[str]:
    """level 0: as written; 1: without trailing remarks in brackets; 2: the Chinese one only
    (English version); 3: none."""
    address = stop.poi.address
    if address is None or level >= 3:
        return []
    english = not lang.startswith("zh")
    texts = []
    if not (english and level >= 2):
        texts.append(tr("Address: {address}").format(address=_trim(address.get(lang), level)))
    if english and address.zh:
        texts.append("地址：" + _trim(address.zh, level))
    return ["   " + t for t in texts]


def _trim(address: str, level: int) -> str:
    return trim_address(address, remarks=level < 1)


def _stop_lines(stop: RouteStop, lang: str, note_limit: int | None, address_level: int,
                travel: bool, last: bool) -> list[str]:
    name = stop.poi.name.get(lang)
    if not lang.startswith("zh") and stop.poi.name.zh and stop.poi.name.zh != name:
        name = f"{name} · {stop.poi.name.zh}"  # the Chinese name to show a driver or a passer-by
    lines = [f"{stop.seq}. {name}"]
    lines += _address_lines(stop, lang, address_level)
    geo = geo_line(stop.poi.lat, stop.poi.lon, stop.poi.precision)
    if geo:
        lines.append("   " + geo)
    if stop.note and note_limit != 0:
        note = shorten_whole(stop.note.get(lang), note_limit)
        if note:
            lines.append("   " + note)
    if travel and not last and stop.travel_mode:
        mode = travel_mode_text(stop.travel_mode)
        if stop.travel_min is not None:
            mode = f"{mode}, {format_minutes(stop.travel_min)}"
        lines.append("   → " + tr("next stop {how}").format(how=mode))
    return lines


def _compose(route: Route, lang: str, note_limit: int | None, address_level: int, travel: bool) -> str:
    lines = [route.name.get(lang)]
    summary = route_summary(route) if address_level < 2 else ""  # the screen shows it too
    if summary:
        lines.append(summary)
    for index, stop in enumerate(route.stops):
        lines += _stop_lines(stop, lang, note_limit, address_level, travel, index == len(route.stops) - 1)
    lines.append(tr("Times are estimates; check transit locally."))
    lines.append(tr("Jinshan Citizen Kiosk"))
    return "\n".join(lines)


def itinerary_text(route: Route, lang: str | None = None, max_bytes: int = MAX_QR_BYTES) -> str:
    """The route as plain text in the current language, shortened until it fits max_bytes of UTF-8
    (see the order above MAX_QR_BYTES)."""
    lang = lang or language()

    def fits(text: str) -> bool:
        return len(text.encode("utf-8")) <= max_bytes

    longest = max((len(s.note.get(lang)) for s in route.stops if s.note), default=0)
    for note_limit in [None, *range(longest - 1, 0, -4)]:
        text = _compose(route, lang, note_limit, 0, True)
        if fits(text):
            return text
    for travel, address_level in ((True, 0), (False, 0), (False, 1), (False, 2), (False, 3)):
        text = _compose(route, lang, 0, address_level, travel)
        if fits(text):
            return text
    return text  # longer than the cap only for an absurdly long route: names and points stay

"""A route as plain text for a phone: what the kiosk's QR code holds (readable offline, size-capped)."""

from __future__ import annotations

from kiosk.data.content import Route, RouteStop
from kiosk.i18n import format_number, language, tr

# A phone reads a QR code from a screen reliably up to about version 20 at error level M
# (666 bytes); we stay well inside that.
MAX_QR_BYTES = 600

# Shortening, in order, until the text fits: notes (what to see, transit hints) get shorter, then
# addresses get shorter and are dropped, then the travel lines go. Stop names always stay whole.
_MIN_NOTE = {"zh": 10, "en": 24}
_SHORT_ADDRESS = {"zh": 16, "en": 32}


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


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:  # English: end on a whole word
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：、") + "…"


def _stop_lines(stop: RouteStop, lang: str, note_limit: int | None, address_limit: int | None,
                travel: bool, last: bool) -> list[str]:
    lines = [f"{stop.seq}. {stop.poi.name.get(lang)}"]
    if stop.poi.address and address_limit != 0:
        address = stop.poi.address.get(lang)
        address = _shorten(address, address_limit)
        if address:
            lines.append("   " + tr("Address: {address}").format(address=address))
    if stop.note and note_limit != 0:
        note = _shorten(stop.note.get(lang), note_limit)
        if note:
            lines.append("   " + note)
    if travel and not last and stop.travel_mode:
        mode = travel_mode_text(stop.travel_mode)
        if stop.travel_min is not None:
            mode = f"{mode}, {format_minutes(stop.travel_min)}"
        lines.append("   → " + tr("next stop {how}").format(how=mode))
    return lines


def _compose(route: Route, lang: str, note_limit: int | None, address_limit: int | None,
             travel: bool) -> str:
    lines = [route.name.get(lang)]
    summary = route_summary(route)
    if summary:
        lines.append(summary)
    for index, stop in enumerate(route.stops):
        lines += _stop_lines(stop, lang, note_limit, address_limit, travel, index == len(route.stops) - 1)
    lines.append(tr("Times are estimates; check transit locally."))
    lines.append(tr("Jinshan Citizen Kiosk"))
    return "\n".join(lines)


def itinerary_text(route: Route, lang: str | None = None, max_bytes: int = MAX_QR_BYTES) -> str:
    """The route as plain text in the current language, shortened until it fits max_bytes of UTF-8.

    Notes are shortened first, then addresses shortened and dropped, then travel lines; stop names
    always stay whole.
    """
    lang = lang or language()
    key = "zh" if lang.startswith("zh") else "en"

    def fits(text: str) -> bool:
        return len(text.encode("utf-8")) <= max_bytes

    longest = max((len(s.note.get(lang)) for s in route.stops if s.note), default=0)
    for address_limit in (None, _SHORT_ADDRESS[key], 0):
        for note_limit in [None, *range(longest - 1, _MIN_NOTE[key] - 1, -1)]:
            text = _compose(route, lang, note_limit, address_limit, True)
            if fits(text):
                return text
    text = _compose(route, lang, 0, 0, True)
    if fits(text):
        return text
    return _compose(route, lang, 0, 0, False)  # longer than the cap only for an absurdly long route

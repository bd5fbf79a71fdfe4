"""Pure rules for unattended kiosks: opening hours, when an inbox package may apply, the kiosk id."""

from __future__ import annotations

import re
import socket
from datetime import datetime, time

_RANGE = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")
_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]")


def parse_opening_hours(ranges: list[str]) -> list[tuple[time, time]]:
    """["08:30-12:00", "13:00-17:30"] as (start, end) pairs; ValueError names the bad one."""
    out = []
    for text in ranges:
        m = _RANGE.fullmatch(text)
        if not m:
            raise ValueError(f"{text!r} is not HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60) or (h2 == 24 and m2):
            raise ValueError(f"{text!r} is not a time of day")
        start, end = time(h1, m1), time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
        if start == end:
            raise ValueError(f"{text!r} is empty")
        out.append((start, end))
    return out


def is_open(ranges: list[tuple[time, time]], now: datetime) -> bool:
    """Whether now (local time) falls in an opening range; a range may run past midnight."""
    t = now.time()
    return any((start <= t < end) if start < end else (t >= start or t < end) for start, end in ranges)


def auto_apply_verdict(mode: str, hours: list[tuple[time, time]], now: datetime,
                       allowed_removals: bool) -> str:
    """For a verified, newer package: "apply", "staff" (staff must decide) or "wait" (opening hours)."""
    if mode != "auto" or allowed_removals:  # a package allowed to remove many rows asks staff twice
        return "staff"
    return "wait" if is_open(hours, now) else "apply"


def default_kiosk_id(configured: str = "") -> str:
    """The configured kiosk_id, else the host name (letters, digits, - and _ only), else "kiosk"."""
    if configured:
        return configured
    name = _ID_CHARS.sub("-", socket.gethostname().split(".")[0]).strip("-")[:40]
    return name or "kiosk"

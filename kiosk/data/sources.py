"""Where a figure comes from: source names instead of raw addresses, and the published facts (no Qt)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kiosk.data.content import Content, Text, _opt_text, _text

URL = re.compile(r"https?://[^\s;,，；）)]+")


def _has_table(content: Content, name: str) -> bool:
    """A generation built before a table existed simply has none of its rows."""
    return bool(content.scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?",
                               name))


def source_names(content: Content) -> dict[str, Text]:
    """URL -> the source's name in both languages."""
    if not _has_table(content, "sources"):
        return {}
    return {r["url"]: _text(r, "name") for r in content.rows("SELECT * FROM sources")}


def source_urls(source: str | None) -> list[str]:
    """The addresses a source cell cites, in order."""
    return URL.findall(source or "")


def source_name(source: str | None, names: dict[str, Text], lang: str) -> str:
    """The name a reader sees: the registered name of the cited URL, else the site's host name."""
    text = (source or "").strip()
    if text in names:
        return names[text].get(lang)
    urls = source_urls(text)
    if not urls:
        return text
    first = urls[0]
    if first in names:
        return names[first].get(lang)
    return urlsplit(first).hostname or first


def cites_plan(source: str | None) -> bool:
    """A source cell that points into the plan itself (专栏7 …, 规划 九（七）…, seed l.…)."""
    text = source or ""
    return not source_urls(text) and any(k in text for k in ("seed", "规划", "专栏", "表1"))


@dataclass(frozen=True)
class Fact:
    """A published figure about an indicator, place, facility, route or programme (see schema)."""

    id: str
    subject: str
    subject_id: str
    period: Text
    what: Text
    value: float | None
    value_text: Text
    derived: bool
    note: Text | None
    quote_zh: str
    conflict: str | None
    source: str
    confidence: str


def facts(content: Content, subject: str, subject_ids: list[str] | tuple[str, ...]) -> list[Fact]:
    """The facts about these subjects, in the order given and then by seq."""
    if not subject_ids or not _has_table(content, "facts"):
        return []
    marks = ",".join("?" * len(subject_ids))
    rows = content.rows(f"SELECT * FROM facts WHERE subject=? AND subject_id IN ({marks})",
                        subject, *subject_ids)
    order = {sid: i for i, sid in enumerate(subject_ids)}
    rows = sorted(rows, key=lambda r: (order.get(r["subject_id"], 0), r["seq"], r["id"]))
    return [Fact(r["id"], r["subject"], r["subject_id"], _text(r, "period"), _text(r, "what"),
                 r["value"], _text(r, "value_text"), r["basis"] == "derived", _opt_text(r, "note"),
                 r["quote_zh"], r["conflict"] or None, r["source"], r["confidence"]) for r in rows]


def conflicts(items: list[Fact]) -> dict[str, list[Fact]]:
    """Facts that disagree, grouped by their conflict code (only groups of two or more)."""
    groups: dict[str, list[Fact]] = {}
    for f in items:
        if f.conflict:
            groups.setdefault(f.conflict, []).append(f)
    return {k: v for k, v in groups.items() if len(v) > 1}

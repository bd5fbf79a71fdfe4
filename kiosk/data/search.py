"""Per-keystroke search over the build-time search_index: pinyin initials, pinyin, English, Chinese.

Everything is matched in Python on fields lowercased once at load time. SQLite LIKE is not used:
on an FTS5 trigram table the system SQLite returns wrong results for two-character CJK patterns
(养老, 健身), which are exactly what residents type most.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from kiosk.data.content import Text

MAX_QUERY = 40
# The order groups take when they match equally well (what the resident most likely wants first).
KIND_ORDER = ("indicator", "section", "chapter", "box", "glossary", "facility", "place", "route", "target")

# Match tiers, best first: the title starts with the query; the query is a whole word of the title;
# the query's words are in the text; the query matches only part of a longer word of the title
# ("yl" in 农业领域: 业|领 straddles two words). Groups show the strong tiers first (see strong()).
TITLE_PREFIX, TITLE_MATCH, TEXT_MATCH, WORD_PART = 0, 1, 2, 3
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")  # what search_index.pinyin_keys gives a syllable each
_WORD = re.compile(r"[a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class SearchHit:
    """One found item: what it is, its title in both languages and how well it matched."""

    kind: str
    item_id: str
    title: Text
    tier: int


@dataclass(frozen=True)
class SearchGroup:
    """All hits of one kind, best first."""

    kind: str
    hits: tuple[SearchHit, ...]

    @property
    def strong(self) -> int:
        """How many hits match a title or a whole word (the rest match only inside a longer word)."""
        return sum(1 for h in self.hits if h.tier < WORD_PART)


@dataclass(frozen=True)
class Destination:
    """Where tapping a hit leads: a screen id and its arguments."""

    screen_id: str
    args: Any


@dataclass
class _Entry:
    kind: str
    item_id: str
    title: Text
    title_zh: str
    title_en: str  # lowercased
    title_words: tuple[str, ...]
    haystack: str
    pinyin: tuple[str, ...]  # one or two spellings ('lv' and 'lu'), syllables joined without spaces
    starts: tuple[tuple[int, ...], ...]  # syllable start offsets for each spelling
    initials: str
    order: int
    han: str  # the title's Chinese characters, one per pinyin syllable
    runs: tuple[int, ...]  # which unbroken run of Chinese characters each one belongs to


def normalize_query(query: str) -> str:
    """The query as matched: NFKC (full-width letters become ASCII), lowercased, trimmed, capped."""
    text = unicodedata.normalize("NFKC", query or "")
    text = _CONTROL.sub(" ", text).lower().strip()
    return " ".join(text.split())[:MAX_QUERY]


def _spellings(spaced: str) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    syllables = spaced.split()
    variants = [syllables]
    if any("v" in s for s in syllables):  # ü: pypinyin writes lv/nv, people also type lu/nu
        variants.append([s.replace("v", "u") for s in syllables])
    joined, starts = [], []
    for sylls in variants:
        offsets, pos = [], 0
        for s in sylls:
            offsets.append(pos)
            pos += len(s)
        joined.append("".join(sylls))
        starts.append(tuple(offsets))
    return tuple(joined), tuple(starts)


class SearchIndex:
    """The search_index rows held in memory with their lowercased fields and an English vocabulary."""

    def __init__(self, rows: list[dict[str, Any]], facility_programs: dict[str, str] | None = None,
                 target_places: dict[str, tuple[str, str, str]] | None = None):
        self.facility_programs = facility_programs or {}
        self.target_places = target_places or {}
        self.entries: list[_Entry] = []
        order = {k: i for i, k in enumerate(KIND_ORDER)}
        vocabulary: dict[str, set[int]] = {}
        self._bigrams: Counter[str] = Counter()  # how often each two-character pair occurs anywhere
        for row in rows:
            for run in _HAN_RUN.findall(row.get("haystack") or row.get("title_zh") or ""):
                self._bigrams.update(run[i:i + 2] for i in range(len(run) - 1))
        for row in rows:
            title_en = (row.get("title_en") or "").lower()
            spellings, starts = _spellings(row.get("pinyin") or "")
            han, runs = _han_runs(row.get("title_zh") or "")
            index = len(self.entries)
            self.entries.append(_Entry(
                kind=row["kind"], item_id=str(row["item_id"]),
                title=Text(row.get("title_zh") or "", row.get("title_en") or ""),
                title_zh=(row.get("title_zh") or "").lower(), title_en=title_en,
                title_words=tuple(_WORD.findall(title_en)), haystack=(row.get("haystack") or "").lower(),
                pinyin=spellings, starts=starts, initials=(row.get("initials") or "").lower(),
                order=order.get(row["kind"], len(KIND_ORDER)), han=han, runs=runs,
            ))
            for word in _WORD.findall(self.entries[-1].haystack):
                vocabulary.setdefault(word, set()).add(index)
        self._words = sorted(vocabulary)
        self._word_rows = [vocabulary[w] for w in self._words]

    @classmethod
    def from_connection(cls, conn: sqlite3.Connection) -> SearchIndex:
        """Load the index (and what navigation needs) from an open content database."""
        cur = conn.execute("SELECT kind, item_id, title_zh, title_en, haystack, pinyin, initials "
                           "FROM search_index ORDER BY rank, item_id")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur]
        programs = {r[0]: r[1] for r in conn.execute("SELECT id, program FROM facilities")}
        places = {r[0]: (r[1] or "", r[2] or "", r[3] or "")
                  for r in conn.execute("SELECT id, topic, section_id, chapter_id FROM targets")}
        return cls(rows, programs, places)

    # -- matching -----------------------------------------------------------------------------
    def _words_with_prefix(self, prefix: str) -> set[int]:
        lo = bisect.bisect_left(self._words, prefix)
        hi = bisect.bisect_left(self._words, prefix + "\uffff")
        out: set[int] = set()
        for rows in self._word_rows[lo:hi]:
            out |= rows
        return out

    # -- word boundaries --------------------------------------------------------------------------
    def _boundary(self, entry: _Entry, j: int) -> bool:
        """Is there a word break before the title's j-th Chinese character?

        No dictionary is shipped: a pair of characters that occurs less often in the whole content
        than the pair just before or after it is read as two words (农|业领|域: 业领 is rarer than
        农业 and 领域), which is how 农业领域 stops matching "yl" as if it were 养老.
        """
        han, runs = entry.han, entry.runs
        if j <= 0 or j >= len(han) or runs[j - 1] != runs[j]:
            return True
        here = self._bigrams[han[j - 1:j + 1]]
        before = self._bigrams[han[j - 2:j]] if j >= 2 and runs[j - 2] == runs[j] else 0
        after = self._bigrams[han[j:j + 2]] if j + 1 < len(han) and runs[j + 1] == runs[j] else 0
        return here < max(before, after)

    def _whole_word(self, entry: _Entry, start: int, end: int) -> bool:
        """Do the title's Chinese characters start..end form whole words (not part of a longer one)?"""
        if len(entry.han) != len(entry.initials):  # a character without pinyin: cannot tell, trust it
            return True
        return self._boundary(entry, start) and self._boundary(entry, end)

    def _initials_tier(self, entry: _Entry, q: str) -> int | None:
        at = entry.initials.find(q)
        if at < 0:
            return None
        while at >= 0:
            if self._whole_word(entry, at, at + len(q)):
                return TITLE_MATCH
            at = entry.initials.find(q, at + 1)
        return WORD_PART

    def _pinyin_tier(self, entry: _Entry, q: str) -> int | None:
        found: int | None = None
        for joined, starts in zip(entry.pinyin, entry.starts, strict=True):
            if joined.startswith(q):
                return TITLE_PREFIX
            if len(q) < 2:
                continue
            for k, offset in enumerate(starts[1:], start=1):
                if not joined.startswith(q, offset):
                    continue
                end = bisect.bisect_left(starts, offset + len(q))  # a half-typed syllable counts whole
                if self._whole_word(entry, k, end):
                    return TITLE_MATCH
                found = WORD_PART
        return found

    def _han_tier(self, entry: _Entry, q: str) -> int | None:
        if entry.title_zh.startswith(q):
            return TITLE_PREFIX
        if q in entry.title_zh:
            at = entry.han.find(q) if _HAN_RUN.fullmatch(q) else -1
            while at >= 0:
                if self._whole_word(entry, at, at + len(q)):
                    return TITLE_MATCH
                at = entry.han.find(q, at + 1)
            return WORD_PART if _HAN_RUN.fullmatch(q) and q in entry.han else TITLE_MATCH
        if q in entry.haystack:
            return TEXT_MATCH
        return None

    def _ascii_tier(self, entry: _Entry, index: int, q: str, compact: str, words: list[str],
                    text_rows: set[int] | None) -> int | None:
        best: int | None = None
        if compact.isalpha():
            if entry.initials.startswith(compact):
                return TITLE_PREFIX
            best = self._pinyin_tier(entry, compact)
            if best != TITLE_MATCH and len(compact) >= 2:
                best = _better(best, self._initials_tier(entry, compact))
        if entry.title_en.startswith(q) or (entry.kind == "indicator" and entry.item_id == q):
            return TITLE_PREFIX
        if words and all(any(t.startswith(w) for t in entry.title_words) for w in words):
            best = _better(best, TITLE_MATCH)
        if text_rows is not None and index in text_rows:
            best = _better(best, TEXT_MATCH)
        return best

    def search(self, query: str, kinds: tuple[str, ...] | None = None) -> list[SearchGroup]:
        """Hits grouped by kind: groups with better matches first, then in KIND_ORDER."""
        q = normalize_query(query)
        if not q:
            return []
        scored: list[tuple[int, int, str, _Entry]] = []
        if _HAN.search(q):
            for entry in self.entries:
                tier = self._han_tier(entry, q)
                if tier is not None:
                    scored.append((tier, len(entry.title_zh), entry.item_id, entry))
        else:
            words = _WORD.findall(q)
            if not words:
                return []
            compact = "".join(words)
            text_rows: set[int] | None = None
            if len(compact) >= 2 or compact.isdigit():
                sets = [self._words_with_prefix(w) for w in words]
                text_rows = set.intersection(*sets) if sets else set()
            for index, entry in enumerate(self.entries):
                tier = self._ascii_tier(entry, index, " ".join(words), compact, words, text_rows)
                if tier is not None:
                    scored.append((tier, len(entry.title_zh), entry.item_id, entry))
        groups: dict[str, list[tuple[int, int, str, _Entry]]] = {}
        for item in sorted(scored, key=lambda s: (s[0], s[1], _natural(s[2]))):
            if kinds is None or item[3].kind in kinds:
                groups.setdefault(item[3].kind, []).append(item)
        ordered = sorted(groups.values(), key=lambda g: (g[0][0], g[0][3].order))
        return [SearchGroup(g[0][3].kind, tuple(SearchHit(e.kind, e.item_id, e.title, t)
                                                for t, _, _, e in g)) for g in ordered]

    # -- navigation ---------------------------------------------------------------------------
    def destination(self, hit: SearchHit) -> Destination:
        """The screen a tap on the hit opens (the window ignores screens it does not have yet)."""
        kind, item = hit.kind, hit.item_id
        if kind in ("box", "glossary"):
            return Destination(kind, int(item) if item.isdigit() else item)
        if kind in ("indicator", "chapter", "section", "route"):
            return Destination(kind, item)
        if kind in ("facility", "place"):  # the item's own page: details, map, the way there, QR
            return Destination("place", {"kind": kind, "id": item})
        if kind == "target":
            topic, section, chapter = self.target_places.get(item, ("", "", ""))
            if topic == "9073":
                return Destination("eldercare", None)
            if topic == "11157":
                return Destination("sports", None)
            if section:
                return Destination("section", section)
            return Destination("chapter", chapter)
        return Destination("home", None)


def _better(a: int | None, b: int | None) -> int | None:
    """The better (lower) of two tiers, either of which may be None (no match)."""
    return b if a is None else a if b is None else min(a, b)


def _han_runs(title_zh: str) -> tuple[str, tuple[int, ...]]:
    """The title's Chinese characters and, for each, the number of the unbroken run it is in."""
    chars, runs = [], []
    for number, run in enumerate(_HAN_RUN.findall(title_zh)):
        chars.append(run)
        runs += [number] * len(run)
    return "".join(chars), tuple(runs)


def _natural(item_id: str) -> tuple[int, str]:
    """Sort '2' before '10' (indicator codes, box numbers)."""
    head = re.match(r"\d+", item_id)
    return (int(head.group()) if head else 10**9, item_id)

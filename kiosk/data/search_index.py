"""Build-time search index: one row per findable item with pinyin and initials (uses pypinyin)."""

from __future__ import annotations

import re
import sqlite3

# kind -> SQL giving (item_id, title_zh, title_en, extra text…); rank orders groups in results.
SOURCES: tuple[tuple[str, int, str], ...] = (
    ("indicator", 1, "SELECT code, name_zh, name_en FROM indicators"),
    ("facility", 2, "SELECT id, name_zh, name_en, services_zh, services_en, address_zh FROM facilities"),
    ("route", 3, "SELECT id, name_zh, name_en, theme_zh, theme_en, description_zh, description_en "
                 "FROM routes"),
    ("place", 4, "SELECT id, name_zh, name_en, description_zh, description_en, address_zh FROM pois"),
    ("section", 5, "SELECT id, title_zh, title_en, summary_zh, summary_en FROM sections"),
    ("chapter", 6, "SELECT id, title_zh, title_en, summary_zh, summary_en FROM chapters"),
    ("box", 7, "SELECT CAST(id AS TEXT), title_zh, title_en, body_zh, body_en FROM boxes"),
    ("glossary", 8, "SELECT CAST(id AS TEXT), term_zh, term_en, definition_zh, definition_en "
                    "FROM glossary"),
    ("target", 9, "SELECT id, name_zh, name_en, sentence_zh, sentence_en FROM targets"),
)
_HAN = re.compile(r"[\u3400-\u9fff]+")


def pinyin_keys(text: str) -> tuple[str, str]:
    """Toneless pinyin (syllables separated by spaces) and initials of the Chinese characters in text.

    '养老院' -> ('yang lao yuan', 'yly'); the spaces let search match from a syllable start only.
    """
    from pypinyin import Style, lazy_pinyin

    syllables = [s for chunk in _HAN.findall(text or "") for s in lazy_pinyin(chunk, style=Style.NORMAL)
                 if s.isalpha()]
    return " ".join(syllables), "".join(s[0] for s in syllables)


def build_search_rows(conn: sqlite3.Connection) -> list[dict]:
    """One index row per item of every searchable table."""
    rows = []
    for kind, rank, sql in SOURCES:
        for item_id, title_zh, title_en, *extra in conn.execute(sql):
            full, initials = pinyin_keys(title_zh)
            haystack = " ".join(str(x) for x in (title_zh, title_en, *extra) if x).lower()
            rows.append({
                "kind": kind, "item_id": str(item_id), "title_zh": title_zh or "",
                "title_en": title_en or "", "haystack": haystack, "pinyin": full,
                "initials": initials, "rank": rank,
            })
    return rows

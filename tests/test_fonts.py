"""Every character the kiosk can show is in the bundled font (no boxes on a machine without CJK fonts)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from kiosk.ui.resources import FONT_FILES

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"


@pytest.fixture(scope="module")
def covered() -> list[set[int]]:
    return [set(TTFont(FONTS / name).getBestCmap()) for name in FONT_FILES]


def visible_characters(text: str) -> set[str]:
    return {c for c in text if not c.isspace() and c.isprintable()}


def database_text(path: Path) -> str:
    parts = []
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table == "search_index":
                continue  # lowercased copies for matching, never displayed
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                parts.extend(str(v) for v in row if isinstance(v, str))
    return "\n".join(parts)


def catalog_text() -> str:
    from babel.messages.pofile import read_po

    parts = []
    for po in (ROOT / "i18n").glob("*/LC_MESSAGES/kiosk.po"):
        with po.open("rb") as fh:
            for message in read_po(fh):
                parts += [str(message.id), str(message.string)]
    return "\n".join(parts)


def test_font_files_and_licence_ship():
    for name in FONT_FILES:
        assert (FONTS / name).stat().st_size > 1_000_000
    assert "SIL OPEN FONT LICENSE" in (FONTS / "LICENSE-OFL.txt").read_text(encoding="utf-8")


def test_every_database_character_has_a_glyph(content_db, covered):
    for cmap in covered:
        missing = sorted(c for c in visible_characters(database_text(content_db)) if ord(c) not in cmap)
        assert missing == [], f"run tools/subset_font.py; missing: {''.join(missing)}"


def test_every_catalog_character_has_a_glyph(covered):
    for cmap in covered:
        missing = sorted(c for c in visible_characters(catalog_text()) if ord(c) not in cmap)
        assert missing == [], f"run tools/subset_font.py; missing: {''.join(missing)}"


def test_common_chinese_is_covered_for_future_updates(covered):
    gb2312_sample = "养老健身枫泾廊下朱泾亭林吕巷张堰漕泾山阳金山卫石化"
    assert all(ord(c) in covered[0] for c in gb2312_sample)

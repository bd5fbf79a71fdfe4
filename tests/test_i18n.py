"""Catalogs: every tr() string in the code is in the template and translated to Chinese."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kiosk.i18n import format_large, format_number

ROOT = Path(__file__).resolve().parent.parent


def code_messages() -> set[str]:
    found = extract_from_dir(str(ROOT / "kiosk"), method_map=[("**.py", "python")],
                             keywords={"tr": None, "trn": (1, 2)})
    ids = set()
    for _filename, _lineno, message, _comments, _context in found:
        ids.update([message] if isinstance(message, str) else message)
    return ids


def catalog_messages(path: Path) -> dict[str, str]:
    """msgid -> translation; both forms of a plural message map to its (single) Chinese form."""
    out = {}
    with path.open("rb") as fh:
        for m in read_po(fh):
            if not m.id:
                continue
            if isinstance(m.id, tuple):
                for form in m.id:
                    out[form] = m.string[0] if m.string else ""
            else:
                out[m.id] = m.string
    return out


def test_template_is_current():
    pot = set(catalog_messages(ROOT / "i18n" / "messages.pot"))
    missing = code_messages() - pot
    assert not missing, f"run make extract-messages; not in messages.pot: {sorted(missing)[:5]}"


def test_every_message_has_a_chinese_translation():
    zh = catalog_messages(ROOT / "i18n" / "zh_CN" / "LC_MESSAGES" / "kiosk.po")
    untranslated = sorted(m for m in code_messages() if not zh.get(m))
    assert untranslated == []


def test_placeholders_survive_translation():
    import re

    zh = catalog_messages(ROOT / "i18n" / "zh_CN" / "LC_MESSAGES" / "kiosk.po")
    for msgid, msgstr in zh.items():
        if msgstr:
            assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", msgstr)), msgid


def test_numbers_per_language():
    assert format_number(1234567, lang="en") == "1,234,567"
    assert format_number(16.5, lang="zh_CN") == "16.5"
    assert format_large(60_000_000, lang="zh_CN") == "6,000万"
    assert format_large(182_000_000_000, lang="zh_CN") == "1,820亿"
    assert format_large(60_000_000, lang="en") == "60 million"

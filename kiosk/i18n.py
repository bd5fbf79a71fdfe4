"""Translations (gettext catalogs managed with babel) and number formatting per language."""

from __future__ import annotations

import gettext
import math
from pathlib import Path

from kiosk.config import DEFAULT_LANGUAGE, LANGUAGES, LOCALE_DIR

DOMAIN = "kiosk"
_catalogs: dict[str, gettext.NullTranslations] = {}
_current = DEFAULT_LANGUAGE


def _load(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """Compiled .mo when present (bundle, after make), else the .po read with babel (fresh clone)."""
    mo = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    po = mo.with_suffix(".po")
    if not po.exists():
        return gettext.NullTranslations()
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def catalog(lang: str) -> gettext.NullTranslations:
    if lang not in _catalogs:
        _catalogs[lang] = _load(lang)
    return _catalogs[lang]


def set_language(lang: str) -> None:
    """Switch the language every later tr() call uses."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def is_chinese(lang: str | None = None) -> bool:
    return (lang or _current).startswith("zh")


def tr(message: str) -> str:
    """The message in the current language (source strings are English)."""
    return catalog(_current).gettext(message)


def trn(singular: str, plural: str, n: int) -> str:
    return catalog(_current).ngettext(singular, plural, n)


def babel_locale(lang: str | None = None) -> str:
    return "zh_Hans_CN" if is_chinese(lang) else "en"


_locales: dict = {}


def _parsed_locale(lang: str | None):
    """Babel's Locale object, parsed once per language (Babel parses a locale name on every call)."""
    name = babel_locale(lang)
    if name not in _locales:
        from babel import Locale

        _locales[name] = Locale.parse(name)
    return _locales[name]


def format_number(value: float | None, digits: int | None = None, lang: str | None = None) -> str:
    """A number with the language's grouping; up to `digits` decimals (auto when None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if float(value).is_integer() and not digits:
        # Whole numbers group the same way in both languages (1,234,567); spares loading Babel and
        # its locale data (~20 ms) before the home screen's first frame.
        return f"{int(value):,}"
    from babel.numbers import format_decimal

    if digits is None:
        digits = 0 if float(value).is_integer() else min(4, _decimals(value))
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_parsed_locale(lang))


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def format_large(value: float, lang: str | None = None) -> str:
    """Big counts readably: 万/亿 in Chinese, thousand/million/billion in English."""
    from babel.numbers import format_compact_decimal

    if abs(value) < 10_000:
        return format_number(value, lang=lang)
    if is_chinese(lang):
        for size, word in ((1e8, "亿"), (1e4, "万")):
            if abs(value) >= size:
                return format_number(round(value / size, 2), lang=lang) + word
    return format_compact_decimal(value, format_type="long", fraction_digits=2, locale="en")

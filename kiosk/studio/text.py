"""The studio's own language: the kiosk preview may show the other one at the same time."""

from __future__ import annotations

from kiosk.i18n import catalog

_language = ["zh_CN"]


def set_studio_language(lang: str) -> None:
    _language[0] = lang


def studio_language() -> str:
    return _language[0]


def tr(message: str) -> str:
    """The message in the studio's language (source strings are English, as in the kiosk)."""
    return catalog(_language[0]).gettext(message)


def problem_text(problem) -> str:
    """A validation problem's message in the studio's language."""
    return problem.message_zh if _language[0].startswith("zh") else problem.message_en


def N_(message: str) -> str:  # noqa: N802 - the gettext name extraction looks for
    """Mark a message for the catalogs; it is translated later, when shown."""
    return message

"""--self-test: content opens, every screen renders in both languages, glyphs and catalogs complete."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage, QRawFont

from kiosk.config import FONT_DIR, LANGUAGES, LOCALE_DIR
from kiosk.i18n import catalog
from kiosk.ui.resources import FONT_FILES


def check_content(path: Path) -> list[str]:
    problems = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("content database fails integrity_check")
        for table, minimum in (("indicators", 32), ("chapters", 10), ("glossary", 1), ("routes", 1)):
            n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if n < minimum:
                problems.append(f"{table}: {n} rows, expected at least {minimum}")
    return problems


def displayed_text(path: Path) -> str:
    parts = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for name in names:
            if name == "search_index":
                continue
            for row in conn.execute(f"SELECT * FROM [{name}]"):
                parts.extend(v for v in row if isinstance(v, str))
    for lang in LANGUAGES:
        parts.extend(str(v) for v in getattr(catalog(lang), "_catalog", {}).values())
    return "\n".join(parts)


def check_glyphs(text: str) -> list[str]:
    problems = []
    chars = {c for c in text if c.isprintable() and not c.isspace()}
    for name in FONT_FILES:
        font = QRawFont(str(FONT_DIR / name), 20)
        if not font.isValid():
            problems.append(f"font {name} cannot be loaded")
            continue
        missing = sorted(c for c in chars if not font.supportsCharacter(ord(c)))
        if missing:
            problems.append(f"{name} lacks {len(missing)} characters: {''.join(missing[:40])}")
    return problems


def check_catalogs() -> list[str]:
    """Every message of the template (messages.pot) has a Chinese translation."""
    from babel.messages.pofile import read_po

    zh = getattr(catalog("zh_CN"), "_catalog", None)
    if not zh:
        return ["the Chinese catalog is missing"]
    pot = LOCALE_DIR / "messages.pot"
    if not pot.exists():
        return [f"{pot} is missing"]
    with pot.open("rb") as fh:
        wanted = [m.id for m in read_po(fh) if m.id]
    # gettext keys a plural message by (singular, form index)
    missing = [m for m in wanted if not zh.get((m[0], 0) if isinstance(m, tuple) else m)]
    return [f"{len(missing)} of {len(wanted)} messages untranslated, e.g. {missing[0]!r}"] if missing else []


def check_update_machinery() -> list[str]:
    """Applying a package rebuilds the database: its libraries must be in the bundle."""
    problems = []
    for module in ("sqlite_utils", "pypinyin", "cryptography.hazmat.primitives.asymmetric.ed25519"):
        try:
            __import__(module)
        except ImportError as exc:
            problems.append(f"{module} cannot be imported ({exc}): packages could not be applied")
    return problems


def check_screens(kiosk) -> tuple[int, list[str]]:
    from kiosk.ui import screenshots

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        files = screenshots.render_all(kiosk, Path(tmp), orientations={"landscape": (1920, 1080)},
                                       elder_modes=(False,))
        for path in files:
            image = QImage(str(path))
            if image.isNull() or _blank(image):
                problems.append(f"screen rendered blank: {path.name}")
    return len(files), problems


def _blank(image: QImage) -> bool:
    step = max(1, image.width() // 40)
    colours = {image.pixel(x, y) for x in range(0, image.width(), step)
               for y in range(0, image.height(), step)}
    return len(colours) < 3


def run_self_test(kiosk) -> int:
    """Print a short report; 0 when everything passed."""
    db_path = kiosk.ctx.content.path
    report: list[tuple[str, list[str]]] = [
        ("content", check_content(db_path)),
        ("glyphs", check_glyphs(displayed_text(db_path))),
        ("catalogs", check_catalogs()),
        ("update machinery", check_update_machinery()),
    ]
    count, screen_problems = check_screens(kiosk)
    report.append((f"screens ({count} renders)", screen_problems))
    print(f"self-test: content {kiosk.ctx.content.content_version} from {db_path}")
    for name, problems in report:
        print(f"  {'ok  ' if not problems else 'FAIL'} {name}")
        for problem in problems:
            print(f"       {problem}")
    failed = any(problems for _, problems in report)
    print("self-test " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0

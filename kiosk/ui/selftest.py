"""--self-test: content opens, every screen renders in both languages, glyphs, catalogs, Qt's ICU."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage, QRawFont

from kiosk.config import FONT_DIR, LANGUAGES, LOCALE_DIR
from kiosk.i18n import catalog
from kiosk.ui.icu_facts import icu_problems
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


def check_system_libraries() -> tuple[list[str], list[str]]:
    """Problems (on an X11 display) or notes (offscreen): the Debian packages the window needs."""
    from kiosk.syslibs import missing_packages, uses_xcb

    missing = missing_packages()
    if not missing:
        return [], ["every library of the X11 window is installed"]
    names = " ".join(missing)
    line = f"missing system packages: {names} (install: apt-get install {names})"
    return ([line], []) if uses_xcb() else ([], [line + "; the window on a display needs them"])


def probe_speech(timeout_s: float = 15.0) -> dict:
    """The read-aloud helper's answer (engine and voices), or {"error": why}."""
    import json
    import subprocess

    from kiosk.ui.speech import helper_command

    try:
        out = subprocess.run(helper_command(), input="", capture_output=True, text=True,
                             timeout=timeout_s).stdout
    except subprocess.TimeoutExpired:
        return {"error": f"the speech engine did not answer within {timeout_s:g} s"}
    except OSError as exc:
        return {"error": f"the speech helper cannot start: {exc}"}
    for line in out.splitlines():
        try:
            answer = json.loads(line)
        except ValueError:
            continue
        if isinstance(answer, dict) and ("engine" in answer or "error" in answer):
            return answer
    return {"error": "the speech helper gave no answer"}


SPOKEN = {"zh_CN": "金山区市民信息亭欢迎您。", "en": "Welcome to the Jinshan citizen kiosk."}


def check_read_aloud() -> list[str]:
    """Notes only (read-aloud is optional): engine, voice per language, and a WAV that is not silent."""
    from kiosk.ui.speech import choose_voice
    from kiosk.ui.speech_wav import is_silent, synthesize_wav

    answer = probe_speech()
    if "error" in answer:
        return [f"read-aloud off: {answer['error']}"]
    voices = answer.get("voices", [])
    notes = [f"engine {answer.get('engine')} with {len(voices)} voices"]
    with tempfile.TemporaryDirectory() as tmp:
        for lang, sentence in SPOKEN.items():
            voice = choose_voice(voices, lang)
            if voice is None:
                notes.append(f"{lang}: no voice, the read-aloud button is hidden")
                continue
            line = f"{lang}: voice {voice['name']!r}"
            wav = Path(tmp) / f"{lang}.wav"
            if answer.get("engine") == "speechd" and synthesize_wav(sentence, lang, wav, voice["name"]):
                line += ", spoken sentence " + ("SILENT" if is_silent(wav) else "not silent (espeak-ng WAV)")
            notes.append(line)
    return notes


def run_self_test(kiosk) -> int:
    """Print a short report; 0 when everything passed."""
    db_path = kiosk.ctx.content.path
    report: list[tuple[str, list[str]]] = [
        ("content", check_content(db_path)),
        ("glyphs", check_glyphs(displayed_text(db_path))),
        ("catalogs", check_catalogs()),
        ("update machinery", check_update_machinery()),
        ("ICU: collation, case, codecs, time zones", icu_problems()),  # the bundle's smaller ICU data
    ]
    count, screen_problems = check_screens(kiosk)
    report.append((f"screens ({count} renders)", screen_problems))
    library_problems, library_notes = check_system_libraries()
    report.append(("system libraries", library_problems))
    notes = {"system libraries": library_notes, "read-aloud": check_read_aloud()}
    report.append(("read-aloud", []))
    print(f"self-test: content {kiosk.ctx.content.content_version} from {db_path}")
    for name, problems in report:
        print(f"  {'ok  ' if not problems else 'FAIL'} {name}")
        for problem in problems:
            print(f"       {problem}")
        for note in notes.get(name, []):
            print(f"       {note}")
    failed = any(problems for _, problems in report)
    print("self-test " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0

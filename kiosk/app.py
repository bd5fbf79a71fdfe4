"""Start-up: command line, logging, the QApplication, the main window, and the error safety net."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.config import FACTORY_DB, SOURCE_DB_DIR

if TYPE_CHECKING:
    import argparse

log = logging.getLogger("kiosk")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="jinshan-kiosk", description="Jinshan Citizen Kiosk")
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window (development); default is full-screen kiosk mode")
    parser.add_argument("--build-db", metavar="PATH", type=Path,
                        help="build the content database from db/ into PATH and exit")
    parser.add_argument("--screenshots", metavar="DIR", type=Path,
                        help="render every screen (both languages, orientations, elder mode) to PNG")
    parser.add_argument("--only", metavar="SCREEN", action="append",
                        help="with --screenshots: only these screen ids")
    parser.add_argument("--size", metavar="WxH", action="append", type=screen_size,
                        help="with --screenshots: render at this window size instead of 1920x1080 "
                             "and 1080x1920 (repeatable, e.g. --size 1024x768)")
    parser.add_argument("--db", metavar="PATH", type=Path, help="read this content database")
    parser.add_argument("--self-test", action="store_true",
                        help="open the content, render every screen offscreen, check glyphs and "
                             "catalogs; exit 0 or 1")
    parser.add_argument("--check-config", nargs="?", const="", metavar="FILE",
                        help="validate the settings file (default: the one the kiosk reads) and exit")
    parser.add_argument("--settings", metavar="FILE", type=Path, help="read this settings file")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="start in this language")
    parser.add_argument("--studio", action="store_true",
                        help="open the staff content studio (office PC): workbook, preview, signed "
                             "package; with --screenshots, render its pages; --db: compare with it")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # internal: the bundle runs a package apply's database build in a child process (build_job)
    parser.add_argument("--build-job", nargs=2, metavar=("ROWS", "OUT"), help=argparse.SUPPRESS)
    return parser


def screen_size(text: str) -> tuple[int, int]:
    """'1024x768' -> (1024, 768), so screenshots can check the small and portrait screens."""
    import argparse

    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1024x768") from None
    if width < 200 or height < 200:
        raise argparse.ArgumentTypeError(f"{text!r} is too small")
    return width, height


# What build_parser() gives for an empty command line (tests/test_app.py checks they stay equal).
NO_ARGUMENTS = {"windowed": False, "build_db": None, "screenshots": None, "only": None, "size": None,
                "db": None, "self_test": False, "check_config": None, "settings": None, "lang": None,
                "studio": False, "build_job": None}


def parse_args(argv: list[str] | None) -> argparse.Namespace | SimpleNamespace:
    """The options. Issue 14 (start-up): a kiosk starts with none, and then takes the parser's
    defaults without building the parser (~3 ms before the first frame)."""
    if not (sys.argv[1:] if argv is None else argv):
        return SimpleNamespace(**NO_ARGUMENTS)
    return build_parser().parse_args(argv)


def build_db(path: Path) -> int:
    """Build the database from the sources; print counts or every problem with file/row/column."""
    from kiosk.data.build import BuildError, build_database

    try:
        report = build_database(SOURCE_DB_DIR, path)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"build failed: {len(exc.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    for name, count in report.counts.items():
        print(f"{name:18} {count:6}")
    print(f"built {path} (content {report.content_hash[:12]})")
    return 0


def check_config(path: Path | None) -> int:
    """Validate a settings file: 0 when it is fine, 1 with one line per problem otherwise."""
    from kiosk.settings import load_settings

    report = load_settings(path)
    if not report.problems:
        print(f"{report.path}: ok")
        return 0
    for problem in report.problems:
        print(report.where(problem))
    print("the kiosk still starts with safe defaults for these settings; fix them and check again")
    return 1


def has_display() -> bool:
    """False on a Linux machine with no X11/Wayland display and no Qt platform chosen."""
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY = """No display found, so the kiosk window cannot open.
未找到显示器，无法打开信息亭窗口。

To run without a screen (servers, CI):
  QT_QPA_PLATFORM=offscreen .venv/bin/python main.py --screenshots shots/   # render every screen to PNG
  make test                                                                 # the test suite
To see the window on a headless machine, use a virtual display:
  xvfb-run -s "-screen 0 1920x1080x24" .venv/bin/python main.py --windowed
"""


def studio_executable(program: str) -> bool:
    """The bundle's second program, jinshan-kiosk-studio, is the same code started as the studio."""
    return Path(program).stem.lower().endswith("-studio")


def run(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv)[:1] == ["--speech-helper"]:
        from kiosk.ui.speech_helper import main as speech_helper  # read-aloud's own process

        gc.enable()
        return speech_helper()
    args = parse_args(argv)
    if argv is None and studio_executable(sys.argv[0]):
        args.studio = True
    if (args.build_job or args.build_db or args.check_config is not None or args.studio
            or args.screenshots or args.self_test):
        gc.enable()  # only the kiosk window's start waits for its first frame (main.py)
    if args.build_job:
        from kiosk.data.build_job import main as build_job

        return build_job(args.build_job)
    if args.build_db:
        logging.basicConfig(level=logging.INFO)
        return build_db(args.build_db)
    if args.check_config is not None:
        return check_config(Path(args.check_config) if args.check_config else args.settings)
    if (args.screenshots or args.self_test) and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from kiosk.syslibs import missing_message, missing_packages, uses_xcb

    if uses_xcb() and not args.self_test and (missing := missing_packages()):
        print(missing_message(missing), file=sys.stderr)  # Qt itself would name only the first
        return 2
    if args.studio:
        from kiosk.studio.app import main as studio_main

        return studio_main(args)
    # The Qt-free modules the first frame needs, before PySide6: PySide reads the source of each module
    # imported after it (its __feature__ check), ~10 ms of a start from a checkout.
    import kiosk.data.crashguard  # noqa: F401
    import kiosk.data.figures  # noqa: F401
    import kiosk.data.store  # noqa: F401
    import kiosk.i18n  # noqa: F401
    import kiosk.logs  # noqa: F401
    import kiosk.settings  # noqa: F401
    from kiosk.ui.application import KioskApplication

    # A kiosk that will show its window opens statistics after the first frame; the others now.
    showing = not (args.screenshots or args.self_test)
    kiosk = KioskApplication(db_path=args.db, lang=args.lang, settings_file=args.settings,
                             defer_bookkeeping=showing, kiosk_mode=showing and not args.windowed)
    if kiosk.startup_error:
        print(kiosk.startup_error, file=sys.stderr)
        return 1
    if args.screenshots:
        from kiosk.ui.screenshots import render_all

        sizes = {f"{w}x{h}": (w, h) for w, h in args.size} if args.size else None
        try:
            files = render_all(kiosk, args.screenshots, only=args.only, orientations=sizes)
        finally:
            kiosk.shutdown_helpers()
        print(f"wrote {len(files)} screenshots to {args.screenshots}")
        return 0
    if args.self_test:
        from kiosk.ui.selftest import run_self_test

        try:
            return run_self_test(kiosk)
        finally:
            kiosk.shutdown_helpers()
    return kiosk.exec(kiosk_mode=not args.windowed)


__all__ = ["run", "FACTORY_DB"]

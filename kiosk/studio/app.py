"""Start the studio (`main.py --studio`): settings, the content compared with, the window."""

from __future__ import annotations

import sys
from pathlib import Path


def compared_database(db: Path | None, settings) -> Path | None:
    """--db when given, else the content this installation reads (installed package or factory)."""
    from kiosk.data.store import current_database

    path = db or current_database(settings.data_path)
    return path if path.is_file() else None


def main(args) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.settings import load_settings
    from kiosk.ui.application import ensure_factory_database

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("jinshan-kiosk-studio")
    settings = load_settings(args.settings).settings
    if args.db is None:
        ensure_factory_database()
    against = compared_database(args.db, settings)
    lang = args.lang or settings.default_language
    if args.screenshots:
        from kiosk.studio.screenshots import render_studio

        files = render_studio(args.screenshots, against, settings)
        print(f"wrote {len(files)} screenshots to {args.screenshots}")
        return 0
    from kiosk.studio.window import run_studio

    return run_studio(against, settings, lang)

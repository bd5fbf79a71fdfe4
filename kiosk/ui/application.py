"""The running kiosk: QApplication, settings, content, main window and the exception safety net."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import FACTORY_DB, ROOT, SOURCE_DB_DIR
from kiosk.data.content import Content, ContentError
from kiosk.data.store import current_database
from kiosk.i18n import set_language
from kiosk.logs import setup_logging
from kiosk.settings import load_settings
from kiosk.ui.context import AppContext, ViewState
from kiosk.ui.hub import Hub

log = logging.getLogger(__name__)


def ensure_factory_database(path: Path = FACTORY_DB) -> None:
    """From a source checkout, build the content database when it is missing."""
    if path.exists() or getattr(sys, "frozen", False) or not (ROOT / "db").is_dir():
        return
    from kiosk.data.build import build_database

    log.info("building %s from %s", path, SOURCE_DB_DIR)
    build_database(SOURCE_DB_DIR, path)


class KioskApplication:
    """Everything one kiosk process owns; tests create it too."""

    def __init__(self, db_path: Path | None = None, lang: str | None = None,
                 settings_file: Path | None = None):
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.app.setApplicationName("jinshan-kiosk")
        self.startup_error = ""
        report = load_settings(settings_file)
        self.settings = report.settings
        self.settings_problems = report.problems
        self.log_file = setup_logging(self.settings.data_path)
        for problem in report.problems:
            log.warning("settings: %s", problem)
        try:
            if db_path is None:
                ensure_factory_database()
                db_path = current_database(self.settings.data_path)
            content = Content(db_path)
        except (ContentError, OSError) as exc:
            self.startup_error = (f"内容数据库无法打开 / The content database cannot be opened: {exc}\n"
                                  "Build it with: make db")
            return
        language = lang or self.settings.default_language
        set_language(language)
        self.hub = Hub()
        self.ctx = AppContext(self.hub, content, self.settings, ViewState(language))
        from kiosk.ui.main_window import MainWindow

        home = "routes" if self.settings.tourism_desk else "home"
        self.window = MainWindow(self.ctx, home_id=home)
        self.crashes = 0

    def install_exception_hook(self) -> None:
        """From here on an unexpected error is logged and the resident is taken home."""
        sys.excepthook = self.handle_exception

    def handle_exception(self, kind, value, tb) -> None:
        """Log an unexpected error and take the resident home with an apology, never a traceback."""
        self.crashes += 1
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if self.crashes > 50:
            log.critical("too many errors, quitting so the service manager restarts the kiosk")
            self.app.exit(3)
            return
        QTimer.singleShot(0, self.hub.error_recovered.emit)

    def exec(self, kiosk_mode: bool = True) -> int:
        self.install_exception_hook()
        self.window.idle.start()
        if kiosk_mode:
            from kiosk.ui.guard import KioskKeyGuard

            self.guard = KioskKeyGuard(self.app)
            self.app.installEventFilter(self.guard)
            self.window.kiosk_mode = True
            self.window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.window.showFullScreen()
            self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        else:
            self.window.resize(1920 // 2, 1080 // 2 + 200)
            self.window.show()
        self.start_watchdog()
        return self.app.exec()

    def start_watchdog(self) -> None:
        """Tell systemd we are up, then ping its watchdog from the event loop (a hang stops pings)."""
        from kiosk.watchdog import sd_notify, watchdog_interval_ms

        QTimer.singleShot(0, lambda: sd_notify("READY=1"))
        interval = watchdog_interval_ms()
        if interval:
            self.watchdog_timer = QTimer()
            self.watchdog_timer.timeout.connect(lambda: sd_notify("WATCHDOG=1"))
            self.watchdog_timer.start(interval)

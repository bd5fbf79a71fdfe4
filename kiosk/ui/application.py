"""The running kiosk: QApplication, settings, content, main window and the exception safety net."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import FACTORY_DB, ROOT, SOURCE_DB_DIR, STATE_FILE_ENV
from kiosk.data.content import Content, ContentError
from kiosk.data.store import choose_database
from kiosk.i18n import set_language
from kiosk.logs import event_log_path, install_event_log, setup_logging, start_rotation
from kiosk.settings import load_settings
from kiosk.ui.context import AppContext, ViewState
from kiosk.ui.hub import Hub
from kiosk.ui.widgets import text_label

log = logging.getLogger(__name__)


def ensure_factory_database(path: Path = FACTORY_DB) -> None:
    """From a source checkout, build the content database when it is missing."""
    if path.exists() or getattr(sys, "frozen", False) or not (ROOT / "db").is_dir():
        return
    from kiosk.data.build import build_database

    log.info("building %s from %s", path, SOURCE_DB_DIR)
    build_database(SOURCE_DB_DIR, path)


def _quietly(func, *args):
    """Run a bookkeeping step that must never stop the kiosk (read-only or full disk)."""
    try:
        return func(*args)
    except Exception:  # noqa: BLE001 - logged, never fatal
        log.exception("%s failed", getattr(func, "__name__", func))
        return None


def crashguard_mark_running(data_dir: Path) -> None:
    from kiosk.data import crashguard

    crashguard.mark_running(data_dir)


SIGTERM_BACKSTOP_S = 1.2  # systemd's stop expects the kiosk gone within 2 s


def crashguard_mark_clean_exit(data_dir: Path) -> None:
    from kiosk.data import crashguard

    crashguard.mark_clean_exit(data_dir)


def install_event_log_once(data_dir: Path) -> None:
    """The event log (exported to sticks) once per process, even when tests make many kiosks."""
    target = str(event_log_path(data_dir).resolve())
    if any(getattr(h, "baseFilename", None) == target for h in logging.getLogger("kiosk").handlers):
        return
    _quietly(install_event_log, data_dir)


def guard_content(data_dir: Path, factory: Path = FACTORY_DB):
    """Before content opens: clean up an interrupted apply, and roll back after a crash loop."""
    from kiosk.data import crashguard
    from kiosk.data.store import content_dir

    if not content_dir(data_dir).exists():  # no package ever applied: nothing to recover or undo
        verdict = _quietly(crashguard.check_start, data_dir, "")
        if verdict is not None and verdict.crashed:
            log.warning("the previous run did not exit cleanly")
        return verdict
    # Only now pay for the package machinery (cryptography, validation): ~35 ms of start-up.
    from kiosk.data.generations import content_status, recover, roll_back

    _quietly(recover, data_dir)

    def check():
        status = content_status(data_dir, factory)
        verdict = crashguard.check_start(data_dir, "" if status.factory else status.applied)
        if verdict.crashed:
            log.warning("the previous run did not exit cleanly (%d crash(es) in the last %d minutes)",
                        verdict.recent_crashes, crashguard.WINDOW_S // 60)
        if verdict.roll_back:
            result = roll_back(data_dir, factory)
            log.error("crash loop after content package %s was applied (%s): rolled back: %s [%s]",
                      status.sequence, verdict.reason, result.message_en, result.code)
            if result.ok:
                crashguard.rolled_back(data_dir)
        return verdict

    return _quietly(check)


def open_stats(data_dir: Path):
    """The anonymous usage counts (None when the data folder cannot be written)."""
    from kiosk.data.stats import STATS_FILE, UsageStats

    return _quietly(UsageStats, data_dir / STATS_FILE)


def isolate_database_builds() -> None:
    """The running kiosk's applies build the database in a child process (kiosk.data.build_job)."""
    import kiosk.data.build as build

    build.ISOLATED = True


def new_application() -> QApplication:
    """The QApplication, on Qt's own event loop rather than GLib's.

    Every event posted (Qt posts one per widget shown: ~440 when the indicators list is shown)
    wakes the loop; GLib's loop does it with a write() to its wake-up file each time, Qt's own only
    once until the loop wakes (issue 14: ~0.1-0.2 ms of a page change). Nothing in the kiosk's
    process needs GLib's loop (read-aloud runs in a helper process). QT_NO_GLIB is read when the
    application is made, and is taken out again so the helper processes start as they did."""
    before = os.environ.get("QT_NO_GLIB")
    os.environ["QT_NO_GLIB"] = "1"
    try:
        return QApplication(sys.argv[:1])
    finally:
        if before is None:
            os.environ.pop("QT_NO_GLIB", None)
        else:
            os.environ["QT_NO_GLIB"] = before


class KioskApplication:
    """Everything one kiosk process owns; tests create it too."""

    def __init__(self, db_path: Path | None = None, lang: str | None = None,
                 settings_file: Path | None = None, defer_bookkeeping: bool = False,
                 kiosk_mode: bool = False):
        """defer_bookkeeping: open the usage statistics and the staff tools only after the first
        frame (the running kiosk: ~25 ms sooner on screen); tests get them at once.
        kiosk_mode: the window will be exec()'d full screen and frameless."""
        self.app = QApplication.instance() or new_application()
        self.app.setApplicationName("jinshan-kiosk")
        self.startup_error = ""
        report = load_settings(settings_file)
        self.settings = report.settings
        self.settings_problems = report.problems
        self.started = time.monotonic()
        data_dir = self.settings.data_path
        self.log_file = setup_logging(data_dir)
        install_event_log_once(data_dir)
        for problem in report.problems:
            log.warning("settings: %s", report.where(problem))
        self.factory_db = db_path or FACTORY_DB  # what a rollback past every package returns to
        self.crash_check = guard_content(data_dir, self.factory_db)
        try:
            if db_path is None:
                ensure_factory_database()
                choice = choose_database(data_dir)
                for en, _zh in choice.problems:
                    log.error("content damaged: %s; showing %s instead", en,
                              (choice.fallback or ("?", ""))[0])
                db_path = choice.database
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
        if defer_bookkeeping:
            text_label.pause_sharing()  # every first answer is QLabel's own (text_label.py)
        self.window = MainWindow(self.ctx, home_id=home, frameless=kiosk_mode)
        if defer_bookkeeping:
            from kiosk.ui.first_frame import after_first_frame

            after_first_frame(self.window, text_label.resume_sharing)
        self.crashes = 0
        self.stats = None
        self.bookkeeping_open = False
        self.wire_statistics()
        self.usb_timer: QTimer | None = None
        self.inbox_watcher = self.outbox_writer = None  # start_fleet()
        self.terminating = False
        self.window_input = None  # guard.WindowInput of the input filters, after the first frame
        if os.environ.get(STATE_FILE_ENV):  # tests that drive the real process read where things are
            from kiosk.ui.statefile import StateFile

            self.state_file = StateFile(self.window, Path(os.environ[STATE_FILE_ENV]))
        if not defer_bookkeeping:
            self.open_bookkeeping()

    def open_bookkeeping(self) -> None:
        """Usage statistics (and the crash the guard found) and what the staff screen needs."""
        if self.bookkeeping_open:
            return
        self.bookkeeping_open = True
        _quietly(start_rotation)
        self.window.enable_staff_access()
        data_dir = self.settings.data_path
        self.stats = open_stats(data_dir)
        if self.stats is not None and self.crash_check is not None and self.crash_check.crashed:
            self.stats.record_event("crash")
        from kiosk.ui.screens.admin import StaffTools

        self.window.staff_tools = StaffTools(data_dir, self.factory_db, self.started, self.stats)

    # -- usage statistics -----------------------------------------------------------------------
    def wire_statistics(self) -> None:
        """Count page views (screen + item id), language switches, elder mode, idle resets."""
        window = self.window
        window.screen_shown.connect(self.record_view)
        window.language_button.clicked.connect(lambda: self.record_event("language_switch"))
        window.elder_button.clicked.connect(lambda on: on and self.record_event("elder_on"))
        self.hub.idle_reset.connect(lambda: self.record_event("idle_reset"))
        self.app.aboutToQuit.connect(lambda: self.stats and _quietly(self.stats.flush))

    def record_event(self, kind: str) -> None:
        if self.stats is not None:
            self.stats.record_event(kind)

    def record_view(self, screen_id: str, args) -> None:
        if self.stats is None or screen_id == "admin":  # staff pages are not resident usage
            return
        item = str(args) if isinstance(args, (str, int)) and not isinstance(args, bool) else ""
        state = self.ctx.state
        self.stats.record_view(screen_id, item, state.language, state.elder_mode)

    # -- USB sticks -------------------------------------------------------------------------------
    def start_usb_watch(self, interval_ms: int = 3000) -> None:
        """Poll for packages on USB sticks; the result only lights the staff dot, nothing is applied.

        The first poll waits for the first interval: it loads the package machinery (~25 ms), which
        the home screen's first frame does not need."""
        self.usb_timer = QTimer()
        self.usb_timer.timeout.connect(self.poll_usb)
        self.usb_timer.start(interval_ms)

    def poll_usb(self) -> None:
        from kiosk.data.usb import find_packages

        found = find_packages() + list(getattr(self.window, "inbox_packages", []))
        if [f.path for f in found] != [f.path for f in self.window.usb_packages]:
            if found:
                log.info("USB: %d update package(s) found: %s", len(found),
                         ", ".join(str(f.path) for f in found[:5]))
            elif self.window.usb_packages:
                log.info("USB: the stick with update packages was removed")
            self.window.set_usb_packages(found)

    def start_fleet(self, **timing) -> None:
        """Inbox and outbox folders (issue 15), when the settings name them."""
        from kiosk.ui.fleet import start_fleet

        self.inbox_watcher, self.outbox_writer = start_fleet(self, **timing)

    def install_exception_hook(self) -> None:
        """From here on an unexpected error is logged and the resident is taken home."""
        sys.excepthook = self.handle_exception

    def handle_exception(self, kind, value, tb) -> None:
        """Log an unexpected error and take the resident home with an apology, never a traceback."""
        self.crashes += 1
        _quietly(self.record_event, "crash")
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if self.crashes > 50:
            log.critical("too many errors, quitting so the service manager restarts the kiosk")
            self.app.exit(3)
            return
        QTimer.singleShot(0, self.hub.error_recovered.emit)

    def exec(self, kiosk_mode: bool = True) -> int:
        self.install_exception_hook()
        self.install_sigterm()  # before the running marker: a stop from here on is a clean exit
        if kiosk_mode:
            self.window.kiosk_mode = True
            self.window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.window.cover_screen()
            self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        else:
            self.window.resize(1920 // 2, 1080 // 2 + 200)
            self.window.show()
        self.start_watchdog()
        self.start_usb_watch()
        data_dir = self.settings.data_path
        _quietly(crashguard_mark_running, data_dir)
        from kiosk.ui.first_frame import after_first_frame

        after_first_frame(self.window, gc.enable)  # main.py turned the collector off for the start
        after_first_frame(self.window, lambda: self.install_input_filters(kiosk_mode))
        after_first_frame(self.window, self.record_start)
        after_first_frame(self.window, self.window.warmup.start)  # then build screens ahead
        code = 0 if self.terminating else self.app.exec()  # exit() before exec() would be lost
        if self.window_input is not None:  # no Python filter on a window Qt takes down at exit
            self.window_input.remove()
        self.shutdown_helpers()
        if self.stats is not None:
            _quietly(self.stats.flush)
        if code != 3:  # 3: quit after too many errors, so it counts as a crash at the next start
            _quietly(crashguard_mark_clean_exit, data_dir)
        return code

    def install_input_filters(self, kiosk_mode: bool) -> None:
        """Idle watcher, tap guard and key guard, on the window's input (guard.WindowInput: the
        window's QWindow sees every touch and key first, and little else). Before the first frame
        nobody can touch a window that is not drawn yet, so they start just after it. They are
        asked through one filter, key guard first: a swallowed exit key is no input for the idle
        watcher."""
        from kiosk.ui.guard import EventFilters, KioskKeyGuard, WindowInput

        self.window.idle.start(filter_events=False)
        self.tap_guard = self.window.install_tap_guard(filter_events=False)
        filters = [self.tap_guard, self.window.idle]
        if kiosk_mode:
            self.guard = KioskKeyGuard(self.app)
            filters.insert(0, self.guard)
        self.input_filters = EventFilters(filters, self.app)
        self.window_input = WindowInput(self.window, self.input_filters)

    def install_sigterm(self) -> None:
        """systemd stop / shutdown is a clean exit, not a crash, in every mode and at once.

        The signal writes a byte to a pipe the event loop watches (so Python gets control at
        once, not at the next timer), and the loop is ended with exit(): quit() would first ask the
        windows to close, which the kiosk-mode window refuses. (A pipe, not a socket pair: the
        socket module is ~5 ms of start-up.)"""
        if not hasattr(signal, "SIGTERM"):
            return
        from PySide6.QtCore import QSocketNotifier

        self.signal_pipe = os.pipe()
        for end in self.signal_pipe:
            os.set_blocking(end, False)
        try:
            signal.set_wakeup_fd(self.signal_pipe[1], warn_on_full_buffer=False)
        except ValueError:  # not the main thread (tests): the handler alone still works
            pass
        self.signal_notifier = QSocketNotifier(self.signal_pipe[0], QSocketNotifier.Type.Read)
        self.signal_notifier.activated.connect(self._drain_signals)
        signal.signal(signal.SIGTERM, lambda *_: self.terminate())

    def _drain_signals(self, *_args) -> None:
        try:
            os.read(self.signal_pipe[0], 512)
        except OSError:
            pass

    def terminate(self) -> None:
        """End the event loop now; exec() then writes the clean-exit record."""
        if self.terminating:
            return
        self.terminating = True
        log.info("SIGTERM: stopping")
        self.window.allow_close = True
        self.app.exit(0)
        # The loop ends when the step it is in (say, a warm-up import on a loaded machine) returns;
        # the 2 s contract must not depend on that, so a backstop records the clean exit and leaves.
        import threading

        backstop = threading.Timer(SIGTERM_BACKSTOP_S, self._exit_now)
        backstop.daemon = True
        backstop.start()

    def _exit_now(self) -> None:
        """SIGTERM's backstop: content is atomic on disk, so leaving mid-step loses nothing."""
        log.warning("SIGTERM: the event loop did not end within %.1f s; exiting now", SIGTERM_BACKSTOP_S)
        _quietly(crashguard_mark_clean_exit, self.settings.data_path)
        logging.shutdown()
        os._exit(0)

    def shutdown_helpers(self) -> None:
        """End helper processes (read-aloud) and the inbox/outbox timers before the process exits."""
        if self.window.speech is not None:
            self.window.speech.shutdown()
        for part in (self.inbox_watcher, self.outbox_writer):
            if part is not None:
                part.stop()

    def record_start(self) -> None:
        """After the first frame: open what was deferred, then count the start."""
        self.open_bookkeeping()
        self.record_event("start")
        isolate_database_builds()
        self.start_fleet()  # the outbox flushes the statistics opened just above

    def start_watchdog(self) -> None:
        """Tell systemd we are up once the window is drawn, then ping its watchdog from the event loop
        (a hang stops pings)."""
        from kiosk.ui.first_frame import after_first_frame
        from kiosk.watchdog import sd_notify, watchdog_interval_ms

        after_first_frame(self.window, lambda: sd_notify("READY=1"))
        interval = watchdog_interval_ms()
        if interval:
            self.watchdog_timer = QTimer()
            self.watchdog_timer.timeout.connect(lambda: sd_notify("WATCHDOG=1"))
            self.watchdog_timer.start(interval)

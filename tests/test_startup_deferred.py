"""Start-up work the home screen does not need waits for the first frame, and still happens after it."""

from __future__ import annotations

from kiosk.i18n import format_number


def test_statistics_and_staff_tools_open_after_the_first_frame(qtbot, content_db, monkeypatch):
    from kiosk.data import build
    from kiosk.ui.application import KioskApplication

    monkeypatch.setattr(build, "ISOLATED", False)  # restored after: record_start isolates builds
    from kiosk.ui.first_frame import after_first_frame

    kiosk = KioskApplication(db_path=content_db, lang="zh_CN", defer_bookkeeping=True)
    assert not kiosk.startup_error
    window = kiosk.window
    qtbot.addWidget(window)
    assert kiosk.stats is None and window.staff_tools is None  # nothing opened before the frame
    assert window.staff_access is None
    after_first_frame(window, kiosk.record_start)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.staff_tools is not None, timeout=5000)
    assert kiosk.stats is not None
    assert window.staff_tools.stats is kiosk.stats
    assert window.staff_access is not None and window.staff_access.panel.parent() is not None
    assert kiosk.stats.event_total("start") >= 1  # the data dir is shared by the whole session
    assert build.ISOLATED  # from now on an apply builds its database in a child process
    kiosk.hub.navigate.emit("routes", None)  # views are counted from then on
    kiosk.stats.flush()
    window.close()


def test_callbacks_after_the_first_frame_also_run_when_it_was_already_painted(qtbot):
    from PySide6.QtWidgets import QLabel

    from kiosk.ui.first_frame import after_first_frame

    widget = QLabel("金山")
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_frame(widget, lambda: calls.append("first"))
    widget.show()
    qtbot.waitUntil(lambda: calls == ["first"], timeout=5000)
    after_first_frame(widget, lambda: calls.append("later"))
    qtbot.waitUntil(lambda: calls == ["first", "later"], timeout=5000)


def test_whole_numbers_are_grouped_without_babel_the_same_way_babel_does():
    from babel.numbers import format_decimal

    for value in (0, 7, 999, 1000, 12345, -12345, 1234567, 1e9):
        for lang, locale in (("zh_CN", "zh_Hans_CN"), ("en", "en")):
            assert format_number(value, lang=lang) == format_decimal(value, format="#,##0", locale=locale)


def test_log_files_start_plain_and_rotate_from_the_first_frame_on_losing_nothing(tmp_path):
    import logging
    import logging.handlers

    from kiosk.logs import (
        BACKUPS,
        EVENT_MAX_BYTES,
        MAX_BYTES,
        StartupFileHandler,
        install_event_log,
        setup_logging,
        start_rotation,
    )

    loggers = (logging.getLogger(), logging.getLogger("kiosk"))
    saved = [(lg, list(lg.handlers), lg.level) for lg in loggers]
    try:
        setup_logging(tmp_path)
        install_event_log(tmp_path)

        def mine():
            return [h for lg in loggers for h in lg.handlers
                    if str(getattr(h, "baseFilename", "")).startswith(str(tmp_path))]

        assert len(mine()) == 2 and all(type(h) is StartupFileHandler for h in mine())
        logging.getLogger("kiosk.test").info("before the first frame")
        start_rotation()
        logging.getLogger("kiosk.test").info("after the first frame")
        handlers = mine()
        assert len(handlers) == 2
        assert all(isinstance(h, logging.handlers.RotatingFileHandler) for h in handlers)
        assert sorted(h.maxBytes for h in handlers) == sorted([MAX_BYTES, EVENT_MAX_BYTES])
        assert {h.backupCount for h in handlers} == {BACKUPS}
        for handler in handlers:
            handler.flush()
        for name in ("kiosk.log", "events.log"):
            lines = (tmp_path / "logs" / name).read_text(encoding="utf-8").splitlines()
            assert [line.split(": ", 1)[1] for line in lines if "kiosk.test" in line] == [
                "before the first frame", "after the first frame"]
    finally:
        for logger, handlers, level in saved:
            for handler in logger.handlers:
                if handler not in handlers:
                    handler.close()
            logger.handlers[:] = handlers
            logger.setLevel(level)


def test_first_frame_probe_names_the_kiosk_path_and_nothing_heavy():
    """The bundle stores the modules main.py imports before its first frame as plain files
    (tools/bundle/first_frame_modules.py). The same run shows what the first frame waits for: the
    home screen, not the charts, the package machinery or the statistics."""
    from tools.bundle.first_frame_modules import first_frame_modules

    names = set(first_frame_modules())
    assert {"kiosk.app", "kiosk.ui.main_window", "kiosk.ui.screens.home", "PySide6.QtWidgets"} <= names
    heavy = {"pyqtgraph", "numpy", "kiosk.data.packages", "kiosk.data.stats", "cryptography", "pypinyin",
             "logging.handlers", "kiosk.ui.statefile"}
    assert not heavy & names, sorted(heavy & names)


WATCH_COLLECTOR = """
import gc, os, runpy, sys
from PySide6.QtCore import QTimer, qInstallMessageHandler
seen = []
def report():
    print("during", seen[0], "after", gc.isenabled(), flush=True)
    os._exit(0)
def watch(kind, context, message):
    if message.startswith("Flushing ") and " to QWidgetWindow" in message and not seen:
        seen.append(gc.isenabled())
        QTimer.singleShot(300, report)
qInstallMessageHandler(watch)
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_the_collector_is_off_while_the_kiosk_starts_and_on_after_its_first_frame(tmp_path):
    """main.py turns Python's cyclic garbage collector off for the start (~5-10 ms of CPU before the
    first frame) and the running kiosk turns it back on once home is on screen."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.widgets.painting=true",
               KIOSK_DATA_DIR=str(tmp_path), KIOSK_SETTINGS=str(tmp_path / "settings.toml"))
    done = subprocess.run([sys.executable, "-c", WATCH_COLLECTOR, str(root / "main.py")], env=env, cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert "during False after True" in done.stdout, (done.stdout, done.stderr[-2000:])


def test_the_tools_run_with_the_collector_on(tmp_path, capsys):
    """Only the kiosk window's start goes without the collector: the tools main.py also starts
    (screenshots, self-test, studio, database builds, settings check) turn it back on at once."""
    import gc

    from kiosk.app import run

    settings = tmp_path / "settings.toml"
    settings.write_text('default_language = "en"\n', encoding="utf-8")
    gc.disable()
    try:
        run(["--check-config", str(settings)])
        assert gc.isenabled()
    finally:
        gc.enable()

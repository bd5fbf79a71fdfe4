"""The Qt side of many-kiosk operation: watch the inbox folder, write the outbox on a schedule.

All decisions live in kiosk.data.inbox / kiosk.data.outbox (Qt-free); this module only wakes them up
(QFileSystemWatcher for prompt notice, a slow timer because network folders do not always report
changes) and runs them on the worker thread, one job at a time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.data.inbox import SETTLE_S, Inbox, InboxPolicy
from kiosk.ui.worker import run_in_background

log = logging.getLogger("kiosk.inbox")
outbox_log = logging.getLogger("kiosk.outbox")

POLL_MS = 60_000  # the slow poll, for shares whose changes the watcher does not see
OUTBOX_FIRST_MS = 60_000  # the first export after start-up (the kiosk is up and has counted a start)
OUTBOX_SOON_MS = 5_000  # after the inbox did something, report it soon (coalescing a burst)


class InboxWatcher(QObject):
    """Wakes the Qt-free Inbox on folder changes and on a slow timer; reports what it did."""

    offered_changed = Signal(list)  # FoundPackage list staff may apply
    content_installed = Signal(object)  # database path of a package applied unattended
    reported = Signal()  # new inbox events (write the outbox soon)

    def __init__(self, folder: Path, data_dir: Path, settings, factory: Path,
                 poll_ms: int = POLL_MS, settle_s: float = SETTLE_S, parent=None):
        super().__init__(parent)
        self.folder = folder
        self.inbox = Inbox(folder, data_dir, InboxPolicy.from_settings(settings), factory, settle_s)
        self.settle_ms = int(settle_s * 1000) + 500
        self.offered: list = []
        self.job = None
        self.again = False
        self.fs = QFileSystemWatcher(self)
        self.fs.directoryChanged.connect(lambda _path: self.tick())
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.follow_up = QTimer(self)
        self.follow_up.setSingleShot(True)
        self.follow_up.timeout.connect(self.tick)
        self.poll_ms = poll_ms

    def start(self) -> None:
        log.info("inbox: watching %s (%s)", self.folder, self.inbox.policy.mode)
        self.timer.start(self.poll_ms)
        self.tick()

    def stop(self) -> None:
        self.timer.stop()
        self.follow_up.stop()

    def _watch(self) -> None:
        """(Re)attach the watcher: the folder may appear late (a share mounted after start-up)."""
        if str(self.folder) not in self.fs.directories() and self.folder.is_dir():
            self.fs.addPath(str(self.folder))

    def tick(self) -> None:
        if self.job is not None:
            self.again = True
            return
        self._watch()
        self.job = run_in_background(self.inbox.run_once, on_done=self._done, name="inbox")

    def _done(self, result, error) -> None:
        self.job = None
        if error is not None:
            log.error("inbox: the check failed", exc_info=error)
        else:
            if [f.path for f in result.offered] != [f.path for f in self.offered]:
                self.offered = list(result.offered)
                self.offered_changed.emit(self.offered)
            if result.applied:
                self.content_installed.emit(result.applied[-1].database)
            if result.events:
                self.reported.emit()
        if self.again:
            self.again = False
            self.tick()
        elif self.inbox.settling() and not self.follow_up.isActive():
            self.follow_up.start(self.settle_ms)


class OutboxWriter(QObject):
    """Writes the export into the outbox every interval (and soon after inbox events), off the UI thread."""

    written = Signal(object)  # the folder written

    def __init__(self, outbox: Path, kiosk_id: str, data_dir: Path, factory: Path, started: float,
                 stats=None, interval_min: int = 60, keep: int = 10, site: dict | None = None,
                 parent=None):
        super().__init__(parent)
        self.outbox, self.kiosk_id, self.data_dir, self.factory = outbox, kiosk_id, data_dir, factory
        self.started, self.stats, self.keep, self.site = started, stats, keep, site or {}
        self.job = None
        self.again = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.write)
        self.interval_ms = interval_min * 60_000
        self.soon_timer = QTimer(self)
        self.soon_timer.setSingleShot(True)
        self.soon_timer.timeout.connect(self.write)

    def start(self, first_ms: int | None = None) -> None:
        outbox_log.info("outbox: writing to %s every %d minutes as %s", self.outbox,
                        self.interval_ms // 60_000, self.kiosk_id)
        self.timer.start(self.interval_ms)
        self.soon_timer.start(OUTBOX_FIRST_MS if first_ms is None else first_ms)

    def stop(self) -> None:
        self.timer.stop()
        self.soon_timer.stop()

    def write_soon(self) -> None:
        """Write within OUTBOX_SOON_MS (a burst of inbox events makes one export, not many)."""
        if not self.soon_timer.isActive() or self.soon_timer.remainingTime() > OUTBOX_SOON_MS:
            self.soon_timer.start(OUTBOX_SOON_MS)

    def write(self) -> None:
        from kiosk.data.outbox import write_outbox

        if self.job is not None:
            self.again = True
            return
        if self.stats is not None:
            try:
                self.stats.flush()  # on this thread: the counters in memory belong to the UI thread
            except Exception:  # noqa: BLE001 - a full disk must not stop the export attempt
                outbox_log.exception("outbox: statistics could not be flushed")
        self.job = run_in_background(write_outbox, self.outbox, self.kiosk_id, self.data_dir, self.started,
                                     self.factory, self.keep, self.site, on_done=self._done,
                                     name="outbox")

    def _done(self, folder, error) -> None:
        self.job = None
        if error is not None:
            outbox_log.warning("outbox: export to %s failed: %s", self.outbox, error)
        else:
            outbox_log.info("outbox: exported to %s", folder)
            self.written.emit(folder)
        if self.again:
            self.again = False
            self.write()


def start_fleet(kiosk, poll_ms: int = POLL_MS, settle_s: float = SETTLE_S):
    """Start the outbox writer and the inbox watcher the settings ask for; (watcher, writer) or None."""
    from kiosk.data.fleet_policy import default_kiosk_id

    s, window = kiosk.settings, kiosk.window
    watcher = writer = None
    if s.outbox_dir:
        site = {"site_name_zh": s.site_name_zh, "site_name_en": s.site_name_en, "town": s.town}
        writer = OutboxWriter(Path(s.outbox_dir), default_kiosk_id(s.kiosk_id), s.data_path,
                              kiosk.factory_db, kiosk.started, kiosk.stats, s.outbox_interval_min,
                              s.outbox_keep, site, parent=window)
        writer.start()
    if s.inbox_dir:
        watcher = InboxWatcher(Path(s.inbox_dir), s.data_path, s, kiosk.factory_db, poll_ms, settle_s,
                               parent=window)

        def offered(found: list) -> None:
            window.inbox_packages = list(found)
            kiosk.poll_usb()  # the staff dot and the admin screen's list show sticks and inbox together

        watcher.offered_changed.connect(offered)
        watcher.content_installed.connect(kiosk.hub.content_switch_requested.emit)
        kiosk.hub.content_changed.connect(watcher.tick)  # staff applied or rolled back: offer again
        if writer is not None:
            watcher.reported.connect(writer.write_soon)
        watcher.start()
    return watcher, writer

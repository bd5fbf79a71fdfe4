"""The studio's Kiosks page: the fleet report of kiosk/admin/fleet.py on screen, flagged kiosks in red."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin.fleet import (
    COLUMNS,
    FLAG_TEXT,
    KioskRow,
    collect,
    record,
    save_report,
    screens_of,
    target_sequence,
)
from kiosk.studio.check_pages import RED, _label
from kiosk.studio.text import N_, studio_language, tr

log = logging.getLogger(__name__)

DAYS = 30  # views are counted over the same 30 days as the command line's default
FLAGGED_BACKGROUND = QColor("#fde2e1")  # the HTML report's colour for a flagged row
TITLES = {"kiosk": N_("Kiosk"), "site": N_("Site"), "content": N_("Content version"),
          "package": N_("Package"), "last_seen": N_("Last report (UTC)"), "silent_h": N_("Silent (hours)"),
          "crashes": N_("Crashes"), "free_disk_mb": N_("Free disk (MB)"), "errors": N_("Errors logged"),
          "inbox_refused": N_("Refused packages"), "flags": N_("Needs attention")}
# the reasons go right after the kiosk, where staff look first; then the report's own column order
ORDER = ["kiosk", "flags"] + [key for key, _ in COLUMNS if key not in ("kiosk", "flags")]


def reasons(row: KioskRow, target: int, now: datetime) -> list[str]:
    """Why a kiosk is flagged, in words and figures, in the studio's language."""
    out = []
    for flag in row.flags:
        if flag == "old":
            out.append(tr("Old content: package {have}, the newest is {want}").format(
                have=row.content_sequence, want=target) if row.content_sequence else
                tr("Old content: factory content, the newest is package {want}").format(want=target))
        elif flag == "silent" and row.last_seen is None:
            out.append(tr("Silent: its report carries no time"))
        elif flag == "silent":
            hours = (now - row.last_seen).total_seconds() / 3600
            out.append(tr("Silent: no report for {days} days").format(days=int(hours // 24))
                       if hours >= 48 else tr("Silent: no report for {hours} hours").format(hours=int(hours)))
        elif flag == "disk":
            out.append(tr("Disk nearly full: {mb} MB free").format(
                mb=(row.free_disk_bytes or 0) // (1024 * 1024)))
        elif flag == "damaged":
            out.append(tr("Content damaged: the kiosk found a fault in its content and fell back"))
        elif flag == "unreadable":
            out.append(tr("Report unreadable: health.json is missing, too large or not valid"))
        else:  # a flag added to the report later: its own bilingual words
            zh, en = FLAG_TEXT.get(flag, (flag, flag))
            out.append(zh if studio_language().startswith("zh") else en)
    return out


class FleetPage(QWidget):
    """Staff choose where the kiosks' outboxes arrive; every kiosk's newest report, flagged ones first."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        self.folder: Path | None = None  # the last folder chosen, kept for this session
        self.rows: list[KioskRow] = []
        self.now: datetime | None = None
        self.problem: tuple[str, dict] | None = None  # a plain line instead of the table
        self.saved: tuple[Path, Path] | None = None
        self.save_error = ""
        self.clock = lambda: datetime.now(UTC)
        layout = QVBoxLayout(self)
        self.intro = _label()
        self.choose_button = QPushButton()
        self.refresh_button = QPushButton()
        self.save_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_folder)
        self.refresh_button.clicked.connect(self.read_again)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        for button in (self.choose_button, self.refresh_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.folder_label = _label("Muted")
        self.summary = _label("Heading")
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.result = _label("Muted")
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)

    # -- actions --------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = self.studio.dialogs.open_folder(tr("Choose the folder where the kiosks' outboxes arrive"))
        if folder is not None:
            self.folder = folder
            self.saved, self.save_error = None, ""
            self.read_again()

    def read_again(self) -> None:
        """Read every kiosk's newest report again; problems become one plain line, never a traceback.

        Not named refresh(): the window refreshes its pages on every workbook change, and the
        kiosks' folder is read only when staff ask."""
        self.rows, self.problem = [], None
        if self.folder is not None:
            self.now = self.clock()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.rows = self._collect(self.folder, self.now)
            finally:
                QApplication.restoreOverrideCursor()
        self.show_rows()

    def _collect(self, folder: Path, now: datetime) -> list[KioskRow]:
        try:
            if not folder.is_dir():
                self.problem = (N_("This is not a folder that can be read: {path}"), {"path": folder})
                return []
            next(folder.iterdir(), None)  # an unreadable folder would otherwise look empty
            rows = collect(folder, now, DAYS)
        except OSError as exc:
            self.problem = (N_("This folder cannot be read: {path} ({error})"),
                            {"path": folder, "error": exc.strerror or type(exc).__name__})
            return []
        except Exception as exc:  # noqa: BLE001 - a kiosk's files must never crash the office PC
            log.exception("fleet report of %s", folder)
            self.problem = (N_("The kiosk reports in this folder could not be read: {error}"),
                            {"error": type(exc).__name__})
            return []
        if not rows:
            self.problem = (N_("No kiosk reports in {path}. Choose the folder that holds one folder "
                               "per kiosk, as the kiosks' outboxes arrive."), {"path": folder})
        return rows

    def save(self) -> None:
        """fleet.csv and fleet.html of exactly what the page shows, into a folder staff choose."""
        if not self.rows or self.now is None:
            return
        out = self.studio.dialogs.open_folder(tr("Choose where to save fleet.csv and fleet.html"))
        if out is None:
            return
        try:
            self.saved, self.save_error = save_report(self.rows, self.now, out, DAYS), ""
        except OSError as exc:
            self.saved, self.save_error = None, f"{out}: {exc.strerror or type(exc).__name__}"
        self.show_result()

    # -- display --------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.intro.setText(tr(
            "Each kiosk writes a report into its outbox; a sync program (Syncthing) or a shared folder "
            "brings them to this PC. Choose that folder to see every kiosk's newest report. Kiosks on "
            "old content, silent for more than a day, short of disk or with damaged content are "
            "shown in red, with the reason."))
        self.choose_button.setText(tr("Choose folder…"))
        self.refresh_button.setText(tr("Read again"))
        self.save_button.setText(tr("Save fleet.csv and fleet.html…"))
        self.show_rows()

    def show_rows(self) -> None:
        self.folder_label.setText(tr("Reports from: {path}").format(path=self.folder) if self.folder
                                  else tr("No folder chosen yet."))
        self.refresh_button.setEnabled(self.folder is not None)
        self.save_button.setEnabled(bool(self.rows))
        flagged = sum(1 for row in self.rows if row.flags)
        if self.problem is not None:
            message, values = self.problem
            self.summary.setText(tr(message).format(**values))
        elif self.folder is None:
            self.summary.setText("")
        else:
            self.summary.setText(tr("{n} kiosk(s), {f} need attention. Views are for the last {days} "
                                    "days; read at {time} UTC.").format(
                n=len(self.rows), f=flagged, days=DAYS, time=self.now.strftime("%Y-%m-%d %H:%M")))
        self.fill_table()
        self.show_result()
        tab = self.studio.tabs.indexOf(self)
        if tab >= 0:
            self.studio.tabs.setTabText(tab, tr("Kiosks") + (f" ({flagged})" if flagged else ""))

    def fill_table(self) -> None:
        screens = screens_of(self.rows)
        keys = ORDER + [f"views:{s}" for s in screens]
        self.table.clear()
        self.table.setColumnCount(len(keys))
        self.table.setRowCount(len(self.rows))
        self.table.setHorizontalHeaderLabels(
            [tr(TITLES[k]) for k in ORDER] + [tr("Views: {screen}").format(screen=s) for s in screens])
        target = target_sequence(self.rows)
        for r, row in enumerate(self.rows):
            cells = record(row, self.now, screens)
            cells["flags"] = "\n".join(reasons(row, target, self.now))
            for c, key in enumerate(keys):
                item = QTableWidgetItem(cells[key])
                if c == 0:
                    item.setToolTip(str(row.folder))
                if row.flags:
                    item.setBackground(QBrush(FLAGGED_BACKGROUND))
                    if key == "flags":
                        item.setForeground(QBrush(RED))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 420 if c == 1 else 260))
        self.table.resizeRowsToContents()

    def show_result(self) -> None:
        if self.saved is not None:
            self.result.setText(tr("Saved: {csv} and {html}").format(csv=self.saved[0], html=self.saved[1]))
        elif self.save_error:
            self.result.setText(tr("The report could not be saved: {error}").format(error=self.save_error))
        else:
            self.result.setText("")

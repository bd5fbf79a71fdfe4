"""The studio window: pages in tabs, a language switch, and every staff action behind the buttons."""

from __future__ import annotations

import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.data.packages import PackageError, fingerprint, load_private_key, parse_public_key
from kiosk.studio.check_pages import ChangesPage, ProblemsPage, WorkbookPage
from kiosk.studio.dialogs import Dialogs
from kiosk.studio.fleet_page import FleetPage
from kiosk.studio.publish_pages import KeysPage, PreviewPage, PublishPage
from kiosk.studio.state import StudioState
from kiosk.studio.text import N_, problem_text, set_studio_language, studio_language, tr

log = logging.getLogger(__name__)

STUDIO_SHEET = """
QWidget { font-size: 17px; }
QPushButton { min-height: 40px; border-radius: 8px; padding: 0 14px; }
QLabel#Heading { font-size: 20px; }
QLabel#ScreenTitle { font-size: 24px; }
QTabBar::tab { padding: 10px 18px; }
"""


@contextmanager
def busy():
    """A wait cursor while a step runs (a large workbook takes a few seconds to read)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class StudioWindow(QMainWindow):
    """One staff session on the office PC (main.py --studio)."""

    def __init__(self, against: Path | None, settings=None, lang: str = "zh_CN",
                 drives: list[Path] | None = None):
        super().__init__()
        set_studio_language(lang)
        self.settings = settings
        self.state = StudioState(against)
        self.dialogs = Dialogs(self)
        self.key_path: Path | None = None
        self.preview = None
        self.preview_db: Path | None = None
        self.scratch = tempfile.TemporaryDirectory(prefix="kiosk-studio-")
        self.fixed_drives = drives  # tests and screenshots name the drives; else the machine's
        self.extra_drives: list[Path] = []
        self.last_written = None
        self.setStyleSheet(STUDIO_SHEET)

        central = QWidget()
        layout = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("ScreenTitle")
        self.language_button = QPushButton()
        self.language_button.clicked.connect(self.toggle_language)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.language_button)
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self.workbook_page = WorkbookPage(self)
        self.problems_page = ProblemsPage(self)
        self.changes_page = ChangesPage(self)
        self.preview_page = PreviewPage(self)
        self.publish_page = PublishPage(self)
        self.keys_page = KeysPage(self)
        self.fleet_page = FleetPage(self)  # names its own tab ("Kiosks" and how many need attention)
        for page in self.pages():
            self.tabs.addTab(page, "")
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self.resize(self.fitting_size())
        self.refresh_drives()
        self.retranslate_ui()

    def fitting_size(self) -> QSize:
        """1280 x 860, or 92% of a smaller screen (office PCs often have 1366 x 768)."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1280, 860)
        free = screen.availableGeometry()
        return QSize(min(1280, int(free.width() * 0.92)), min(860, int(free.height() * 0.92)))

    def pages(self) -> list[QWidget]:
        return [self.workbook_page, self.problems_page, self.changes_page, self.preview_page,
                self.publish_page, self.keys_page, self.fleet_page]

    # -- language -------------------------------------------------------------------------------
    def toggle_language(self) -> None:
        self.set_language("en" if studio_language().startswith("zh") else "zh_CN")

    def set_language(self, lang: str) -> None:
        set_studio_language(lang)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr("Jinshan kiosk content studio"))
        self.title.setText(tr("Content studio: workbook in, signed package out"))
        self.language_button.setText("English" if studio_language().startswith("zh") else "中文")
        names = (tr("1 Workbook"), tr("2 Problems"), tr("3 Changes"), tr("4 Preview"),
                 tr("5 Sign and write"), tr("Keys and PIN"))
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
        for page in self.pages():
            page.retranslate_ui()
        if self.last_written is not None:
            self.publish_page.result.setPlainText("\n".join(self.written_lines()))
        if getattr(self, "status_message", None):
            self.say(self.status_message[0], **self.status_message[1])
        self.update_tab_marks()

    def refresh(self) -> None:
        for page in self.pages():
            if hasattr(page, "refresh"):
                page.refresh()
        self.update_tab_marks()

    def update_tab_marks(self) -> None:
        count = len(self.state.problems)
        text = tr("2 Problems") + (f" ({count})" if count else "")
        self.tabs.setTabText(1, text)

    def say(self, message: str, **values) -> None:
        """A status line, kept as its message so a language switch translates it too."""
        self.status_message = (message, values)
        self.status.setText(tr(message).format(**values))

    def say_plain(self, text: str) -> None:
        self.status_message = None
        self.status.setText(text)

    # -- workbook -------------------------------------------------------------------------------
    def make_template(self) -> None:
        from kiosk.admin.template import write_template

        path = self.dialogs.save_file(tr("Save the template"), "jinshan-kiosk-content.xlsx",
                                      tr("Excel workbook (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        write_template(path, self.state.current)
        self.say(N_("Template written: {path}"), path=path)

    def choose_workbook(self) -> None:
        path = self.dialogs.open_file(tr("Open a workbook"),
                                      tr("Workbooks and CSV (*.xlsx *.csv);;All files (*)"))
        if path is not None:
            self.open_workbook(path)

    def choose_csv_folder(self) -> None:
        path = self.dialogs.open_folder(tr("Open a folder of CSV files"))
        if path is not None:
            self.open_workbook(path)

    def open_workbook(self, path: Path) -> None:
        self.close_preview()
        with busy():
            self.state.open(path)
        self.last_written = None
        self.refresh()
        if self.state.problems:
            self.tabs.setCurrentWidget(self.problems_page)
            self.say(N_("{n} problem(s) found."), n=len(self.state.problems))
        else:
            self.tabs.setCurrentWidget(self.changes_page)
            self.say(N_("Read {path}: no problems."), path=path)

    def open_in_spreadsheet(self) -> None:
        """Open the workbook (or CSV folder) with the program the PC uses for it: Excel or WPS."""
        if self.state.book is not None:
            self.open_externally(self.state.book.source)

    def open_externally(self, path: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def reload_workbook(self) -> None:
        if self.state.book is not None:
            self.open_workbook(self.state.book.source)

    def allow_removal(self, table: str, on: bool) -> None:
        """Large removals need an explicit yes; it is signed into the package (allow_removal)."""
        if on and table not in self.state.allow:
            problem = self.state.large_removals().get(table)
            text = tr("Really remove these rows from every kiosk?\n\n{what}\n\nThe permission is "
                      "recorded in the package; the kiosk shows the removal in red and asks again."
                      ).format(what=problem_text(problem) if problem else table)
            if not self.dialogs.confirm(tr("Allow removal"), text):
                self.changes_page.refresh()
                return
            self.state.allow.add(table)
        elif not on:
            self.state.allow.discard(table)
        self.state.recheck()
        self.refresh()
        if self.state.ready:
            self.say(N_("No problems: look at the changes and the preview, then sign."))
        else:
            self.say(N_("{n} problem(s) found."), n=len(self.state.problems))

    # -- preview --------------------------------------------------------------------------------
    def open_preview(self, lang: str):
        """Build a temporary generation from the workbook and open the real kiosk window on it."""
        from kiosk.admin.publish import write_preview_database
        from kiosk.studio.preview import open_preview_window

        if not self.state.cells_ok:
            return None
        self.close_preview()
        folder = Path(tempfile.mkdtemp(prefix="preview-", dir=self.scratch.name))
        with busy():
            self.preview_db = write_preview_database(self.state.book, self.state.current, folder)
            self.preview = open_preview_window(self.preview_db, lang, self.settings)
        self.preview_page.refresh()
        return self.preview

    def close_preview(self) -> None:
        if self.preview is not None:
            self.preview.close_preview()
            self.preview = None

    # -- signing and writing --------------------------------------------------------------------
    def choose_key(self) -> None:
        path = self.dialogs.open_file(tr("Choose the office key"), tr("Signing key (*.key);;All files (*)"))
        if path is not None:
            self.key_path = path
            self.publish_page.refresh()

    def refresh_drives(self) -> None:
        from kiosk.data.usb import candidate_mount_points

        drives = list(self.fixed_drives) if self.fixed_drives is not None else candidate_mount_points()
        chosen = self.publish_page.drive()
        self.publish_page.set_drives(drives + [d for d in self.extra_drives if d not in drives], chosen)

    def choose_drive_folder(self) -> None:
        path = self.dialogs.open_folder(tr("Choose the drive or folder to write to"))
        if path is not None:
            self.extra_drives.append(path)
            self.refresh_drives()
            self.publish_page.set_drives([Path(self.publish_page.drive_combo.itemData(i))
                                          for i in range(self.publish_page.drive_combo.count())], path)

    def load_key(self):
        """The office key, asking for its passphrase when it has one; None when staff cancel."""
        if self.key_path is None:
            self.choose_key()
        if self.key_path is None:
            return None
        pem = self.key_path.read_bytes()
        passphrase = None
        if b"ENCRYPTED" in pem:
            text = self.dialogs.text(tr("Passphrase"), tr("Passphrase of the office key:"), secret=True)
            if text is None:
                return None
            passphrase = text.encode("utf-8")
        return load_private_key(pem, passphrase)

    def sign_and_write(self):
        """Guarded: nothing is written while any problem remains (removals only once allowed)."""
        from kiosk.admin.publish import build_from_workbook, write_to_drive

        page = self.publish_page
        self.state.recheck()
        if not self.state.ready:
            self.refresh()
            self.say(N_("{n} problem(s) remain: no package can be written."),
                     n=len(self.state.problems))
            return None
        drive = page.drive()
        if drive is None:
            self.say(N_("Choose a drive first."))
            return None
        try:
            key = self.load_key()
            if key is None:
                return None
            with busy():
                out = build_from_workbook(self.state.book, key, Path(self.scratch.name) / "out",
                                          against=self.state.against,
                                          allow_removal=sorted(self.state.allow),
                                          author=page.author_edit.text().strip(),
                                          note=page.note_edit.text().strip())
            if out.problems:
                self.state.problems = out.problems
                self.refresh()
                self.say(N_("{n} problem(s) remain: no package can be written."),
                         n=len(out.problems))
                return None
            with busy():
                written = write_to_drive(out.path, drive, key, self.state.current or None)
        except PackageError as err:
            text = err.message_zh if studio_language().startswith("zh") else err.message_en
            page.result.setPlainText(f"[{err.code}] {text}")
            self.say_plain(text)
            return None
        except OSError as exc:
            page.result.setPlainText(str(exc))
            self.say_plain(str(exc))
            return None
        self.last_written = written
        lines = self.written_lines()
        page.result.setPlainText("\n".join(lines))
        self.say(N_("Written and checked on the drive: {path}"), path=written.path)
        return written

    def written_lines(self) -> list[str]:
        """What was written and checked, in the studio's language (shown again on a switch)."""
        written = self.last_written
        manifest = written.package.info.manifest
        lines = [tr("Written and checked on the drive: {path}").format(path=written.path),
                 tr("Sequence: {n}").format(n=manifest.sequence),
                 tr("Signed with key {fp}; signature, sizes, hashes and every row are valid.").format(
                     fp=manifest.key),
                 f"SHA-256: {written.sha256}",
                 tr("Tables: {tables}").format(tables=", ".join(manifest.tables))]
        if manifest.allow_removal:
            lines.append(tr("Removals allowed: {tables}").format(tables=", ".join(manifest.allow_removal)))
        return lines

    # -- keys and PIN ---------------------------------------------------------------------------
    def _twice(self, title: str, label: str) -> str | None:
        first = self.dialogs.text(title, label, secret=True)
        if first is None:
            return None
        if self.dialogs.text(title, tr("Type it again:"), secret=True) != first:
            self.keys_page.show_output(lambda: (tr("The two entries differ; nothing was made."), ""))
            return None
        return first

    def create_key(self) -> None:
        from kiosk.admin.publish import save_key_pair, trusted_keys_line

        folder = self.dialogs.open_folder(tr("Folder for the new key (on this PC, not on a stick)"))
        if folder is None:
            return
        passphrase = self._twice(tr("Passphrase"), tr("A passphrase for the new key (at least 8 "
                                                      "characters):"))
        if passphrase is None:
            return
        if len(passphrase) < 8:
            self.keys_page.show_output(lambda: (tr("The passphrase needs at least 8 characters."), ""))
            return
        try:
            key_path, pub_path, public = save_key_pair(folder, "kiosk-signing", passphrase.encode())
        except FileExistsError as exc:
            where = str(exc)
            self.keys_page.show_output(lambda: (tr(
                "A key already exists there and was not overwritten: {path}").format(path=where), ""))
            return
        line = trusted_keys_line(public)
        self.key_path = key_path
        self.keys_page.show_output(lambda: ("\n".join([
            tr("Private key (keep on this PC only): {path}").format(path=key_path),
            tr("Public key: {path}").format(path=pub_path),
            tr("Fingerprint: {fp}").format(fp=fingerprint(parse_public_key(public))),
            tr("Add this line to each kiosk's settings.toml:"), line]), line))
        self.publish_page.refresh()

    def trusted_line(self) -> None:
        from kiosk.admin.publish import trusted_keys_line
        from kiosk.data.packages import public_key_text

        path = self.dialogs.open_file(tr("Choose a key"), tr("Keys (*.key *.pub);;All files (*)"))
        if path is None:
            return
        try:
            if path.suffix == ".pub":
                public = path.read_text(encoding="ascii").strip()
                parse_public_key(public)
            else:
                saved, self.key_path = self.key_path, path
                key = self.load_key()
                self.key_path = saved
                if key is None:
                    return
                public = public_key_text(key)
        except (ValueError, OSError, PackageError) as exc:
            error = str(exc)
            self.keys_page.show_output(lambda: (
                tr("This file is not a usable key: {error}").format(error=error), ""))
            return
        line = trusted_keys_line(public)
        self.keys_page.show_output(lambda: ("\n".join([
            tr("Fingerprint: {fp}").format(fp=fingerprint(parse_public_key(public))),
            tr("Add this line to each kiosk's settings.toml:"), line]), line))

    def pin_hash(self) -> None:
        from kiosk.admin.publish import pin_hash_line

        pin = self._twice(tr("Staff PIN"), tr("Staff PIN (4 to 12 digits):"))
        if pin is None:
            return
        try:
            line = pin_hash_line(pin.strip())
        except ValueError:
            self.keys_page.show_output(lambda: (tr("The PIN must be 4 to 12 digits."), ""))
            return
        self.keys_page.show_output(lambda: (
            tr("Add this line to the kiosk's settings.toml:") + "\n" + line, line))

    def closeEvent(self, event):  # noqa: N802 - Qt override
        self.close_preview()
        self.scratch.cleanup()
        super().closeEvent(event)


def run_studio(against: Path | None, settings=None, lang: str = "zh_CN") -> int:
    from kiosk.ui import resources

    app = QApplication.instance()
    app.setFont(resources.app_font(False))
    app.setStyleSheet(resources.stylesheet(False))
    window = StudioWindow(against, settings, lang)
    window.show()
    return app.exec()

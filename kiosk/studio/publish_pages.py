"""Studio pages that act: preview the kiosk, sign and write to the stick, keys and the staff PIN."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.studio.check_pages import _label
from kiosk.studio.text import tr


class PreviewPage(QWidget):
    """The real kiosk screens on a temporary generation built from the workbook."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        self.intro = _label()
        self.zh_button = QPushButton()
        self.en_button = QPushButton()
        self.zh_button.clicked.connect(lambda: studio.open_preview("zh_CN"))
        self.en_button.clicked.connect(lambda: studio.open_preview("en"))
        row = QHBoxLayout()
        row.addWidget(self.zh_button)
        row.addWidget(self.en_button)
        row.addStretch(1)
        self.status = _label("Muted")
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def retranslate_ui(self) -> None:
        self.intro.setText(tr(
            "The preview is the kiosk itself, with the workbook's content in a temporary copy: nothing "
            "is installed or signed. Use it as residents would (the language button switches "
            "language); close it when you are done."))
        self.zh_button.setText(tr("Preview in Chinese"))
        self.en_button.setText(tr("Preview in English"))
        self.refresh()

    def refresh(self) -> None:
        state = self.studio.state
        for button in (self.zh_button, self.en_button):
            button.setEnabled(state.cells_ok)
        if not state.cells_ok:
            self.status.setText(tr("The preview opens once every cell of the workbook is right."))
        elif self.studio.preview is not None:
            self.status.setText(tr("Preview open: {path}").format(path=self.studio.preview_db))
        else:
            self.status.setText("")


class PublishPage(QWidget):
    """Office key, author and note, the drive; sign, write and verify the copy on the stick."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        self.intro = _label()
        self.guard = _label("Danger")
        form = QFormLayout()
        self.key_edit = QLineEdit()
        self.key_edit.setReadOnly(True)
        self.key_button = QPushButton()
        self.key_button.clicked.connect(studio.choose_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.key_button)
        self.author_edit = QLineEdit()
        self.note_edit = QLineEdit()
        self.drive_combo = QComboBox()
        self.drive_refresh = QPushButton()
        self.drive_other = QPushButton()
        self.drive_refresh.clicked.connect(studio.refresh_drives)
        self.drive_other.clicked.connect(studio.choose_drive_folder)
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive_combo, 1)
        drive_row.addWidget(self.drive_refresh)
        drive_row.addWidget(self.drive_other)
        self.key_title, self.author_title = _label(wrap=False), _label(wrap=False)
        self.note_title, self.drive_title = _label(wrap=False), _label(wrap=False)
        form.addRow(self.key_title, key_row)
        form.addRow(self.author_title, self.author_edit)
        form.addRow(self.note_title, self.note_edit)
        form.addRow(self.drive_title, drive_row)
        self.sign_button = QPushButton()
        self.sign_button.clicked.connect(studio.sign_and_write)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        layout.addWidget(self.intro)
        layout.addWidget(self.guard)
        layout.addLayout(form)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.result, 1)

    def retranslate_ui(self) -> None:
        self.intro.setText(tr(
            "The package is signed with the office key (its passphrase is asked for), written to the "
            "drive you choose, then read back from the drive and checked as a kiosk checks it."))
        self.key_title.setText(tr("Office key"))
        self.author_title.setText(tr("Made by"))
        self.note_title.setText(tr("Note"))
        self.drive_title.setText(tr("Drive"))
        self.key_button.setText(tr("Choose…"))
        self.drive_refresh.setText(tr("Look again"))
        self.drive_other.setText(tr("Other folder…"))
        self.sign_button.setText(tr("Sign and write to the drive"))
        self.refresh()

    def refresh(self) -> None:
        state = self.studio.state
        if state.book is None:
            self.guard.setText(tr("Open a workbook first."))
        elif not state.ready:
            self.guard.setText(tr("{n} problem(s) remain: no package can be written.").format(
                n=len(state.problems)))
        elif state.allow:
            self.guard.setText(tr("Removals you allowed are recorded in the package: {tables}. The "
                                  "kiosk shows them in red and asks again.").format(
                                      tables=", ".join(sorted(state.allow))))
        else:
            self.guard.setText("")
        self.sign_button.setEnabled(state.ready and self.drive_combo.count() > 0)
        self.key_edit.setText(str(self.studio.key_path) if self.studio.key_path else "")

    def set_drives(self, drives: list[Path], chosen: Path | None = None) -> None:
        self.drive_combo.clear()
        for drive in drives:
            self.drive_combo.addItem(str(drive), str(drive))
        if chosen is not None:
            self.drive_combo.setCurrentIndex(max(0, self.drive_combo.findData(str(chosen))))
        self.refresh()

    def drive(self) -> Path | None:
        data = self.drive_combo.currentData()
        return Path(data) if data else None


class KeysPage(QWidget):
    """Create the office key, the trusted_keys line and the staff PIN hash, with copyable output."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        self.intro = _label()
        self.keygen_button = QPushButton()
        self.trusted_button = QPushButton()
        self.pin_button = QPushButton()
        self.keygen_button.clicked.connect(studio.create_key)
        self.trusted_button.clicked.connect(studio.trusted_line)
        self.pin_button.clicked.connect(studio.pin_hash)
        row = QHBoxLayout()
        for button in (self.keygen_button, self.trusted_button, self.pin_button):
            row.addWidget(button)
        row.addStretch(1)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.copy_button)

    def retranslate_ui(self) -> None:
        self.intro.setText(tr(
            "Once per office: create the signing key and keep the .key file on this PC only. Each "
            "kiosk's settings.toml needs the trusted_keys line; the staff PIN goes there as a hash."))
        self.keygen_button.setText(tr("Create a signing key…"))
        self.trusted_button.setText(tr("trusted_keys line from a key…"))
        self.pin_button.setText(tr("Staff PIN hash…"))
        self.copy_button.setText(tr("Copy the settings line"))
        if getattr(self, "output_render", None) is not None:
            self.show_output(self.output_render)

    def show_output(self, render) -> None:
        """render() -> (text, settings line); called again when the language changes."""
        self.output_render = render
        text, self.line = render()
        self.output.setPlainText(text)

    def copy(self) -> None:
        line = getattr(self, "line", "")
        if line:
            QGuiApplication.clipboard().setText(line)

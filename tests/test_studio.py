"""The staff studio driven end to end: workbook → problem → fix → preview → signed package → kiosk."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kiosk.data.diff import read_database_rows
from kiosk.data.packages import generate_key_pair, read_package
from kiosk.settings import verify_pin
from tests.staffcli import make_office
from tests.uitools import visible_texts
from tests.workbooks import edit, make_template

openpyxl = pytest.importorskip("openpyxl")


class FakeDialogs:
    """Answers the studio's questions from prepared lists, and records what was asked."""

    def __init__(self):
        self.answers: dict[str, list] = defaultdict(list)
        self.asked: list[tuple[str, str]] = []

    def _next(self, kind: str, title: str):
        self.asked.append((kind, title))
        assert self.answers[kind], f"unexpected {kind} dialog: {title}"
        return self.answers[kind].pop(0)

    def open_file(self, title, filters):
        return self._next("open_file", title)

    def open_folder(self, title):
        return self._next("open_folder", title)

    def save_file(self, title, suggested, filters):
        return self._next("save_file", title)

    def text(self, title, label, secret=False):
        return self._next("text", label)

    def confirm(self, title, text):
        return self._next("confirm", text)

    def inform(self, title, text):
        self.asked.append(("inform", text))


@pytest.fixture
def studio(qtbot, content_db, tmp_path):
    from kiosk.studio.window import StudioWindow

    (tmp_path / "stick").mkdir()
    window = StudioWindow(content_db, lang="zh_CN", drives=[tmp_path / "stick"])
    window.dialogs = FakeDialogs()
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


@pytest.fixture
def office(tmp_path, content_db):
    return make_office(tmp_path / "office", content_db)


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def row_texts(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def tree_texts(tree) -> list[str]:
    out = []

    def walk(item):
        out.append(" | ".join(item.text(c) for c in range(tree.columnCount())))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return out


def encrypted_key(office, passphrase: bytes):
    pem, public = generate_key_pair(passphrase)
    path = office.root / "keys" / "office-locked.key"
    path.write_bytes(pem)
    return path, public


def test_workbook_to_kiosk_through_the_studio(qtbot, studio, office, tmp_path, content_db):
    template = make_template(tmp_path / "content.xlsx", content_db)
    ref = edit(template, "indicator_values", "year", "2022", "value", "86,6 %")  # a typo in Excel
    studio.dialogs.answers["open_file"].append(template)
    click(qtbot, studio.workbook_page.open_button)

    # the problem table names the cell, and shows it in its sheet
    assert studio.tabs.currentWidget() is studio.problems_page
    table = studio.problems_page.table
    assert table.rowCount() == 1
    sheet, cell, code, text = row_texts(table, 0)
    assert (sheet, cell, code) == ("indicator_values", ref, "E_NOT_A_NUMBER")
    assert "不是有效数字" in text
    grid = studio.problems_page.sheet
    assert grid.currentItem().text() == "86,6 %"
    assert grid.verticalHeaderItem(grid.currentRow()).text() == ref[1:]
    assert "(1)" in studio.tabs.tabText(1)
    # guard rail: nothing can be signed or written while the problem remains
    assert not studio.publish_page.sign_button.isEnabled()
    assert studio.sign_and_write() is None and not list((tmp_path / "stick").iterdir())
    assert not studio.preview_page.en_button.isEnabled()

    # staff open the workbook in Excel from the problem list, fix the cell, save, and read again
    opened = []
    studio.open_externally = opened.append
    click(qtbot, studio.problems_page.open_button)
    assert opened == [template]
    edit(template, "indicator_values", "year", "2022", "value", 87.9)
    click(qtbot, studio.problems_page.reload_button)
    assert table.rowCount() == 0 and studio.state.ready
    assert studio.tabs.currentWidget() is studio.changes_page
    changes = tree_texts(studio.changes_page.tree)
    assert any(line.startswith("indicator_values") and "~1" in line for line in changes)
    assert " | value | 86.6 | → 87.9" in changes

    # the preview is the kiosk's indicator screen on a temporary generation, in both languages
    click(qtbot, studio.preview_page.en_button)
    preview = studio.preview
    preview.show_screen("indicator", "20")
    # the line runs through the plan's 2020 baseline (88.2), so it agrees with the baseline marker
    xs, ys = preview.screens["indicator"].chart.plotted()
    assert (list(map(int, xs)), list(map(float, ys))) == ([2017, 2020, 2022], [75.3, 88.2, 87.9])
    en_texts = " ".join(visible_texts(preview))
    assert "87.9%" in en_texts and "86.6" not in en_texts and "Back" in en_texts
    preview.set_language("zh_CN")
    zh_texts = " ".join(visible_texts(preview))
    assert "87.9%" in zh_texts and "返回" in zh_texts
    assert studio.state.current["indicator_values"][1]["value"] == 86.6  # nothing installed

    # sign with the office key (passphrase asked for) and write to the stick
    key_path, public = encrypted_key(office, b"office passphrase")
    studio.dialogs.answers["open_file"].append(key_path)
    click(qtbot, studio.publish_page.key_button)
    studio.publish_page.note_edit.setText("AQI 2022 corrected")
    studio.dialogs.answers["text"].append("office passphrase")
    click(qtbot, studio.publish_page.sign_button)
    written = studio.last_written
    assert written is not None and written.path.parent == tmp_path / "stick"
    assert [kind for kind, _ in studio.dialogs.asked].count("text") == 1  # the passphrase prompt
    assert "已写入" in studio.publish_page.result.toPlainText()
    assert read_package(written.path, [public]).info.manifest.note == "AQI 2022 corrected"

    # the command line accepts the copy on the stick and the kiosk applies it
    verified = office.admin("verify", written.path, "--trusted-key", public)
    assert verified.returncode == 0, verified.stderr
    applied = office.admin("apply", written.path, "--yes", "--trusted-key", public)
    assert applied.returncode == 0, applied.stderr
    values = {r["year"]: r["value"] for r in office.active_rows()["indicator_values"]}
    assert values[2022] == 87.9
    # the meta sheet was unchanged, so it stays out and the kiosk stamps the package's version
    assert "meta" not in written.package.info.manifest.tables
    meta = {r["key"]: r["value"] for r in office.active_rows()["meta"]}
    assert meta["content_version"] == str(written.package.info.manifest.sequence)


def test_a_wrong_passphrase_writes_nothing(qtbot, studio, office, tmp_path, content_db):
    template = make_template(tmp_path / "content.xlsx", content_db)
    studio.open_workbook(template)
    key_path, _ = encrypted_key(office, b"right one")
    studio.key_path = key_path
    studio.dialogs.answers["text"].append("wrong one")
    click(qtbot, studio.publish_page.sign_button)
    assert "P_KEY" in studio.publish_page.result.toPlainText()
    assert not list((tmp_path / "stick").iterdir())


def test_a_large_removal_needs_a_confirmation_that_the_package_records(qtbot, studio, office,
                                                                      tmp_path, content_db):
    template = make_template(tmp_path / "content.xlsx", content_db)
    wb = openpyxl.load_workbook(template)
    wb["facilities"].delete_rows(2, 20)
    wb.save(template)
    installed = len(read_database_rows(content_db)["facilities"])
    studio.open_workbook(template)
    assert [p.code for p in studio.state.problems] == ["E_REMOVAL"]
    assert not studio.publish_page.sign_button.isEnabled()
    box = studio.changes_page.removal_checks["facilities"]
    assert "20" in box.text() and str(installed) in box.text()
    removed = [line for line in tree_texts(studio.changes_page.tree) if line.startswith("− ")]
    assert len(removed) == 20
    studio.dialogs.answers["confirm"].append(False)  # staff say no: still refused
    box.setChecked(True)
    assert not studio.changes_page.removal_checks["facilities"].isChecked()
    assert not studio.state.ready
    studio.dialogs.answers["confirm"].append(True)
    studio.changes_page.removal_checks["facilities"].setChecked(True)
    assert studio.state.ready and studio.state.allow == {"facilities"}
    assert "facilities" in studio.publish_page.guard.text()
    studio.key_path = office.key
    click(qtbot, studio.publish_page.sign_button)
    written = studio.last_written
    assert written.package.info.manifest.allow_removal == ("facilities",)
    applied = office.apply(written.path)
    assert applied.returncode == 0, applied.stderr
    assert f"WARNING: removes 20 of {installed} rows of facilities" in applied.stdout
    assert len(office.active_rows()["facilities"]) == installed - 20


def test_template_button_writes_the_installed_content(qtbot, studio, tmp_path, content_db):
    from kiosk.admin.workbook import read_workbook

    studio.dialogs.answers["save_file"].append(tmp_path / "new-template")
    click(qtbot, studio.workbook_page.template_button)
    book = read_workbook(tmp_path / "new-template.xlsx")
    installed = read_database_rows(content_db)["facilities"]
    assert book.problems == [] and len(book.tables["facilities"].rows) == len(installed)


def test_keys_and_pin_are_buttons_with_copyable_lines(qtbot, studio, tmp_path):
    studio.set_language("en")
    studio.dialogs.answers["open_folder"].append(tmp_path / "keys")
    studio.dialogs.answers["text"] += ["a long passphrase", "a long passphrase"]
    click(qtbot, studio.keys_page.keygen_button)
    output = studio.keys_page.output.toPlainText()
    assert (tmp_path / "keys" / "kiosk-signing.key").is_file() and "Private key" in output
    public = (tmp_path / "keys" / "kiosk-signing.pub").read_text().strip()
    click(qtbot, studio.keys_page.copy_button)
    assert QGuiApplication.clipboard().text() == f'trusted_keys = ["{public}"]'

    studio.dialogs.answers["open_file"].append(tmp_path / "keys" / "kiosk-signing.key")
    studio.dialogs.answers["text"].append("a long passphrase")
    click(qtbot, studio.keys_page.trusted_button)
    assert f'trusted_keys = ["{public}"]' in studio.keys_page.output.toPlainText()

    studio.dialogs.answers["text"] += ["2468", "2468"]
    click(qtbot, studio.keys_page.pin_button)
    click(qtbot, studio.keys_page.copy_button)
    line = QGuiApplication.clipboard().text()
    assert line.startswith("admin_pin_hash = ") and verify_pin("2468", line.split('"')[1])
    studio.dialogs.answers["text"] += ["2468", "1357"]
    click(qtbot, studio.keys_page.pin_button)
    assert "differ" in studio.keys_page.output.toPlainText()


def test_the_studio_speaks_both_languages(qtbot, studio):
    tabs = studio.tabs
    texts_zh = visible_texts(studio) + [tabs.tabText(i) for i in range(tabs.count())]
    studio.set_language("en")
    texts_en = visible_texts(studio) + [tabs.tabText(i) for i in range(tabs.count())]
    assert "中文" in texts_en and "English" in texts_zh
    assert any("Workbook" in t for t in texts_en)
    assert any("工作簿" in t for t in texts_zh)


def test_every_studio_page_renders_in_both_languages(qtbot, tmp_path, content_db):
    """The screenshot tool's studio demo: every page, both languages, and the preview window."""
    from PySide6.QtGui import QImage

    from kiosk.studio.screenshots import render_studio

    files = render_studio(tmp_path / "shots", content_db)
    names = sorted(p.name for p in files)
    for page in ("workbook", "problems", "changes", "preview", "publish", "keys", "kiosks", "preview-window"):
        for lang in ("zh_CN", "en"):
            assert f"studio-{page}_{lang}.png" in names
    image = QImage(str(tmp_path / "shots" / "studio-preview-window_en.png"))
    assert (image.width(), image.height()) == (1920, 1080)


def test_the_bundles_studio_program_starts_the_studio():
    from kiosk.app import build_parser, studio_executable

    assert studio_executable("/opt/jinshan-kiosk/jinshan-kiosk-studio")
    assert studio_executable(r"C:\Program Files\jinshan-kiosk\jinshan-kiosk-studio.exe")
    assert not studio_executable("/opt/jinshan-kiosk/jinshan-kiosk")
    assert build_parser().parse_args(["--studio"]).studio


def test_a_folder_of_csv_files_opens_like_a_workbook(qtbot, studio, tmp_path):
    import shutil

    from tests.staffcli import ROOT

    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("towns", "facilities"):
        shutil.copy(ROOT / "db" / f"{name}.csv", folder / f"{name}.csv")
    studio.dialogs.answers["open_folder"].append(folder)
    click(qtbot, studio.workbook_page.folder_button)
    assert studio.state.ready and sorted(studio.state.book.tables) == ["facilities", "towns"]
    assert studio.changes_page.summary.text() == "新增 0 行，修改 0 行，删除 0 行。"


def test_a_drive_that_cannot_be_written_is_reported_and_nothing_is_claimed(qtbot, studio, office,
                                                                          tmp_path, content_db):
    template = make_template(tmp_path / "content.xlsx", content_db)
    studio.open_workbook(template)
    gone = tmp_path / "stick-pulled-out"
    studio.fixed_drives = [gone]  # listed a moment ago, removed before writing
    studio.refresh_drives()
    studio.key_path = office.key
    click(qtbot, studio.publish_page.sign_button)
    assert studio.last_written is None
    assert studio.publish_page.result.toPlainText().startswith("[P_DISK]")
    assert not gone.exists()


def test_the_kiosk_applies_the_studios_stick_on_its_admin_screen(qtbot, studio, kiosk, office,
                                                                tmp_path, content_db, monkeypatch):
    """The stick the studio wrote, applied by a kiosk through its own staff screen."""
    from kiosk.data import usb
    from kiosk.settings import hash_pin
    from kiosk.ui.worker import running_jobs
    from tests.test_admin_screen import PIN, idle, unlock

    template = make_template(tmp_path / "content.xlsx", content_db)
    edit(template, "indicator_values", "year", "2022", "value", 87.9)
    studio.open_workbook(template)
    studio.key_path = office.key
    click(qtbot, studio.publish_page.sign_button)
    stick = studio.last_written.path.parent

    monkeypatch.setattr(usb, "candidate_mount_points", lambda: [stick])
    data = tmp_path / "kiosk-data"
    kiosk.settings.admin_pin_hash = hash_pin(PIN, iterations=1000)
    kiosk.settings.trusted_keys = [office.public]
    kiosk.settings.data_dir = str(data)
    kiosk.window.staff_tools.data_dir = data
    kiosk.window.staff_access.hold_ms = 50
    admin = unlock(qtbot, kiosk)
    assert "86.6 → 87.9" in admin.values_label.text()
    click(qtbot, admin.buttons["apply"])
    click(qtbot, admin.buttons["confirm"])
    idle(qtbot, admin)
    assert kiosk.ctx.content.path.parent == data / "content"
    kiosk.ctx.hub.navigate.emit("indicator", "20")
    assert "87.9%" in " ".join(visible_texts(kiosk.window.screens["indicator"]))
    qtbot.waitUntil(lambda: not running_jobs(), timeout=20_000)

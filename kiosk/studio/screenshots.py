"""Render every studio page in both languages (`main.py --studio --screenshots DIR`).

A demo session in a temporary folder: the template of the installed content with one wrong cell,
then fixed, with an example note changed and rows removed, previewed, signed with a throw-away key
and written to a temporary "stick". Nothing of it reaches real content.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.admin.template import header_name, write_template

LANGS = ("zh_CN", "en")


class ScriptedDialogs:
    """Answers for the studio's dialogs, so the demo runs without anyone clicking."""

    def __init__(self):
        self.answers: dict[str, list] = defaultdict(list)

    def _next(self, kind: str):
        return self.answers[kind].pop(0) if self.answers[kind] else None

    def open_file(self, title, filters):
        return self._next("open_file")

    def open_folder(self, title):
        return self._next("open_folder")

    def save_file(self, title, suggested, filters):
        return self._next("save_file")

    def text(self, title, label, secret=False):
        return self._next("text")

    def confirm(self, title, text):
        return True

    def inform(self, title, text):
        pass


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _edit(path: Path, sheet: str, edits: list[tuple[int, str, object]], delete: tuple[int, int] | None
          = None) -> None:
    """Set cells (data row index, column name, value) and optionally delete rows (first, count)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    letters = {header_name(c.value): c.column_letter for c in ws[1]}
    for index, column, value in edits:
        ws[f"{letters[column]}{index + 2}"] = value
    if delete:
        ws.delete_rows(delete[0] + 2, delete[1])
    wb.save(path)


def render_studio(out_dir: Path, against: Path | None, settings=None) -> list[Path]:
    """studio-<page>_<lang>.png for every page, and the preview window in both languages."""
    from kiosk.data.packages import generate_key_pair
    from kiosk.studio.window import StudioWindow
    from kiosk.ui import resources

    app = QApplication.instance()
    app.setFont(resources.app_font(False))
    app.setStyleSheet(resources.stylesheet(False))
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="studio-demo-") as tmp:
        root = Path(tmp)
        (root / "stick").mkdir()
        window = StudioWindow(against, settings, "zh_CN", drives=[root / "stick"])
        dialogs = ScriptedDialogs()
        window.dialogs = dialogs
        window.resize(1280, 860)
        window.show()
        book = write_template(root / "content.xlsx", window.state.current)
        values = window.state.current.get("indicator_values", [])
        if values:
            _edit(book, "indicator_values", [(len(values) - 1, "value", "86,6 %")])
        window.open_workbook(book)

        def shoot(name: str) -> None:
            for lang in LANGS:
                window.set_language(lang)
                _settle()
                path = out_dir / f"studio-{name}_{lang}.png"
                window.grab().save(str(path))
                files.append(path)

        window.tabs.setCurrentWidget(window.workbook_page)
        shoot("workbook")
        window.tabs.setCurrentWidget(window.problems_page)
        shoot("problems")
        fixed = [(len(values) - 1, "value", values[-1]["value"])] if values else []
        fixed += [(len(values) - 1, "note_en", "Checked again by the district office (example).")] \
            if values else []
        _edit(book, "indicator_values", fixed)
        facilities = len(window.state.current.get("facilities", []))
        _edit(book, "facilities", [], delete=(0, max(1, facilities // 4)))
        window.open_workbook(book)
        window.tabs.setCurrentWidget(window.changes_page)
        shoot("changes")
        for name in list(window.state.large_removals()):
            window.allow_removal(name, True)
        window.tabs.setCurrentWidget(window.preview_page)
        for lang in LANGS:
            preview = window.open_preview(lang)
            if preview is None:
                break
            preview.show_screen("indicator", "20")
            _settle()
            path = out_dir / f"studio-preview-window_{lang}.png"
            preview.grab().save(str(path))
            files.append(path)
        shoot("preview")
        window.close_preview()
        pem, _ = generate_key_pair(b"demo passphrase")
        (root / "office.key").write_bytes(pem)
        window.key_path = root / "office.key"
        window.publish_page.author_edit.setText("区办公室 district office")
        dialogs.answers["text"].append("demo passphrase")
        window.tabs.setCurrentWidget(window.publish_page)
        window.sign_and_write()
        shoot("publish")
        dialogs.answers["open_folder"].append(root / "keys")
        dialogs.answers["text"] += ["demo passphrase", "demo passphrase"]
        window.tabs.setCurrentWidget(window.keys_page)
        window.create_key()
        shoot("keys")
        from kiosk.studio.fleet_demo import write_demo_fleet

        dialogs.answers["open_folder"] += [write_demo_fleet(root / "fleet", against), root / "report"]
        window.tabs.setCurrentWidget(window.fleet_page)
        window.fleet_page.choose_folder()
        window.fleet_page.save()
        shoot("kiosks")
        window.close()
    return files

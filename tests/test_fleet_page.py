"""The studio's Kiosks page: staff pick the outbox folder, see every kiosk, flagged ones with the reason."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt

from tests.data.kpkg import Signer
from tests.test_fleet_report import kiosk_export
from tests.uitools import visible_texts


class FolderDialogs:
    """Answers the studio's folder questions from a list, and records the titles asked."""

    def __init__(self):
        self.answers: dict[str, list] = defaultdict(list)
        self.asked: list[str] = []

    def open_folder(self, title):
        self.asked.append(title)
        assert self.answers["open_folder"], f"unexpected folder dialog: {title}"
        return self.answers["open_folder"].pop(0)


@pytest.fixture
def studio(qtbot, content_db):
    from kiosk.studio.window import StudioWindow

    window = StudioWindow(content_db, lang="en", drives=[])
    window.dialogs = FolderDialogs()
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.fleet_page)
    yield window
    window.close()


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_rows(table) -> dict[str, dict[str, str]]:
    """Rows by kiosk id, cells by header text."""
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = {}
    for r in range(table.rowCount()):
        cells = {heads[c]: table.item(r, c).text() for c in range(table.columnCount())}
        rows[table.item(r, 0).text()] = cells
    return rows


@pytest.fixture
def two_kiosks(tmp_path, content_db):
    signer = Signer()
    outbox = tmp_path / "office-copy"
    kiosk_export(tmp_path, outbox, "zhujing-01", content_db, signer, [5, 6], {"home": 4, "routes": 1})
    kiosk_export(tmp_path, outbox, "tinglin-03", content_db, signer, [5], {"home": 2})
    return outbox


def test_the_page_shows_both_kiosks_flags_the_old_one_and_saves_both_files(qtbot, studio, two_kiosks,
                                                                          tmp_path):
    page = studio.fleet_page
    assert studio.tabs.tabText(studio.tabs.indexOf(page)) == "Kiosks"
    assert not page.save_button.isEnabled() and "No folder chosen yet." in visible_texts(page)
    studio.dialogs.answers["open_folder"].append(two_kiosks)
    click(qtbot, page.choose_button)

    rows = table_rows(page.table)
    assert set(rows) == {"zhujing-01", "tinglin-03"}
    old, new = rows["tinglin-03"], rows["zhujing-01"]
    assert old["Needs attention"] == "Old content: package 5, the newest is 6"
    assert (old["Package"], new["Package"], new["Needs attention"]) == ("5", "6", "")
    assert (new["Views: home"], new["Views: routes"], old["Views: routes"]) == ("4", "1", "0")
    assert page.table.item(0, 0).text() == "tinglin-03"  # flagged kiosks come first, highlighted
    assert page.table.item(0, 3).background().color().name() == "#fde2e1"
    assert page.table.item(1, 3).background().style() == Qt.BrushStyle.NoBrush
    assert "2 kiosk(s), 1 need attention." in page.summary.text()
    assert studio.tabs.tabText(studio.tabs.indexOf(page)) == "Kiosks (1)"

    out = tmp_path / "saved"
    out.mkdir()
    studio.dialogs.answers["open_folder"].append(out)
    click(qtbot, page.save_button)
    assert sorted(p.name for p in out.iterdir()) == ["fleet.csv", "fleet.html"]
    with open(out / "fleet.csv", encoding="utf-8-sig", newline="") as fh:
        saved = {r["kiosk"]: r for r in csv.DictReader(fh)}
    assert set(saved) == {"zhujing-01", "tinglin-03"}
    assert "old content" in saved["tinglin-03"]["flags"] and saved["zhujing-01"]["flags"] == ""
    html = (out / "fleet.html").read_text(encoding="utf-8")
    assert html.count("<tr class=flag>") == 1 and "tinglin-03" in html
    assert str(out / "fleet.csv") in page.result.text()


def test_reasons_and_headings_follow_the_language_switch(qtbot, studio, two_kiosks):
    page = studio.fleet_page
    studio.dialogs.answers["open_folder"].append(two_kiosks)
    click(qtbot, page.choose_button)
    click(qtbot, studio.language_button)
    rows = table_rows(page.table)
    assert rows["tinglin-03"]["需要注意"] == "内容版本旧：更新包 5，最新为 6"
    assert rows["zhujing-01"]["浏览：home"] == "4"
    assert studio.tabs.tabText(studio.tabs.indexOf(page)) == "各信息亭 (1)"
    assert page.choose_button.text() == "选择文件夹…" and "2 台信息亭，1 台需要注意" in page.summary.text()
    click(qtbot, studio.language_button)
    assert table_rows(page.table)["tinglin-03"]["Needs attention"].startswith("Old content")


def test_hostile_and_wrong_folders_give_one_plain_line(qtbot, studio, two_kiosks, tmp_path, monkeypatch):
    page = studio.fleet_page
    bad = two_kiosks / "caojing-06" / "jinshan-kiosk-export-caojing-06-20261201-080000"
    bad.mkdir(parents=True)
    (bad / "health.json").write_text("{not json", encoding="utf-8")
    odd = two_kiosks / "shihua-05" / "jinshan-kiosk-export-shihua-05-20261201-080000"
    odd.mkdir(parents=True)
    (odd / "health.json").symlink_to("/etc/hostname")  # links are never followed
    (odd / "kiosk.json").write_text(json.dumps({"kiosk_id": "shihua-05"}), encoding="utf-8")
    studio.dialogs.answers["open_folder"].append(two_kiosks)
    click(qtbot, page.choose_button)
    rows = table_rows(page.table)
    assert rows["caojing-06"]["Needs attention"].startswith("Report unreadable")
    assert rows["shihua-05"]["Needs attention"].startswith("Report unreadable")
    assert "4 kiosk(s), 3 need attention." in page.summary.text()

    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x", encoding="utf-8")
    studio.dialogs.answers["open_folder"].append(a_file)
    click(qtbot, page.choose_button)
    assert page.table.rowCount() == 0 and not page.save_button.isEnabled()
    assert page.summary.text() == f"This is not a folder that can be read: {a_file}"
    click(qtbot, studio.language_button)
    assert page.summary.text() == f"这不是可以读取的文件夹：{a_file}"

    empty = tmp_path / "empty"
    empty.mkdir()
    studio.dialogs.answers["open_folder"].append(empty)
    click(qtbot, page.choose_button)
    assert page.summary.text().startswith(f"在 {empty} 中没有信息亭报告")

    def broken(*args, **kwargs):
        raise RuntimeError("a kiosk folder nobody foresaw")

    monkeypatch.setattr("kiosk.studio.fleet_page.collect", broken)
    click(qtbot, page.refresh_button)
    assert page.summary.text() == "无法读取此文件夹中的信息亭报告：RuntimeError"
    assert "Traceback" not in " ".join(visible_texts(page))

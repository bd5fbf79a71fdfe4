"""A workbook saved by a real spreadsheet program (LibreOffice) imports exactly like the original."""

from __future__ import annotations

import shutil

import pytest

from kiosk.admin.workbook import read_workbook
from tests.workbooks import FIXTURES, canonical, make_template, resave_with_libreoffice

pytest.importorskip("openpyxl")


def as_gbk_saves_it(rows: dict) -> dict:
    """What a GBK CSV can hold: a character outside GBK (say ³ in μg/m³) is saved as '?'."""
    return {table: sorted(line.encode("gbk", errors="replace").decode("gbk") for line in lines)
            for table, lines in rows.items()}


def assert_same_content(original, resaved_xlsx, gbk_folder) -> None:
    books = [read_workbook(p) for p in (original, resaved_xlsx, gbk_folder)]
    assert [b.problems for b in books] == [[], [], []]
    assert canonical(books[1].rows()) == canonical(books[0].rows())
    assert canonical(books[2].rows()) == as_gbk_saves_it(canonical(books[0].rows()))
    assert len(books[0].tables) == len(books[1].tables) == len(books[2].tables) >= 18


def test_the_committed_libreoffice_saves_import_like_the_original():
    """Fixtures re-saved by LibreOffice 7.4 (python -m tests.workbooks DB regenerates them)."""
    towns = (FIXTURES / "gbk-csv" / "template-towns.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        towns.decode("utf-8")
    assert "石化街道" in towns.decode("gbk")  # really GBK, as a Chinese Windows spreadsheet saves
    assert_same_content(FIXTURES / "template.xlsx", FIXTURES / "xlsx" / "template.xlsx",
                        FIXTURES / "gbk-csv")


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the committed re-saves are "
                           "checked instead (apt-get install libreoffice-calc-nogui to redo it)")
def test_libreoffice_resaves_the_current_template_without_changing_it(tmp_path, content_db):
    original = make_template(tmp_path / "template.xlsx", content_db)
    xlsx, gbk = resave_with_libreoffice(original, tmp_path / "resaved")
    assert_same_content(original, xlsx, gbk)

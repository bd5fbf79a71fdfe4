"""The numbers table is always as tall as its wrapped rows, and measures them only when it must."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

LONG = "14th Five-Year Plan · Table 1, row 3; baseline: chapter 1 (1), 14.1% " * 3


def table_in_page(qtbot, width: int):
    from kiosk.ui.widgets.facts import NumbersTable

    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    table = NumbersTable()
    layout.addWidget(table)
    layout.addStretch(1)
    page.resize(width, 900)
    page.show()
    qtbot.waitExposed(page)
    return page, table


def test_rows_wrap_again_when_the_table_gets_narrower(qtbot):
    page, table = table_in_page(qtbot, 1400)
    table.set_rows(["Year", "Value", "What it is", "Source"], [["2020", "14.1%", "Baseline", LONG]])
    qtbot.waitUntil(lambda: table.width() > 1300)
    wide = table.rowHeight(0)
    page.resize(700, 900)
    qtbot.waitUntil(lambda: table.width() < 700)
    assert table.rowHeight(0) > wide  # the source cell wraps onto more lines
    assert table.height() >= table.rowHeight(0) + table.horizontalHeader().height()


def test_a_new_height_alone_does_not_measure_every_cell_again(qtbot, monkeypatch):
    """fit() sets the table's height; the resize that follows changes only the height, which needs no
    new measuring (it was done twice per change to another indicator)."""
    from kiosk.ui.widgets.facts import NumbersTable

    page, table = table_in_page(qtbot, 1200)
    calls = []
    original = NumbersTable.fit
    monkeypatch.setattr(NumbersTable, "fit", lambda self: (calls.append(self), original(self)))
    table.set_rows(["Year", "Value", "What it is", "Source"],
                   [[str(2020 + i), f"{i}%", "Published value", LONG] for i in range(5)])
    qtbot.wait(20)  # the page's layout gives the table its new height
    assert table.height() > 5 * table.rowHeight(0)
    assert len(calls) == 1

"""Published facts with their source name and confidence; the addresses listed apart as the detail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.data import sources as src
from kiosk.data.content import Text
from kiosk.i18n import tr
from kiosk.ui.widgets.common import label


def confidence_word(confidence: str | None) -> str:
    return {"high": tr("high confidence"), "medium": tr("medium confidence"),
            "low": tr("low confidence")}.get(confidence or "", "")


def source_cell(source: str | None, confidence: str | None, names: dict[str, Text],
                lang: str) -> str:
    """'Shanghai Bureau …' (medium confidence): the name a reader knows, never the raw address."""
    name = (tr("14th Five-Year Plan") if src.cites_plan(source)
            else src.source_name(source, names, lang))
    word = confidence_word(confidence)
    if name and word:
        return tr("{source} ({confidence})").format(source=name, confidence=word)
    return name or word


def addresses_text(sources: list[str | None], names: dict[str, Text], lang: str) -> str:
    """Each cited address once, after its name: the detail behind the names in the table."""
    lines, seen = [], set()
    for source in sources:
        for url in src.source_urls(source):
            if url not in seen:
                seen.add(url)
                lines.append(tr("{name}: {url}").format(
                    name=src.source_name(url, names, lang), url=url))
    return (tr("Source addresses:") + "\n" + "\n".join(lines)) if lines else ""


class NumbersTable(QTableWidget):
    """A read-only table that is always as tall as its rows: the page scrolls, the table never does."""

    def __init__(self, columns: int = 4, fractions: tuple[float, ...] = ()):
        super().__init__(0, columns)
        self.fractions = fractions  # share of the width per column; empty: fit the first ones
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        header = self.horizontalHeader()
        for column in range(columns):
            mode = (QHeaderView.ResizeMode.Fixed if fractions else
                    QHeaderView.ResizeMode.Stretch if column == columns - 1 else
                    QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(column, mode)

    def set_rows(self, headers: list[str], rows: list[list[str]]) -> None:
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.setItem(r, c, item)
        self.fit()

    def cells(self) -> list[list[str]]:
        """The texts shown, row by row (for tests and read-aloud)."""
        return [[self.item(r, c).text() if self.item(r, c) else ""
                 for c in range(self.columnCount())] for r in range(self.rowCount())]

    def fit(self) -> None:
        """Column widths first, then wrapped row heights, all now. Whatever the table would do later
        (the layouts its new rows queued, the geometry and repaint QTableView defers to a timer for
        each resized row or column) ran after the page's first paint and painted it a second time;
        so the queued layouts run now and the headers' resize signals are held, the table's
        geometry brought up to date here instead."""
        header, rows = self.horizontalHeader(), self.verticalHeader()
        header.blockSignals(True)
        rows.blockSignals(True)
        try:
            if self.fractions:
                width = self.viewport().width()
                for column, share in enumerate(self.fractions):
                    self.setColumnWidth(column, int(width * share))
            header.executeDelayedItemsLayout()
            header.doItemsLayout()
            self.executeDelayedItemsLayout()
            self.doItemsLayout()
            self.resizeRowsToContents()
        finally:
            header.blockSignals(False)
            rows.blockSignals(False)
        self.updateGeometries()
        self.viewport().update()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height)

    def resizeEvent(self, event):  # noqa: N802 - Qt override: rows re-wrap at the new width
        super().resizeEvent(event)
        # Only a new width re-wraps the rows; a new height is the one fit() just set (measuring every
        # cell again for it was half of the table's cost on each change to another indicator).
        if event.size().width() != event.oldSize().width():
            self.fit()


class FactsBox(QWidget):
    """A heading, one row per published fact (conflicting ones side by side) and their addresses."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.heading = label(role="Heading")
        self.intro = label(role="Small")
        self.table = NumbersTable(4, fractions=(0.17, 0.22, 0.32, 0.27))
        self.addresses = label(role="Small")
        for widget in (self.heading, self.intro, self.table, self.addresses):
            layout.addWidget(widget)
        self.facts: list[src.Fact] = []
        self.setVisible(False)

    def set_facts(self, facts: list[src.Fact], names: dict[str, Text], lang: str,
                  heading: str, intro: str = "", subjects: dict[str, str] | None = None) -> None:
        """subjects: subject id -> the name put before each fact (a route lists its stops')."""
        self.facts = list(facts)
        self.setVisible(bool(facts))
        self.heading.setText(heading)
        self.intro.setText(intro or tr("Published by the sources named; not used to compute a "
                                       "status. Only findings of high or medium confidence are "
                                       "shown."))
        differ = src.conflicts(self.facts)
        rows = []
        for fact in self._ordered(differ):
            value = fact.value_text.get(lang)
            if fact.derived:
                value += "\n" + tr("(derived, not printed by the source)")
            what = fact.what.get(lang)
            if subjects and subjects.get(fact.subject_id):
                what = tr("{place}: {what}").format(place=subjects[fact.subject_id], what=what)
            if fact.conflict in differ:
                what = tr("Sources differ: {what}").format(what=what)
            if fact.note:
                what += "\n" + fact.note.get(lang)
            rows.append([fact.period.get(lang), value, what,
                         source_cell(fact.source, fact.confidence, names, lang)])
        self.table.set_rows([tr("When"), tr("Figure"), tr("What it is"), tr("Source")], rows)
        self.addresses.setText(addresses_text([f.source for f in self.facts], names, lang))

    def _ordered(self, differ: dict[str, list[src.Fact]]) -> list[src.Fact]:
        """Conflicting facts next to each other, at the place of the first of them."""
        out, placed = [], set()
        for fact in self.facts:
            if fact.id in placed:
                continue
            group = differ.get(fact.conflict or "", [fact])
            out.extend(group)
            placed.update(f.id for f in group)
        return out

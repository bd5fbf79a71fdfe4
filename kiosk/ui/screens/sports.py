"""11157 sports: the 1-1-1-5-7 blocks, progress by facility status, each town's centre, a directory."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.data import facilities as data
from kiosk.data import figures as fig
from kiosk.data import sources as src
from kiosk.i18n import format_number, tr
from kiosk.ui.charts.shares import STATUS_COLOURS, BlockProgress
from kiosk.ui.screens.eldercare import swatch
from kiosk.ui.screens.programme import ProgrammeScreen
from kiosk.ui.widgets.common import Card, clear_layout, columns_that_fit, label, regrid
from kiosk.ui.widgets.directory import status_text
from kiosk.ui.widgets.facts import FactsBox
from kiosk.ui.widgets.flow import FlowLayout

LEGEND = ("open", "under_construction", "planned")


def others_text(progress: fig.ProgrammeProgress) -> str:
    """The places listed that count toward no part of 11157 (existing venues, trails, parks)."""
    return tr("Other sports places listed, not counted in 11157: {n}, of which {open} open.").format(
        n=format_number(progress.other_total), open=format_number(progress.other_open))


class SportsScreen(ProgrammeScreen):
    """The 11157 programme as five numbered blocks, its progress and its facilities."""

    screen_id = "sports"
    program = "11157"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.blocks_heading = self.add(label(role="Heading"))
        self.blocks_host = self.add(QWidget())
        self.blocks_grid = QGridLayout(self.blocks_host)
        self.blocks_grid.setContentsMargins(0, 0, 0, 0)
        self.blocks_grid.setSpacing(12)
        self.block_texts_host = self.add(QWidget())
        self.block_texts = QVBoxLayout(self.block_texts_host)
        self.block_texts.setContentsMargins(0, 0, 0, 0)

        self.progress_heading = self.add(label(role="Heading"))
        legend_host = self.add(QWidget())
        legend = FlowLayout(legend_host, spacing=16)  # wraps onto more lines on a narrow screen
        self.legend_labels: dict[str, QLabel] = {}
        for status in LEGEND:
            item = QWidget()
            pair = QHBoxLayout(item)
            pair.setContentsMargins(0, 0, 0, 0)
            pair.setSpacing(10)
            pair.addWidget(swatch(STATUS_COLOURS[status], 24))
            self.legend_labels[status] = label(wrap=False)
            pair.addWidget(self.legend_labels[status])
            legend.addWidget(item)
        self.progress_host = self.add(QWidget())
        self.progress_layout = QVBoxLayout(self.progress_host)
        self.progress_layout.setContentsMargins(0, 0, 0, 0)
        self.progress_layout.setSpacing(6)

        self.facts_box = self.add(FactsBox())
        self.towns_heading = self.add(label(role="Heading"))
        self.towns_host = self.add(QWidget())
        self.towns_grid = QGridLayout(self.towns_host)
        self.towns_grid.setContentsMargins(0, 0, 0, 0)
        self.towns_grid.setSpacing(12)
        self.finish_page()
        self._columns = 0
        self._build()
        self.retranslate_ui()

    def _build(self) -> None:
        content = self.ctx.content
        for layout in (self.blocks_grid, self.block_texts, self.progress_layout, self.towns_grid):
            clear_layout(layout)
        self.parts = data.program_parts(content, "11157", "component")
        self.items = data.facilities(content, "11157")
        self.block_widgets = []
        self.block_cards = []
        for part in self.parts:
            card = Card()
            number = label(format_number(part.value), role="BigNumber")
            number.setStyleSheet("font-size: 64px; font-weight: bold; color: #0b5cad;")
            name = label()
            card.body.addWidget(number)
            card.body.addWidget(name)
            card.body.addStretch(1)
            text = label(role="Muted")
            self.block_texts.addWidget(text)
            self.block_widgets.append((part, name, text))
            self.block_cards.append(card)

        self.progress = fig.programme_progress(content, "11157")  # the home tile reads it too
        self.progress_rows = []
        scale = max((p.total for p in self.progress.parts), default=0)
        for row in self.progress.parts:
            caption = label()
            chart = BlockProgress()
            chart.setFixedHeight(44)
            chart.set_blocks(list(row.statuses), scale=scale)
            self.progress_layout.addWidget(caption)
            self.progress_layout.addWidget(chart)
            self.progress_rows.append((row, caption, chart))
        self.others_caption = label(role="Muted")
        self.progress_layout.addWidget(self.others_caption)

        self.towns = data.towns(content)
        centres = {f.town_id: f for f in self.items if f.type == "fitness_centre" and f.town_id}
        self.town_cells = []
        for town in self.towns:
            card = Card()
            name, status = label(role="CardTitle"), label(role="Muted")
            name.setStyleSheet("font-weight: bold;")
            card.body.addWidget(name)
            card.body.addWidget(status)
            self.town_cells.append((town, centres.get(town.id), card, name, status))
        self._columns = self._block_columns = 0
        self._arrange_towns()

    def _arrange_towns(self) -> None:
        """Towns 4 abreast in landscape, 2 in portrait, fewer where the cards would be cut; the five
        parts in one row where they fit."""
        room = self.page_room()
        cards = [cell[2] for cell in self.town_cells]
        columns = columns_that_fit(cards, room, 12, 4 if self.width() > self.height() * 1.2 else 2)
        if columns != self._columns:
            self._columns = columns
            regrid(self.towns_grid, cards, columns, 4)
        blocks = columns_that_fit(self.block_cards, room, 12, len(self.block_cards))
        if blocks != self._block_columns:
            self._block_columns = blocks
            regrid(self.blocks_grid, self.block_cards, blocks, len(self.block_cards))

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        self._arrange_towns()
        super().resizeEvent(event)

    def retranslate_ui(self) -> None:
        lang = self.lang
        self.intro.setText(tr("11157 is Jinshan's plan for places to keep fit: a fitness "
                              "centre in every town, one indoor sports venue, one sports park, "
                              "five training bases and seven smart fitness squares."))
        self.blocks_heading.setText(tr("The five parts of 11157"))
        for part, name, text in self.block_widgets:
            name.setText(part.label.get(lang))
            text.setText(part.text.get(lang))
        self.progress_heading.setText(tr("Progress"))
        for status, widget in self.legend_labels.items():
            widget.setText(status_text(status))
        for row, caption, _ in self.progress_rows:
            caption.setText(tr("{name}: {open} of {total} open").format(
                name=row.part.label.get(lang), open=format_number(row.open),
                total=format_number(row.total)))
        self.others_caption.setText(others_text(self.progress))
        content = self.ctx.content
        self.facts_box.set_facts(src.facts(content, "program", ["11157"]), src.source_names(content),
                                 lang, tr("Published about 11157"),
                                 tr("As published by the sources named; only findings of high or "
                                    "medium confidence are shown."))
        self.towns_heading.setText(tr("A citizen fitness centre in every town"))
        for town, centre, _, name, status in self.town_cells:
            name.setText(town.name.get(lang))
            status.setText(status_text(centre.status) if centre else tr("Not listed yet"))
        self.directory.retranslate_ui()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # cards take in the texts
        self._arrange_towns()

    def title(self) -> str:
        return tr("11157 sports")

    def read_aloud_text(self) -> str:
        return " ".join([self.title(), self.intro.text()] + [c.text() for _, c, _ in self.progress_rows]
                        + [self.others_caption.text()])

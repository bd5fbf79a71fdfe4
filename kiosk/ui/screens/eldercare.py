"""9073 elderly care: the 90/7/3 picture, the three-level network, the plan's targets, a directory."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.data import facilities as data
from kiosk.i18n import format_number, tr
from kiosk.ui.charts.shares import SHARE_COLOURS, WaffleChart
from kiosk.ui.screens.programme import ProgrammeScreen
from kiosk.ui.widgets.common import Card, clear_layout, columns_that_fit, label, regrid
from kiosk.ui.widgets.status_badge import StatusBadge


def swatch(colour: str, size: int = 28) -> QLabel:
    box = QLabel()
    box.setFixedSize(size, size)
    box.setStyleSheet(f"background: {colour}; border-radius: 4px;")
    return box


def value_with_unit(value: float | None, unit, lang: str) -> str:
    if value is None:
        return ""
    unit_text = unit.get(lang) if unit else ""
    number = format_number(value)
    if unit_text == "%":
        return number + "%"
    return f"{number}{unit_text}" if lang.startswith("zh") else f"{number} {unit_text}".strip()


class EldercareScreen(ProgrammeScreen):
    """The 9073 programme explained simply, with facilities nearest to this kiosk."""

    screen_id = "eldercare"
    program = "9073"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.shares_heading = self.add(label(role="Heading"))
        shares = QWidget()
        row = QHBoxLayout(shares)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        chart_box = QVBoxLayout()
        self.waffle = WaffleChart()
        self.waffle.setFixedSize(300, 300)
        self.waffle_caption = label(role="Small")
        self.waffle_caption.setFixedWidth(300)
        chart_box.addWidget(self.waffle)
        chart_box.addWidget(self.waffle_caption)
        chart_box.addStretch(1)
        row.addLayout(chart_box)
        self.legend = QVBoxLayout()
        self.legend.setSpacing(14)
        row.addLayout(self.legend, 1)
        self.add(shares)
        self.share_rows: list[tuple[data.ProgramPart, QLabel, QLabel]] = []

        self.network_heading = self.add(label(role="Heading"))
        self.network_intro = self.add(label(role="Muted"))
        self.network_host = self.add(QWidget())
        self.network_grid = QGridLayout(self.network_host)
        self.network_grid.setContentsMargins(0, 0, 0, 0)
        self.network_grid.setSpacing(16)
        self.level_cards: list[tuple[data.ProgramPart, QLabel, QLabel, QLabel]] = []

        self.targets_heading = self.add(label(role="Heading"))
        self.targets_host = self.add(QWidget())
        self.targets_layout = QVBoxLayout(self.targets_host)
        self.targets_layout.setContentsMargins(0, 0, 0, 0)
        self.targets_layout.setSpacing(12)
        self.finish_page()
        self._build()
        self.retranslate_ui()

    def _build(self) -> None:
        """Create the widgets that depend on the content (again after an update)."""
        content = self.ctx.content
        for layout in (self.legend, self.network_grid, self.targets_layout):
            clear_layout(layout)
        self.shares = data.program_parts(content, "9073", "share")
        self.share_rows = []
        for part, colour in zip(self.shares, SHARE_COLOURS, strict=False):
            line = QGridLayout()
            line.setHorizontalSpacing(12)
            line.addWidget(swatch(colour), 0, 0)
            title, text = label(role="CardTitle"), label()
            title.setStyleSheet("font-weight: bold;")
            line.addWidget(title, 0, 1)
            line.addWidget(text, 1, 1)
            line.setColumnStretch(1, 1)
            self.legend.addLayout(line)
            self.share_rows.append((part, title, text))
        self.legend.addStretch(1)
        self.waffle.set_shares([p.value or 0 for p in self.shares])

        self.levels = data.program_parts(content, "9073", "level")
        self.level_cards = []
        self.level_widgets = []
        for part in self.levels:
            card = Card()
            title, text = label(role="Heading"), label()
            step = label(role="Small")
            card.body.addWidget(step)
            card.body.addWidget(title)
            card.body.addWidget(text)
            card.body.addStretch(1)
            self.level_cards.append((part, step, title, text))
            self.level_widgets.append(card)

        # The 90/7/3 shares are shown above; here the other quantified 9073 targets (beds).
        self.targets = [t for t in data.plan_targets(content, "9073")
                        if not (t.unit and t.unit.zh == "%")]
        self.target_cards = []
        for target in self.targets:
            card = Card()
            parts = [label(role="CardTitle"), label(), label(), label(role="Muted")]
            parts[0].setStyleSheet("font-weight: bold;")
            for p in parts:
                card.body.addWidget(p)
            status = data.target_status(target)
            badge = StatusBadge(status.status) if status else None
            if badge is not None:
                card.body.addWidget(badge)
            self.targets_layout.addWidget(card)
            self.target_cards.append((target, status, parts, badge))
        self._level_columns = 0
        self._arrange_levels()

    def _arrange_levels(self) -> None:
        """The network's levels in one row where they fit, else as many abreast as fit."""
        columns = columns_that_fit(self.level_widgets, self.page_room(), 16, len(self.level_widgets))
        if columns != self._level_columns:
            self._level_columns = columns
            regrid(self.network_grid, self.level_widgets, columns, len(self.level_widgets))

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        self._arrange_levels()
        super().resizeEvent(event)

    def retranslate_ui(self) -> None:
        lang = self.lang
        self.intro.setText(tr("9073 is how Jinshan plans care for older people: most are cared "
                              "for at home, some in the community and a few in care homes."))
        self.shares_heading.setText(tr("What 9073 means"))
        self.waffle_caption.setText(tr("Each square stands for 1 in every 100 older people."))
        for part, title, text in self.share_rows:
            title.setText(f"{format_number(part.value)}%  {part.label.get(lang)}")
            text.setText(part.text.get(lang))
        self.network_heading.setText(tr("The three-level care network"))
        self.network_intro.setText(tr("Care close to home at three levels: the town, the area "
                                      "and the village or neighbourhood."))
        for i, (part, step, title, text) in enumerate(self.level_cards, start=1):
            step.setText(tr("Level {n}").format(n=i))
            title.setText(part.label.get(lang))
            text.setText(part.text.get(lang))
        self.targets_heading.setText(tr("The plan's targets"))
        for target, status, (name, goal, latest, note), badge in self.target_cards:
            name.setText(target.name.get(lang))
            goal_value = value_with_unit(target.value, target.unit, lang)
            if target.target_year:
                goal.setText(tr("Target: {value} by {year}").format(value=goal_value,
                                                                    year=target.target_year))
            else:
                goal.setText(tr("Target: {value}").format(value=goal_value))
            if target.values:
                last = target.values[-1]
                latest.setText(tr("Latest figure: {value} ({year})").format(
                    value=value_with_unit(last.value, target.unit, lang), year=last.year))
            latest.setVisible(bool(target.values))
            if status is not None:
                note.setText(status.explanation(lang))
            else:
                note.setText(tr("No progress figures have been published yet.") if not target.values
                             else "")
            note.setVisible(bool(note.text()))
            if badge is not None and status is not None:
                badge.set_status(status.status)
        self.directory.retranslate_ui()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # cards take in the texts
        self._arrange_levels()

    def title(self) -> str:
        return tr("9073 elderly care")

    def read_aloud_text(self) -> str:
        return " ".join([self.title(), self.intro.text()]
                        + [f"{t.text()} {x.text()}" for _, t, x in self.share_rows])

    @classmethod
    def screenshot_args(cls, ctx):
        return [("", None)]

"""Indicator dashboard: an overview of statuses by area, then a card per indicator, grouped by area."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.data import figures as fig
from kiosk.data import status as st
from kiosk.data.content import Indicator
from kiosk.i18n import format_number, tr
from kiosk.ui import resources
from kiosk.ui.charts.indicator_charts import StatusOverviewChart
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import Card, label
from kiosk.ui.widgets.status_badge import COLOURS, GLYPHS, Boxed, StatusBadge, status_text


def kind_word(kind: str) -> str:
    return tr("Binding indicator") if kind == "binding" else tr("Expected indicator")


def kind_sentence(kind: str) -> str:
    if kind == "binding":
        return tr("Binding indicators are commitments the government must meet; they are checked "
                  "and officials are held to them.")
    return tr("Expected indicators are goals the district aims for, reached mainly by the market "
              "and society with the government's support.")


def measure_word(ind: Indicator) -> str:
    if ind.measure == "annual_rate":
        return tr("Yearly average rate")
    if ind.measure == "qualitative":
        return tr("Target in words")
    if st.is_period_total(ind):
        return tr("Total over the plan years")
    if ind.measure == "cumulative":
        return tr("Running total")
    if ind.target_bound == "at_most":
        return tr("Limit to stay within")
    return tr("Level to reach")


def baseline_text(ind: Indicator, lang: str) -> str:
    """The baseline with what it covers (2016-2020 average) or its year; never "None"."""
    if ind.baseline_value is None:
        return tr("not stated")
    value = st.format_value(ind, ind.baseline_value, lang)
    if ind.baseline_note is not None:
        return tr("{value} ({note})").format(value=value, note=ind.baseline_note.get(lang))
    if ind.baseline_year is None:
        return value
    return tr("{value} ({year})").format(value=value, year=ind.baseline_year)


def target_text(ind: Indicator, lang: str) -> str:
    """The plan's target: its own wording for a qualitative target, else the value and bound."""
    if ind.target_value is None:
        return ind.target_text.get(lang)
    value = st.format_value(ind, ind.target_value, lang)
    bound = "about" if ind.target_approx else (ind.target_bound or "reach")
    if bound == "about":
        return tr("about {value}").format(value=value)
    if bound == "at_least":
        return tr("at least {value}").format(value=value)
    if bound == "at_most":
        return tr("no more than {value}").format(value=value)
    return value


def latest_text(latest: tuple[int, float] | None, ind: Indicator, lang: str) -> str:
    if latest is None:
        return tr("no data yet")
    year, value = latest
    return tr("{value} ({year})").format(value=st.format_value(ind, value, lang), year=year)


class IndicatorCard(Card):
    """One indicator: name, unit, kind, baseline, latest, target and status; a tap opens it."""

    clicked = Signal()

    def __init__(self, indicator: Indicator, parent: QWidget | None = None):
        super().__init__(parent)
        self.indicator = indicator
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.name_label = label(role="CardTitle")
        self.meta_label = label(role="Small")
        self.body.addWidget(self.name_label)
        self.body.addWidget(self.meta_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.captions = [label(role="Small") for _ in range(3)]
        self.values = [label(role="CardValue") for _ in range(3)]
        for column, (caption, value) in enumerate(zip(self.captions, self.values, strict=True)):
            grid.addWidget(caption, 0, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, 1, column, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(column, 1)
        self.body.addLayout(grid)
        self.badge = StatusBadge()
        self.body.addWidget(self.badge)
        self.body.addStretch(1)
        for child in self.findChildren(QWidget):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_texts(self, result: st.IndicatorStatus, lang: str,
                  latest: tuple[int, float] | None = None) -> None:
        ind = self.indicator
        self.name_label.setText(f"{ind.code}  {ind.name.get(lang)}")
        self.meta_label.setText(tr("{kind} · {measure} · unit: {unit}").format(
            kind=kind_word(ind.kind), measure=measure_word(ind), unit=ind.unit.get(lang)))
        captions = (tr("Baseline"), tr("Latest"), tr("Target {year}").format(year=ind.target_year))
        values = (baseline_text(ind, lang), latest_text(latest, ind, lang), target_text(ind, lang))
        for caption, value, c_text, v_text in zip(self.captions, self.values, captions, values,
                                                  strict=True):
            caption.setText(c_text)
            value.setText(v_text)
        self.badge.set_status(result.status)
        self.setAccessibleName(f"{self.name_label.text()} {self.badge.text()}")

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt override
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class IndicatorsScreen(Screen):
    """Every indicator of Table 1, grouped by area, with an overview of how many are on track."""

    refreshed_for: tuple = ()  # refresh_key() when the cards were last filled
    loads = 0  # counts reload(): which content the cards were made from

    screen_id = "indicators"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.page = self.scrolling_page(spacing=16)

        self.heading = label(role="ScreenTitle")
        self.intro = label(role="Muted")
        self.page.addWidget(self.heading)
        self.page.addWidget(self.intro)
        self.kinds_banner = Boxed("NoteBox")
        self.kinds_button = QPushButton()
        self.kinds_button.clicked.connect(self.toggle_kinds)
        kinds_row = QHBoxLayout()
        kinds_row.addWidget(self.kinds_button)
        kinds_row.addStretch(1)
        self.page.addWidget(self.kinds_banner)
        self.page.addLayout(kinds_row)

        self.overview_title = label(role="Heading")
        self.page.addWidget(self.overview_title)
        self.overview = StatusOverviewChart(COLOURS, GLYPHS)
        self.page.addWidget(self.overview)
        self.legend_host = QWidget()
        self.legend = QGridLayout(self.legend_host)
        self.legend.setContentsMargins(0, 0, 0, 0)
        self.legend.setSpacing(8)
        self.legend_badges = {s: StatusBadge(s) for s in st.STATUSES}
        self.page.addWidget(self.legend_host)
        self.method_note = label(role="Small")
        self.page.addWidget(self.method_note)

        self.groups_host = QWidget()
        self.groups = QVBoxLayout(self.groups_host)
        self.groups.setContentsMargins(0, 0, 0, 0)
        self.groups.setSpacing(12)
        self.page.addWidget(self.groups_host)
        self.page.addStretch(1)

        self.cards: dict[str, IndicatorCard] = {}
        self.area_headings: dict[str, object] = {}
        self.statuses: dict[str, st.IndicatorStatus] = {}
        self._columns = 0
        self._build_cards()
        follow_elder_mode(self, self.ctx.hub, self.apply_sizes)
        self.apply_sizes(self.ctx.state.elder_mode)
        self.reset()
        self.retranslate_ui()

    # -- building ---------------------------------------------------------------------------------
    def _build_cards(self) -> None:
        while self.groups.count():
            item = self.groups.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards, self.area_headings, self.grids = {}, {}, {}
        indicators = self.ctx.content.indicators()
        for area in self.ctx.content.areas():
            heading = label(role="Heading")
            grid_host = QWidget()
            grid = QGridLayout(grid_host)
            grid.setContentsMargins(0, 0, 0, 12)
            grid.setSpacing(16)
            self.groups.addWidget(heading)
            self.groups.addWidget(grid_host)
            self.area_headings[area.id] = heading
            self.grids[area.id] = grid
            for ind in (i for i in indicators if i.area == area.id):
                card = IndicatorCard(ind)
                card.clicked.connect(lambda c=ind.code: self.ctx.hub.navigate.emit("indicator", c))
                self.cards[ind.code] = card
        self._columns = 0
        self._arrange()

    def _arrange(self) -> None:
        width = self.width() or 1920
        elder = self.ctx.state.elder_mode
        wide = width > 1400
        columns = (2 if wide else 1) if elder else (3 if wide else 2)  # elder text needs wider cards
        if columns == self._columns:
            return
        self._columns = columns
        for area_id, grid in self.grids.items():
            codes = [c for c, card in self.cards.items() if card.indicator.area == area_id]
            for index, code in enumerate(codes):
                grid.addWidget(self.cards[code], index // columns, index % columns)
            for c in range(3):
                grid.setColumnStretch(c, 1 if c < columns else 0)
        legend_columns = 4 if columns == 3 else 2
        for index, status in enumerate(st.STATUSES):
            self.legend.addWidget(self.legend_badges[status], index // legend_columns,
                                  index % legend_columns)
        for c in range(4):
            self.legend.setColumnStretch(c, 1 if c < legend_columns else 0)

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        self._arrange()
        super().resizeEvent(event)

    def apply_sizes(self, elder: bool) -> None:
        """Chart fonts and height, card text sizes and columns follow elder mode."""
        sizes = resources.sizes(elder)
        self.overview.set_sizes(sizes)
        self.overview.setFixedHeight(round(380 * (1.3 if elder else 1.0)))
        self._columns = 0
        self._arrange()

    # -- behaviour --------------------------------------------------------------------------------
    def toggle_kinds(self) -> None:
        self.kinds_banner.setVisible(not self.kinds_banner.isVisibleTo(self))
        self._set_kinds_button()

    def _set_kinds_button(self) -> None:
        shown = self.kinds_banner.isVisibleTo(self)
        self.kinds_button.setText(tr("Got it, hide this") if shown
                                  else tr("What do \"binding\" and \"expected\" mean?"))

    def open(self, args=None) -> None:
        super().open(args)
        if self.refreshed_for != self.refresh_key():  # else the cards already show this
            self.refresh()

    def refresh_key(self) -> tuple:
        """What the cards and the chart depend on: the content (reload() counts) and the language."""
        return self.loads, self.lang

    def reset(self) -> None:
        """The next visitor sees the explanation of binding and expected once more, at the top."""
        self.kinds_banner.setVisible(True)
        self._set_kinds_button()
        self.scroll.scroll_to_top()

    def reload(self) -> None:
        self.loads += 1
        self._build_cards()
        self.retranslate_ui()

    def refresh(self) -> None:
        self.refreshed_for = self.refresh_key()
        content = self.ctx.content
        indicators = {i.code: (i, content.observations(i.code)) for i in content.indicators()}
        self.statuses = {code: st.indicator_status(i, obs) for code, (i, obs) in indicators.items()}
        lang = self.lang
        for code, card in self.cards.items():
            ind, obs = indicators[code]
            card.set_texts(self.statuses[code], lang,
                           fig.latest_value(ind, obs, self.statuses[code]))
        areas = content.areas()
        counts = {s: [0] * len(areas) for s in st.STATUSES}
        for i, area in enumerate(areas):
            for card in self.cards.values():
                if card.indicator.area == area.id:
                    counts[self.statuses[card.indicator.code].status][i] += 1
        self.overview.set_data([a.name.get(lang) for a in areas], counts, tr("Number of indicators"))
        totals = {s: sum(v) for s, v in counts.items()}
        for status, badge in self.legend_badges.items():
            badge.set_status(status)
            badge.setText(tr("{status}: {n}").format(status=status_text(status),
                                                     n=format_number(totals[status])))
        for area in areas:
            n = sum(1 for c in self.cards.values() if c.indicator.area == area.id)
            self.area_headings[area.id].setText(tr("{area} ({n})").format(
                area=area.name.get(lang), n=format_number(n)))

    def retranslate_ui(self) -> None:
        self.heading.setText(tr("How far has each goal come?"))
        self.intro.setText(tr("The {n} main indicators of the 14th Five-Year Plan, with the "
                              "plan's baseline, the latest published value and the 2025 target. "
                              "Tap an indicator for its chart and sources.").format(
            n=format_number(self.ctx.content.main_indicator_count())))
        self.kinds_banner.setText(kind_sentence("binding") + "\n" + kind_sentence("expected"))
        self._set_kinds_button()
        self.overview_title.setText(tr("Status of the indicators, by area"))
        self.method_note.setText(tr(
            "How the status is worked out: the progress made since the baseline is compared with "
            "the progress needed to reach the target on time ({high} or more: on track; "
            "{low} to {high}: needs acceleration; less: limited progress; going backwards: "
            "deteriorating). Targets set in words are not rated.").format(high="95%", low="60%"))
        self.refresh()

    def title(self) -> str:
        return tr("Indicators")

    def read_aloud_text(self) -> str:
        return " ".join([self.heading.text(), self.intro.text()]
                        + [b.text() for b in self.legend_badges.values()])

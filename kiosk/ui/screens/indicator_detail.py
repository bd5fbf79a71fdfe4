"""One indicator: status and how it was computed, a chart with baseline and target, the numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from kiosk.data import status as st
from kiosk.data.content import Indicator, Observation
from kiosk.data.planref import english_reference
from kiosk.i18n import tr
from kiosk.ui import resources
from kiosk.ui.charts.indicator_charts import IndicatorChart
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.indicators import (
    baseline_text,
    kind_sentence,
    kind_word,
    measure_word,
    target_text,
)
from kiosk.ui.widgets.common import label
from kiosk.ui.widgets.status_badge import Boxed, StatusBadge


def confidence_word(confidence: str | None) -> str:
    return {"high": tr("high confidence"), "medium": tr("medium confidence"),
            "low": tr("low confidence")}.get(confidence or "", "")


class NumbersTable(QTableWidget):
    """A read-only table that is always as tall as its rows: the page scrolls, the table never does."""

    def __init__(self):
        super().__init__(0, 4)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        header = self.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def fit(self) -> None:
        self.horizontalHeader().doItemsLayout()  # column widths first, then wrapped row heights
        self.doItemsLayout()
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height)

    def resizeEvent(self, event):  # noqa: N802 - Qt override: rows re-wrap at the new width
        super().resizeEvent(event)
        self.fit()


class IndicatorDetailScreen(Screen):
    """The detail page of one indicator (args: its code)."""

    screen_id = "indicator"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.page = self.scrolling_page(spacing=14)
        self.missing = label()
        self.missing.setVisible(False)
        self.page.addWidget(self.missing)

        self.name_label = label(role="ScreenTitle")
        self.meta_label = label(role="Muted")
        self.kind_label = label(role="Small")
        self.badge = StatusBadge()
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        self.explanation = label()
        self.no_data = Boxed("NoteBox")
        for widget in (self.name_label, self.meta_label, self.kind_label):
            self.page.addWidget(widget)
        self.page.addLayout(badge_row)
        self.page.addWidget(self.explanation)
        self.page.addWidget(self.no_data)

        self.chart_title = label(role="Heading")
        self.chart = IndicatorChart()
        self.chart_legend = label(role="Small")
        self.page.addWidget(self.chart_title)
        self.page.addWidget(self.chart)
        self.page.addWidget(self.chart_legend)

        self.table_title = label(role="Heading")
        self.table = NumbersTable()
        self.page.addWidget(self.table_title)
        self.page.addWidget(self.table)
        self.source_note = label(role="Small")
        self.page.addWidget(self.source_note)
        self.page.addStretch(1)
        self.always_shown = (self.name_label, self.meta_label, self.kind_label, self.badge,
                             self.table_title, self.table, self.source_note)

        self.indicator: Indicator | None = None
        self.observations: list[Observation] = []
        self.result: st.IndicatorStatus | None = None
        follow_elder_mode(self, self.ctx.hub, self.apply_sizes)
        self.apply_sizes(self.ctx.state.elder_mode)

    # -- state --------------------------------------------------------------------------------------
    def open(self, args=None) -> None:
        super().open(args)
        code = str(args) if args is not None else ""
        self.indicator = self.ctx.content.indicator(code)
        self.scroll.scroll_to_top()
        self.retranslate_ui()

    def reset(self) -> None:
        self.scroll.scroll_to_top()

    def apply_sizes(self, elder: bool) -> None:
        self.chart.set_sizes(resources.sizes(elder))
        self.chart.setFixedHeight(round(460 * (1.3 if elder else 1.0)))
        self._fit_table()

    def _fit_table(self) -> None:
        self.table.fit()

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_table()

    # -- texts ----------------------------------------------------------------------------------------
    def _show_missing(self, missing: bool) -> None:
        """An unknown code (an old link, changed content) shows a plain sentence and nothing else."""
        self.missing.setVisible(missing)
        self.missing.setText(tr("This indicator is not in the current content.") if missing else "")
        hidden = (self.explanation, self.no_data, self.chart_title, self.chart, self.chart_legend)
        for widget in self.always_shown + (hidden if missing else ()):
            widget.setVisible(not missing)

    def retranslate_ui(self) -> None:
        ind = self.indicator
        self._show_missing(ind is None)
        if ind is None:
            self.observations, self.result = [], None
            return
        lang = self.lang
        self.observations = self.ctx.content.observations(ind.code)
        self.result = result = st.indicator_status(ind, self.observations)
        area = next((a.name.get(lang) for a in self.ctx.content.areas() if a.id == ind.area), "")
        self.name_label.setText(ind.name.get(lang))
        self.meta_label.setText(tr("Indicator {code} · {area} · {kind} · {measure} · unit: {unit}")
                                .format(code=ind.code, area=area, kind=kind_word(ind.kind),
                                        measure=measure_word(ind), unit=ind.unit.get(lang)))
        self.kind_label.setText(kind_sentence(ind.kind))
        self.badge.set_status(result.status)
        self.explanation.setText(result.explanation(lang))
        # with nothing published the banner below says so; the explanation would only repeat it
        self.explanation.setVisible(bool(self.observations) or result.status != st.NO_DATA)
        self._set_no_data(ind, lang)
        self._set_chart(ind, result, lang)
        self._set_table(ind, lang)
        self.source_note.setText(tr(
            "Baseline and target: the Jinshan District 14th Five-Year Plan, Table 1. Published "
            "values: the source shown in each row. Values are added by district staff when "
            "official figures are released."))
        self.apply_sizes(self.ctx.state.elder_mode)

    def _set_no_data(self, ind: Indicator, lang: str) -> None:
        parts = []
        if not self.observations:
            parts.append(tr("No progress data has been published yet."))
        if ind.measure == "qualitative" or ind.target_value is None:
            parts.append(tr("The plan's target, in its own words: \"{text}\"").format(
                text=ind.target_text.get(lang)))
        self.no_data.setText("\n".join(parts))
        self.no_data.setVisible(bool(parts))

    def chart_series(self, ind: Indicator) -> tuple[list[int], list[float]]:
        """Years and values plotted: the published values, or for a plan-period total their sum."""
        if st.is_period_total(ind) and self.result and self.result.series:
            return [y for y, _ in self.result.series], [v for _, v in self.result.series]
        return [o.year for o in self.observations], [o.value for o in self.observations]

    def _set_chart(self, ind: Indicator, result: st.IndicatorStatus, lang: str) -> None:
        has_chart = bool(self.observations) or ind.target_value is not None
        for widget in (self.chart_title, self.chart, self.chart_legend):
            widget.setVisible(has_chart)
        if not has_chart:  # nothing to plot; clear what the previous indicator left
            self.chart.set_data([], [], [], None, None, {"left": "", "bottom": tr("Year")})
            return
        years, values = self.chart_series(ind)
        texts = [st.format_value(ind, v, lang) for v in values]
        baseline = None
        aggregate = st.baseline_is_aggregate(ind)
        if ind.baseline_value is not None and ind.baseline_year is not None and not aggregate:
            baseline = (ind.baseline_year, ind.baseline_value, tr("Baseline {year}: {value}").format(
                year=ind.baseline_year, value=baseline_text(ind, lang) if ind.baseline_note
                else st.format_value(ind, ind.baseline_value, lang)))
        target = None
        if ind.target_value is not None:
            target = (ind.target_year, ind.target_value, tr("Target {year}: {value}").format(
                year=ind.target_year, value=target_text(ind, lang)))
        self.chart.set_data(years, values, texts, baseline, target,
                            {"left": ind.unit.get(lang), "bottom": tr("Year")})
        self.chart_title.setText(tr("Running total by year") if st.is_period_total(ind)
                                 else tr("Values by year"))
        legend = [tr("● line: published values") if values else tr("No published values yet")]
        if baseline:
            legend.append(tr("■ square: the plan's baseline"))
        if target:
            legend.append(tr("- - - dashed line: the target"))
        text = "   ".join(legend)
        if aggregate:  # a sum or average over several years is no point on a yearly chart
            text += "\n" + tr("The plan's baseline, {value}, covers several years, so it is not "
                              "drawn as a point; see the table below.").format(
                value=baseline_text(ind, lang))
        self.chart_legend.setText(text)

    def _set_table(self, ind: Indicator, lang: str) -> None:
        rows: list[tuple[int, int, str, str, str, str]] = []  # year, order, then the cells
        source = ind.source if lang.startswith("zh") else english_reference(ind.source)
        plan = tr("14th Five-Year Plan") + (f" · {source}" if source else "")
        if ind.baseline_value is not None:
            year = "" if ind.baseline_year is None or st.baseline_is_aggregate(ind) else str(
                ind.baseline_year)
            what = tr("Baseline") if ind.baseline_note is None else tr("Baseline: {note}").format(
                note=ind.baseline_note.get(lang))
            rows.append((ind.baseline_year or 0, 0, year,
                         st.format_value(ind, ind.baseline_value, lang), what, plan))
        running = dict(self.result.series) if self.result and st.is_period_total(ind) else {}
        for o in self.observations:
            value = st.format_value(ind, o.value, lang)
            if o.year in running:
                value += "\n" + tr("total so far: {value}").format(
                    value=st.format_value(ind, running[o.year], lang))
            source = " · ".join(p for p in (o.note.get(lang) if o.note else "", o.source or "",
                                             confidence_word(o.confidence)) if p)
            rows.append((o.year, 1, str(o.year), value, tr("Published value"), source))
        rows.append((ind.target_year, 2, str(ind.target_year), target_text(ind, lang), tr("Target"),
                     plan))
        rows.sort(key=lambda row: (row[0], row[1]))
        self.table.setHorizontalHeaderLabels([tr("Year"), tr("Value"), tr("What it is"),
                                              tr("Source")])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row[2:]):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(r, c, item)
        self.table_title.setText(tr("The numbers"))
        self._fit_table()

    def title(self) -> str:
        return (tr("Indicator {code}").format(code=self.indicator.code) if self.indicator
                else tr("Indicators"))

    def read_aloud_text(self) -> str:
        if self.indicator is None:
            return self.missing.text()
        return " ".join([self.name_label.text(), self.badge.text(), self.explanation.text()])

    @classmethod
    def screenshot_args(cls, ctx):
        """One per kind of target, plus the AQI (20), which has published values."""
        return [(code, code) for code in ("20", "23", "1", "10", "16", "25", "3")]

"""One indicator: status and how it was computed, a chart with baseline and target, the numbers."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from kiosk.data import figures as fig
from kiosk.data import sources as src
from kiosk.data import status as st
from kiosk.data.content import Indicator, Observation
from kiosk.data.planref import chinese_reference, english_reference
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
from kiosk.ui.widgets.facts import FactsBox, NumbersTable, addresses_text, source_cell
from kiosk.ui.widgets.status_badge import Boxed, StatusBadge


class IndicatorDetailScreen(Screen):
    """The detail page of one indicator (args: its code)."""

    screen_id = "indicator"
    page_per_item = True

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
        self.addresses = label(role="Small")
        self.page.addWidget(self.addresses)
        self.facts_box = FactsBox()
        self.page.addWidget(self.facts_box)
        self.source_note = label(role="Small")
        self.page.addWidget(self.source_note)
        self.page.addStretch(1)
        self.always_shown = (self.name_label, self.meta_label, self.kind_label, self.badge,
                             self.table_title, self.table, self.source_note)

        self.indicator: Indicator | None = None
        self.observations: list[Observation] = []
        self.result: st.IndicatorStatus | None = None
        self.figures: fig.IndicatorFigures | None = None
        self.shown_for: tuple = ()  # (code, language) the page shows; reload() forgets it
        self._data: dict[str, tuple] = {}  # code -> (indicator, observations, facts), this content
        self._shared: tuple | None = None  # (areas, source names) of this content
        follow_elder_mode(self, self.ctx.hub, self.apply_sizes)
        self.apply_sizes(self.ctx.state.elder_mode)

    # -- state --------------------------------------------------------------------------------------
    def open(self, args=None) -> None:
        super().open(args)
        code = str(args) if args is not None else ""
        self.scroll.scroll_to_top()
        if self.shown_for != (code, self.lang):  # the same indicator again: the page already shows it
            self.indicator = self._record(code)[0]
            self.retranslate_ui()

    def _record(self, code: str) -> tuple:
        """(indicator, observations, facts) of one code, read once per content (reload() forgets)."""
        record = self._data.get(code)
        if record is None:
            content = self.ctx.content
            ind = content.indicator(code)
            record = (ind, content.observations(code) if ind else [],
                      src.facts(content, "indicator", [code]) if ind else [])
            self._data[code] = record
        return record

    def _areas_and_names(self) -> tuple:
        if self._shared is None:
            content = self.ctx.content
            self._shared = ({a.id: a.name for a in content.areas()}, src.source_names(content))
        return self._shared

    def reload(self) -> None:
        """New content: forget what was read from the old one, then show the indicator again."""
        self._data, self._shared, self.shown_for = {}, None, ()
        self.indicator = self._record(str(self.args))[0] if self.args is not None else None
        self.retranslate_ui()

    def reset(self) -> None:
        self.scroll.scroll_to_top()

    def settle(self) -> None:
        if not self.chart.isHidden():  # a worded indicator hides it; a hidden page (warm-up) does not
            self.chart.settle()

    def apply_sizes(self, elder: bool) -> None:
        self.chart.set_sizes(resources.sizes(elder))
        self.chart.setFixedHeight(round(460 * (1.3 if elder else 1.0)))
        self._fit_table()

    def _fit_table(self) -> None:
        self.table.fit()
        self.facts_box.table.fit()

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_table()

    # -- texts ----------------------------------------------------------------------------------------
    def _show_missing(self, missing: bool) -> None:
        """An unknown code (an old link, changed content) shows a plain sentence and nothing else."""
        self.missing.setVisible(missing)
        self.missing.setText(tr("This indicator is not in the current content.") if missing else "")
        hidden = (self.explanation, self.no_data, self.chart_title, self.chart, self.chart_legend,
                  self.addresses, self.facts_box)
        for widget in self.always_shown + (hidden if missing else ()):
            widget.setVisible(not missing)

    def retranslate_ui(self) -> None:
        ind = self.indicator
        self.shown_for = (str(self.args) if self.args is not None else "", self.lang)
        self._show_missing(ind is None)
        if ind is None:
            self.observations, self.result = [], None
            return
        lang = self.lang
        _ind, self.observations, facts = self._record(ind.code)
        self.result = result = st.indicator_status(ind, self.observations)
        areas, names = self._areas_and_names()
        area = areas[ind.area].get(lang) if ind.area in areas else ""
        self.name_label.setText(ind.name.get(lang))
        self.meta_label.setText(tr("Indicator {code} · {area} · {kind} · {measure} · unit: {unit}")
                                .format(code=ind.code, area=area, kind=kind_word(ind.kind),
                                        measure=measure_word(ind), unit=ind.unit.get(lang)))
        self.kind_label.setText(kind_sentence(ind.kind))
        self.badge.set_status(result.status)
        self.explanation.setText(result.explanation(lang))
        # with nothing published the banner below says so; the explanation would only repeat it
        self.explanation.setVisible(bool(self.observations) or result.status != st.NO_DATA)
        self._set_no_data(ind, lang, facts)
        self._set_chart(ind, result, lang)
        self._set_table(ind, lang, facts, names)
        self.source_note.setText(tr(
            "Baseline and target: the Jinshan District 14th Five-Year Plan, Table 1. Published "
            "values: the source shown in each row. Values are added by district staff when "
            "official figures are released."))

    def _set_no_data(self, ind: Indicator, lang: str, facts: list) -> None:
        parts = []
        if not self.observations:
            parts.append(tr("No progress data has been published yet."))
            if facts:
                parts.append(tr("Figures published in other forms (monthly readings, thresholds, "
                                "milestones) are listed under \"Other published figures\" below."))
        if ind.measure == "qualitative" or ind.target_value is None:
            parts.append(tr("The plan's target, in its own words: \"{text}\"").format(
                text=ind.target_text.get(lang)))
        self.no_data.setText("\n".join(parts))
        self.no_data.setVisible(bool(parts))

    def chart_series(self, ind: Indicator) -> tuple[list[int], list[float]]:
        """Years and values plotted: the line through the published values and a one-year baseline."""
        figures = self.figures
        if figures is None:
            return [], []
        return [p.year for p in figures.line], [p.value for p in figures.line]

    def _set_chart(self, ind: Indicator, result: st.IndicatorStatus, lang: str) -> None:
        self.figures = figures = fig.indicator_figures(ind, self.observations, result, lang)
        has_chart = bool(self.observations) or ind.target_value is not None
        for widget in (self.chart_title, self.chart, self.chart_legend):
            widget.setVisible(has_chart)
        if not has_chart:  # nothing to plot; clear what the previous indicator left
            self.chart.clear_data()
            return
        years, values = self.chart_series(ind)
        texts = [p.text if p.kind == "published" else "" for p in figures.line]
        baseline = None
        aggregate = st.baseline_is_aggregate(ind)
        if figures.baseline is not None:
            b = figures.baseline
            baseline = (b.year, b.value, tr("Baseline {year}: {value}").format(
                year=b.year, value=b.text))
        target = None
        if ind.target_value is not None:
            target = (ind.target_year, ind.target_value, tr("Target {year}: {value}").format(
                year=ind.target_year, value=target_text(ind, lang)))
        self.chart.set_data(years, values, texts, baseline, target,
                            {"left": ind.unit.get(lang), "bottom": tr("Year")},
                            span=(st.plan_start(ind), ind.target_year))
        self.chart_title.setText(tr("Running total by year") if st.is_period_total(ind)
                                 else tr("Values by year"))
        legend = [tr("● line: published values") if figures.published else
                  tr("No published values yet")]
        if baseline:
            legend.append(tr("■ square: the plan's baseline, on the line"))
        if target:
            legend.append(tr("- - - dashed line: the target"))
        text = "   ".join(legend)
        if aggregate:  # a sum or average over several years is no point on a yearly chart
            text += "\n" + tr("The plan's baseline, {value}, covers several years, so it is not "
                              "drawn as a point; see the table below.").format(
                value=baseline_text(ind, lang))
        self.chart_legend.setText(text)

    def _set_table(self, ind: Indicator, lang: str, facts: list, names: dict) -> None:
        """Baseline, published values and target; the values are the chart's own points."""
        figures = self.figures
        rows: list[tuple[int, int, str, str, str, str]] = []  # year, order, then the cells
        source = (chinese_reference(ind.source) if lang.startswith("zh")
                  else english_reference(ind.source))
        plan = tr("14th Five-Year Plan") + (f" · {source}" if source else "")
        if ind.baseline_value is not None:
            year = "" if ind.baseline_year is None or st.baseline_is_aggregate(ind) else str(
                ind.baseline_year)
            what = tr("Baseline") if ind.baseline_note is None else tr("Baseline: {note}").format(
                note=ind.baseline_note.get(lang))
            value = (figures.baseline.text if figures and figures.baseline
                     else st.format_value(ind, ind.baseline_value, lang))
            rows.append((ind.baseline_year or 0, 0, year, value, what, plan))
        running = {p.year: p.text for p in figures.published} if (
            figures and st.is_period_total(ind)) else {}
        drawn = {p.year: p.text for p in figures.published} if figures else {}
        for o in self.observations:
            value = st.format_value(ind, o.value, lang) if running else drawn.get(
                o.year, st.format_value(ind, o.value, lang))
            if o.year in running:
                value += "\n" + tr("total so far: {value}").format(value=running[o.year])
            cell = source_cell(o.source, o.confidence, names, lang)
            note = o.note.get(lang) if o.note else ""
            rows.append((o.year, 1, str(o.year), value, tr("Published value"),
                         "\n".join(p for p in (note, cell) if p)))
        rows.append((ind.target_year, 2, str(ind.target_year), target_text(ind, lang), tr("Target"),
                     plan))
        rows.sort(key=lambda row: (row[0], row[1]))
        self.table.set_rows([tr("Year"), tr("Value"), tr("What it is"), tr("Source")],
                            [list(row[2:]) for row in rows])
        self.table_title.setText(tr("The numbers"))
        self.addresses.setText(addresses_text([o.source for o in self.observations], names, lang))
        self.addresses.setVisible(bool(self.addresses.text()))
        self.facts_box.set_facts(facts, names, lang, tr("Other published figures"))

    def title(self) -> str:
        return (tr("Indicator {code}").format(code=self.indicator.code) if self.indicator
                else tr("Indicators"))

    def read_aloud_text(self) -> str:
        if self.indicator is None:
            return self.missing.text()
        return " ".join([self.name_label.text(), self.badge.text(), self.explanation.text()])

    @classmethod
    def item_args(cls, ctx) -> list:
        """Every indicator: each has a page of its own (MainWindow.screen), made ahead (warm-up)."""
        return [i.code for i in ctx.content.indicators()]

    @classmethod
    def screenshot_args(cls, ctx):
        """One per kind of target, plus those with published values or facts (20, 21, 11)."""
        return [(code, code) for code in ("20", "21", "11", "23", "1", "10", "16", "25", "3")]

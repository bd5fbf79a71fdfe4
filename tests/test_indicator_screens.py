"""Indicator dashboard and detail pages on real widgets, checked against the database."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.data import status as st
from kiosk.data.figures import drawable_baseline
from kiosk.data.sources import source_name, source_names
from kiosk.data.status import format_value, indicator_status, is_period_total
from kiosk.i18n import tr
from kiosk.ui.widgets.status_badge import status_text
from tests.uitools import clipped, tap, visible_texts, wrong_language

# Codes and database text may be shown in the other language: the indicator codes, URLs, units.
ALLOWED = {"AQI"}


def open_indicator(kiosk, code):
    kiosk.window.show_screen("indicator", code)
    return kiosk.window.screens["indicator"]


def test_dashboard_has_a_card_per_indicator_grouped_by_area(kiosk, content):
    window = kiosk.window
    window.show_screen("indicators", None)
    screen = window.screens["indicators"]
    indicators = content.indicators()
    assert set(screen.cards) == {i.code for i in indicators} and len(screen.cards) == 32
    # the plan's Table 1 numbers 31 main indicators; 4.1 ("of which: industrial investment") is part
    # of indicator 4 and has a card of its own, but the sentence counts what the plan counts
    assert "31项主要指标" in screen.intro.text() and "32" not in screen.intro.text()
    for ind in indicators:
        card = screen.cards[ind.code]
        assert ind.name.zh in card.name_label.text()
        assert card.values[2].text()  # the target, as a number or the plan's words
        result = indicator_status(ind, content.observations(ind.code))
        assert card.badge.text() == status_text(result.status)
    # the overview counts every indicator once, by area
    counts = screen.overview.counts
    assert sum(sum(v) for v in counts.values()) == 32
    areas = [a.id for a in content.areas()]
    for i, area in enumerate(areas):
        assert sum(v[i] for v in counts.values()) == sum(1 for x in indicators if x.area == area)
    assert counts[st.ON_TRACK][areas.index("green")] == 1  # the AQI


def test_card_tap_opens_the_indicator(kiosk, qtbot):
    window = kiosk.window
    window.show_screen("indicators", None)
    tap(qtbot, window.screens["indicators"].cards["20"])
    assert window.current_id == "indicator"
    assert window.screens["indicator"].indicator.code == "20"


def test_kind_explanation_shows_once_and_can_be_brought_back(kiosk, qtbot):
    window = kiosk.window
    window.show_screen("indicators", None)
    screen = window.screens["indicators"]
    assert screen.kinds_banner.isVisible()
    tap(qtbot, screen.kinds_button)
    assert not screen.kinds_banner.isVisible()
    tap(qtbot, screen.kinds_button)
    assert screen.kinds_banner.isVisible()


def test_every_indicator_detail_matches_the_database(kiosk, content):
    names = source_names(content)
    for ind in content.indicators():
        screen = open_indicator(kiosk, ind.code)
        observations = content.observations(ind.code)
        result = indicator_status(ind, observations)
        assert screen.badge.text() == status_text(result.status), ind.code
        assert screen.explanation.text() == result.explanation_zh
        xs, ys = screen.chart.plotted()
        if is_period_total(ind):
            running, total = [], 0.0
            for o in observations:
                total += o.value
                running.append(total)
            assert ys == pytest.approx(running)
        else:  # the published values, joined through a one-year baseline (the line passes it)
            points = {o.year: o.value for o in observations}
            if drawable_baseline(ind):
                points.setdefault(ind.baseline_year, ind.baseline_value)
            assert xs == sorted(points), ind.code
            assert ys == pytest.approx([points[x] for x in sorted(points)]), ind.code
        if ind.target_value is not None:
            assert screen.chart.isVisibleTo(screen)
            assert screen.chart.target_line.isVisible()
            assert screen.chart.target_line.value() == pytest.approx(ind.target_value)
        else:
            assert result.status == st.QUALITATIVE
            assert ind.target_text.zh in screen.no_data.text()
        if not observations:
            assert screen.no_data.isVisibleTo(screen)
            assert "No progress data has been published yet" in screen.no_data.text() or \
                "尚未发布" in screen.no_data.text()
        # the table lists the baseline, every value with its source, and the target
        table = screen.table
        cells = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
        expected_rows = len(observations) + 1 + (ind.baseline_value is not None)
        assert len(cells) == expected_rows
        assert cells[-1][0] == str(ind.target_year)
        for o in observations:
            row = next(r for r in cells if r[0] == str(o.year) and r[3] != cells[-1][3])
            assert row[1].startswith(format_value(ind, o.value, "zh_CN"))
            # the source's name in the table; its address only in the detail below it
            assert source_name(o.source, names, "zh_CN") in row[3]
            assert o.source not in row[3] and o.source in screen.addresses.text()


def test_aqi_shows_its_values_baseline_and_status(kiosk, content):
    screen = open_indicator(kiosk, "20")
    assert screen.result.status == st.ON_TRACK
    assert screen.chart.plotted() == ([2017, 2020, 2022], [75.3, 88.2, 86.6])
    assert list(screen.chart.baseline_item.getData()[1]) == [88.2]
    assert not screen.no_data.isVisibleTo(screen)
    assert "86.6%" in screen.explanation.text()


def test_language_switch_rerenders_texts_and_chart_labels(kiosk, qtbot):
    window = kiosk.window
    screen = open_indicator(kiosk, "20")
    zh_axis = screen.chart.getAxis("bottom").labelText
    zh_texts = visible_texts(screen)
    assert screen.explanation.text().startswith("目标：")
    window.set_language("en")
    en_texts = visible_texts(screen)
    assert en_texts != zh_texts
    assert wrong_language(en_texts, "en", ALLOWED) == []
    assert screen.chart.getAxis("bottom").labelText == tr("Year")  # 年份 once the catalog has it
    assert zh_axis == "Year" or zh_axis != tr("Year")
    assert screen.explanation.text().startswith("Target:")
    window.show_screen("indicators", None)
    assert wrong_language(visible_texts(window.screens["indicators"]), "en", ALLOWED) == []


def test_chinese_mode_shows_no_english(kiosk):
    for screen_id, args in (("indicators", None), ("indicator", "20"), ("indicator", "3")):
        kiosk.window.show_screen(screen_id, args)
        texts = visible_texts(kiosk.window.screens[screen_id])
        assert wrong_language(texts, "zh_CN", ALLOWED) == []


def test_elder_mode_enlarges_chart_fonts(kiosk, qtbot):
    window = kiosk.window
    screen = open_indicator(kiosk, "20")
    normal = screen.chart.getAxis("left").style["tickFont"].pixelSize()
    window.set_elder_mode(True)
    assert screen.chart.getAxis("left").style["tickFont"].pixelSize() >= normal * 1.3
    window.show_screen("indicators", None)
    overview = window.screens["indicators"].overview
    assert overview.getAxis("left").style["tickFont"].pixelSize() >= normal * 1.3


def test_charts_take_no_touch_input(kiosk):
    screen = open_indicator(kiosk, "20")
    box = screen.chart.plotItem.vb
    assert box.state["mouseEnabled"] == [False, False]
    assert screen.chart.plotItem.buttonsHidden
    assert not screen.chart.plotItem.menuEnabled()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_nothing_is_clipped(kiosk, qtbot, size):
    window = kiosk.window
    window.resize(*size)
    for lang in ("en", "zh_CN"):
        window.set_language(lang)
        for elder in (False, True):
            window.set_elder_mode(elder)
            for screen_id, args in (("indicators", None), ("indicator", "20"),
                                    ("indicator", "10"), ("indicator", "3")):
                window.show_screen(screen_id, args)
                qtbot.wait(10)
                assert clipped(window) == [], (lang, elder, screen_id, args)


def test_home_does_not_import_pyqtgraph():
    import subprocess

    code = ("import sys; from kiosk.ui.screens import screen_class; screen_class('home'); "
            "import kiosk.ui.main_window; print('pyqtgraph' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


# -- review fixes -------------------------------------------------------------------------------------
HAN = "\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef“”"


def has_chinese(text: str) -> bool:
    import re

    return re.search(f"[{HAN}]", text) is not None


def test_a_unit_with_braces_is_shown_literally_on_the_target_line(qtbot):
    from kiosk.ui.charts.indicator_charts import IndicatorChart

    chart = IndicatorChart()
    qtbot.addWidget(chart)
    chart.set_data([2021], [3.0], ["3 % {of land}"], None,
                   (2025, 5.0, "Target 2025: 5 % {of land}"), {"left": "% {of land}", "bottom": "Y"})
    assert chart.target_label.toPlainText() == "Target 2025: 5 % {of land}"


def test_a_baseline_without_a_year_never_shows_none(kiosk, content):
    from kiosk.ui.screens.indicators import baseline_text

    ind = content.indicator("23")._replace(baseline_year=None)
    assert baseline_text(ind, "zh_CN") == format_value(ind, 14.2, "zh_CN")
    screen = open_indicator(kiosk, "23")
    screen.indicator = ind
    screen.retranslate_ui()
    cells = [screen.table.item(r, c).text() for r in range(screen.table.rowCount()) for c in range(4)]
    assert not any("None" in c for c in cells)
    assert "None" not in screen.chart_legend.text()


def test_an_unknown_indicator_says_so_and_back_and_home_work(kiosk):
    window = kiosk.window
    window.show_screen("indicators", None)
    screen = open_indicator(kiosk, "99")
    assert screen.indicator is None
    assert screen.missing.isVisibleTo(screen)
    assert screen.missing.text() == tr("This indicator is not in the current content.")
    for widget in (screen.name_label, screen.badge, screen.chart, screen.table, screen.explanation):
        assert not widget.isVisibleTo(screen)
    window.go_back()
    assert window.current_id == "indicators"
    open_indicator(kiosk, "nope")
    window.go_home()
    assert window.current_id == "home"
    screen = open_indicator(kiosk, "20")  # a known one afterwards shows everything again
    assert not screen.missing.isVisibleTo(screen) and screen.chart.isVisibleTo(screen)
    assert screen.name_label.isVisibleTo(screen)


def test_reset_brings_back_the_banner_and_its_button_text(kiosk, qtbot):
    kiosk.window.show_screen("indicators", None)
    screen = kiosk.window.screens["indicators"]
    tap(qtbot, screen.kinds_button)
    assert not screen.kinds_banner.isVisibleTo(screen)
    screen.reset()
    assert screen.kinds_banner.isVisibleTo(screen)
    assert screen.kinds_button.text() == tr("Got it, hide this")


def test_plan_references_render_in_english_for_every_indicator(content):
    from kiosk.data.planref import chinese_number, english_reference

    assert [chinese_number(t) for t in ("一", "十", "十二", "二十三", "一百零五", "7")] == [
        1, 10, 12, 23, 105, 7]
    assert english_reference("表1 第4行(其中); 第十章(五); 专栏3; 基线: 第一章(一) 88.2%") == (
        "Table 1, row 4 (of which); chapter 10 (5); box 3; baseline: chapter 1 (1), 88.2%")
    for ind in content.indicators():
        text = english_reference(ind.source)
        assert text.startswith("Table 1, row ") and not has_chinese(text), (ind.code, text)


def test_english_mode_shows_the_plan_reference_in_english(kiosk):
    kiosk.window.set_language("en")
    screen = open_indicator(kiosk, "20")
    sources = [screen.table.item(r, 3).text() for r in range(screen.table.rowCount())]
    assert any("Table 1, row 20" in s for s in sources)
    assert not any(has_chinese(s) for s in sources), sources


def test_a_period_aggregate_baseline_is_noted_and_not_plotted(kiosk, content):
    kiosk.window.set_language("en")
    for code, note in (("10", "2016–2020 total (3,500+)"), ("5", "2016–2020 average")):
        screen = open_indicator(kiosk, code)
        assert list(screen.chart.baseline_item.getData()[0]) == []
        assert screen.chart.baseline_label is None
        assert note in screen.chart_legend.text()
        cells = [[screen.table.item(r, c).text() for c in range(4)]
                 for r in range(screen.table.rowCount())]
        baseline = next(r for r in cells if note in r[2])
        assert baseline[0] == ""  # no single year for a five-year aggregate
        assert note in screen.explanation.text() or screen.result.status == st.NO_DATA
    kiosk.window.show_screen("indicators", None)
    card = kiosk.window.screens["indicators"].cards["10"]
    assert card.values[0].text().endswith("(2016–2020 total (3,500+))")
    forest = open_indicator(kiosk, "23")  # a single-year baseline is still a point
    assert list(forest.chart.baseline_item.getData()[1]) == [14.2]


def test_screen_styles_survive_elder_mode_switches(kiosk):
    """The screens' own roles (note box, card titles) live in the shared stylesheet, not per screen."""
    window = kiosk.window
    window.show_screen("indicators", None)
    screen = window.screens["indicators"]
    for elder in (False, True, False):
        window.set_elder_mode(elder)
        assert "NoteBox" in QApplication.instance().styleSheet() + window.elder_sheet
        assert screen.styleSheet() == window.elder_sheet  # nothing overwrites the mode's sheet


def test_chart_reuses_its_labels_and_hides_the_previous_indicators(qtbot):
    """The indicator chart keeps its text items from one indicator to the next (making them laid out
    their text each time); what the previous indicator showed must never stay on screen."""
    import pyqtgraph as pg

    from kiosk.ui import resources
    from kiosk.ui.charts.indicator_charts import IndicatorChart

    chart = IndicatorChart()
    qtbot.addWidget(chart)
    chart.set_sizes(resources.sizes(False))
    titles = {"left": "%", "bottom": "Year"}

    def shown() -> list[str]:
        return sorted(item.toPlainText() for item in chart.plotItem.items
                      if isinstance(item, pg.TextItem) and item.isVisible())

    chart.set_data([2021, 2022, 2023], [1, 2, 3], ["1.0", "2.0", "3.0"], (2020, 0.5, "Baseline 2020: 0.5"),
                   (2025, 5, "Target 2025: 5"), titles)
    assert shown() == ["1.0", "2.0", "3.0", "Baseline 2020: 0.5"]
    pool = list(chart.label_pool)
    chart.set_data([2021], [7], ["7.0"], None, None, titles)
    assert shown() == ["7.0"] and chart.drawn_labels() == [(2021.0, 7.0, "7.0")]
    assert chart.drawn_baseline() is None and chart.drawn_target() is None
    chart.set_data([2021, 2022, 2023, 2024], [1, 2, 3, 4], ["a", "", "c", "d"], (2020, 0.5, "B"), None,
                   titles)
    assert shown() == ["B", "a", "c", "d"]
    assert chart.label_pool[:3] == pool  # the same items, not new ones

"""Charts agree with the numbers beside them: values read back from the pyqtgraph items, per screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor

from kiosk.data import figures as fig
from kiosk.data import status as st
from kiosk.data.sources import facts, source_name, source_names
from kiosk.i18n import tr
from kiosk.ui.charts.shares import SHARE_COLOURS, STATUS_COLOURS
from tests.uitools import visible_texts

HAN = r"[\u3400-\u9fff]"
HALF_WIDTH_BETWEEN_HAN = re.compile(rf"{HAN}[(),:;?!]|[(),:;?!]{HAN}")


def open_screen(kiosk, qtbot, screen_id, args=None):
    kiosk.window.show_screen(screen_id, args)
    qtbot.wait(10)
    return kiosk.window.screens[screen_id]


def numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


# -- indicator detail -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_indicator_chart_draws_the_values_its_table_states(kiosk, qtbot, content, lang):
    kiosk.window.set_language(lang)
    for ind in content.indicators():
        screen = open_screen(kiosk, qtbot, "indicator", ind.code)
        xs, ys = screen.chart.plotted()
        table = {row[0]: row for row in screen.table.cells()}  # year -> cells
        labels = {round(x): (y, text) for x, y, text in screen.chart.drawn_labels()}
        for x, y in zip(xs, ys, strict=True):
            year = str(round(x))
            assert year in table, (ind.code, year)  # no point drawn that the table lacks
            if year in labels:  # a value label stands on its own point and says the table's value
                label_y, text = labels[round(x)]
                assert label_y == pytest.approx(y)
                assert text in table[year][1] or table[year][1].endswith(text), (ind.code, year)
        for row_year, row in table.items():  # every published value in the table is drawn
            if row[2] == tr("Published value") and not st.is_period_total(ind):
                assert int(row_year) in [round(x) for x in xs], (ind.code, row_year)
                drawn = ys[[round(x) for x in xs].index(int(row_year))]
                assert st.format_value(ind, drawn, lang) in row[1]
        baseline = screen.chart.drawn_baseline()
        if baseline is not None:  # the square, the line and the text all say the same value
            bx, by, text = baseline
            assert by == pytest.approx(ind.baseline_value)
            assert st.format_value(ind, by, lang) in text
            assert st.format_value(ind, by, lang) in table[str(round(bx))][1]
            assert round(bx) in [round(x) for x in xs], ind.code  # the line passes the square
            assert ys[[round(x) for x in xs].index(round(bx))] == pytest.approx(by)
        target = screen.chart.drawn_target()
        if target is not None:
            assert target == pytest.approx(ind.target_value)


def test_aqi_line_passes_through_the_baseline_it_labels(kiosk, qtbot):
    """The reported bug: the line ran below the 2020 square that said 88.2%."""
    screen = open_screen(kiosk, qtbot, "indicator", "20")
    assert screen.figures.value_at(2020) == pytest.approx(88.2)
    xs, ys = screen.chart.plotted()
    assert ys[xs.index(2020)] == pytest.approx(88.2)
    bx, by, text = screen.chart.drawn_baseline()
    assert (bx, by) == (2020, pytest.approx(88.2)) and "88.2%" in text


def test_a_baseline_over_several_years_is_not_joined_to_the_line(content):
    ind = next(i for i in content.indicators() if st.baseline_is_aggregate(i))
    figures = fig.indicator_figures(ind, [], None, "zh_CN")
    assert figures.baseline is None and figures.line == ()


# -- indicator dashboard ----------------------------------------------------------------------
def test_status_overview_bars_match_the_legend_numbers(kiosk, qtbot, content):
    screen = open_screen(kiosk, qtbot, "indicators")
    drawn = {status: sum(float(w) for w in bar.opts["width"])
             for status, bar in screen.overview.bars.items()}
    for status, badge in screen.legend_badges.items():
        stated = numbers(badge.text())[-1]
        assert drawn.get(status, 0.0) == pytest.approx(stated), status
    assert sum(drawn.values()) == len(content.indicators())


# -- 11157 and the home tile ------------------------------------------------------------------
def open_blocks(chart) -> tuple[int, int]:
    """(open, total) read from the bar colours drawn."""
    green = QColor(STATUS_COLOURS["open"]).name()
    brushes = chart.bars.opts["brushes"]
    return sum(1 for b in brushes if b.color().name() == green), len(brushes)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_sports_bars_and_captions_and_home_tile_agree(kiosk, qtbot, content, lang):
    kiosk.window.set_language(lang)
    screen = open_screen(kiosk, qtbot, "sports")
    order = (lambda a, b: [a, b]) if lang == "en" else (lambda a, b: [b, a])  # 中文: 11个中已开放0个
    drawn_open = drawn_total = 0
    for _row, caption, chart in screen.progress_rows:
        opened, total = open_blocks(chart)
        assert numbers(caption.text())[-2:] == order(opened, total), caption.text()
        drawn_open, drawn_total = drawn_open + opened, drawn_total + total
    progress = fig.programme_progress(content, "11157")
    assert (drawn_open, drawn_total) == (progress.planned_open, progress.planned_total)
    home = open_screen(kiosk, qtbot, "home")
    tile = home.tiles["sports"]
    assert numbers(tile.count_label.text()) == [drawn_open, drawn_total]
    # venues that count toward no part of 11157 are told apart, on the tile and on the screen
    others = [progress.other_total, progress.other_open]
    assert numbers(tile.text_label.text())[-2:] == others
    assert numbers(screen.others_caption.text())[-2:] == others
    assert progress.other_open > 0 and drawn_open == 0  # the case the issue saw: "3 open now"


def test_eldercare_waffle_draws_the_shares_it_states(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "eldercare")
    spots = screen.waffle.squares.points()
    colours = [QColor(p.brush().color()).name() for p in spots]
    for (part, title, _text), colour in zip(screen.share_rows, SHARE_COLOURS, strict=False):
        assert colours.count(QColor(colour).name()) == part.value
        assert f"{part.value:g}%" in title.text() or f"{part.value:g}" in title.text()


# -- sources: names on the page, addresses in the detail; full-width punctuation in Chinese -----
@pytest.mark.parametrize("code", ["20", "21", "11"])
def test_indicator_pages_name_their_sources_and_keep_addresses_apart(kiosk, qtbot, content, code):
    screen = open_screen(kiosk, qtbot, "indicator", code)
    names = source_names(content)
    items = facts(content, "indicator", [code])
    assert items and screen.facts_box.isVisibleTo(screen)
    cells = screen.facts_box.table.cells()
    assert len(cells) == len(items)
    for fact, row in zip(items, cells, strict=True):
        assert fact.value_text.zh in row[1]
        assert source_name(fact.source, names, "zh_CN") in row[3]
        assert {"high": "可信度高", "medium": "可信度中等"}[fact.confidence] in row[3]
        assert "http" not in " ".join(row)
        assert fact.source in screen.facts_box.addresses.text()
        if fact.derived:
            assert "推算" in row[1]
    for text in visible_texts(screen):
        if "http" in text:
            continue  # an address is quoted as it is
        assert not HALF_WIDTH_BETWEEN_HAN.search(text), text


def test_aqi_monthly_figures_are_shown_apart_from_the_yearly_line(kiosk, qtbot):
    screen = open_screen(kiosk, qtbot, "indicator", "20")
    xs, _ = screen.chart.plotted()
    assert 2025 not in [round(x) for x in xs]  # December 2025 is a month, not the year's share
    shown = [row[1] for row in screen.facts_box.table.cells()]
    assert "82.1%" in shown and "92.9%" in shown and "42.8微克/立方米" in shown


def test_sources_differ_are_shown_side_by_side_with_each_source(kiosk, qtbot, content):
    from kiosk.data.content import Text
    from kiosk.data.sources import Fact

    def fact(fid, value, url):
        return Fact(fid, "poi", "x", Text("2024年", "2024"), Text("高度", "Height"), None,
                    Text(value, value), False, None, "引文", "h", url, "medium")

    from kiosk.ui.widgets.facts import FactsBox

    box = FactsBox()
    qtbot.addWidget(box)
    items = [fact("a", "27米", "https://a.example/1"), fact("b", "1", "https://b.example/2"),
             fact("c", "34米", "https://c.example/3")]
    items[1] = Fact(**{**items[1].__dict__, "conflict": None})
    box.set_facts(items, {}, "zh_CN", "标题")
    rows = box.table.cells()
    assert [r[1] for r in rows] == ["27米", "34米", "1"]  # the two that disagree, together
    assert rows[0][2].startswith("来源说法不一") and rows[1][2].startswith("来源说法不一")
    assert "a.example" in rows[0][3] and "c.example" in rows[1][3]


def test_each_dashboard_card_states_the_latest_value_its_chart_draws(kiosk, qtbot, content):
    """Water (21) has a target in words: its card said "no data yet" beside a drawn 100% (2024)."""
    dashboard = open_screen(kiosk, qtbot, "indicators")
    latest_cells = {code: card.values[1].text() for code, card in dashboard.cards.items()}
    for ind in content.indicators():
        if st.is_period_total(ind):
            continue  # the chart draws the running total; the card states the year's own amount
        screen = open_screen(kiosk, qtbot, "indicator", ind.code)
        drawn = [(round(x), y) for x, y in zip(*screen.chart.plotted(), strict=True)
                 if round(x) > st.plan_start(ind) and screen.figures.value_at(round(x)) is not None
                 and any(p.year == round(x) and p.kind == "published" for p in screen.figures.line)]
        if not drawn:
            assert latest_cells[ind.code] == "暂无数据", ind.code
            continue
        year, value = drawn[-1]
        assert st.format_value(ind, value, "zh_CN") in latest_cells[ind.code], ind.code
        assert str(year) in latest_cells[ind.code], ind.code
    assert "100%" in latest_cells["21"] and "2024" in latest_cells["21"]


def test_programme_progress_counts_what_the_facility_list_holds(content_db, tmp_path):
    """SQLite's per-type counts give the blocks and the 'other places' a count of every row would."""
    import shutil
    import sqlite3
    from collections import Counter

    from kiosk.data import facilities as fac
    from kiosk.data.content import Content

    db = tmp_path / "content.sqlite"
    shutil.copy(content_db, db)
    with sqlite3.connect(db) as conn:  # blank and unusual statuses, an opened centre, more venues
        base = conn.execute("SELECT * FROM facilities WHERE type='fitness_centre' LIMIT 1").fetchone()
        names = [d[1] for d in conn.execute("PRAGMA table_info(facilities)")]
        for n, (kind, status) in enumerate([("fitness_centre", "open"), ("fitness_centre", ""),
                                            ("fitness_centre", "unknown"), ("other_sports_venue", "open"),
                                            ("other_sports_venue", "under_construction")]):
            row = dict(zip(names, base, strict=True)) | {"id": f"test-{n}", "type": kind, "status": status}
            conn.execute(f"INSERT INTO facilities ({','.join(names)}) VALUES ({','.join('?' * len(names))})",
                         [row[k] for k in names])
    content = Content(db)
    try:
        progress = fig.programme_progress(content, "11157")
        items = fac.facilities(content, "11157")
        for part in progress.parts:
            counts = fac.status_counts(items, part.part.facility_type or "")
            listed = [s for s in fac.STATUSES for _ in range(counts[s])]
            assert part.statuses[:len(listed)] == tuple(listed)
            assert part.total == max(len(listed), int(part.part.value or 0))
        counted = {p.part.facility_type for p in progress.parts}
        others = Counter(f.status for f in items if f.type not in counted)
        assert (progress.other_total, progress.other_open) == (sum(others.values()), others["open"])
        centres = next(p for p in progress.parts if p.part.facility_type == "fitness_centre")
        assert centres.open == 1 and centres.statuses.count("unknown") == 2
    finally:
        content.close()

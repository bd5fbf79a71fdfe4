"""The charts' axes reuse the pictures they drew before, and never show a picture that no longer fits."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from kiosk.ui import resources

TITLES = {"left": "%", "bottom": "Year"}
# (years, values, value texts, baseline, target): three indicators with different ranges and ticks
DATA = {
    "forest": ([2021, 2022, 2023], [15.0, 15.4, 15.9], ["15.0", "15.4", "15.9"],
               (2020, 14.2, "Baseline 2020: 14.2"), (2025, 16.5, "Target 2025: 16.5")),
    "visitors": ([2021, 2022], [1180.0, 2400.0], ["1,180", "2,400"], None, (2025, 6000.0, "Target: 6,000")),
    "aqi": ([2022], [86.6], ["86.6"], (2020, 88.2, "Baseline 2020: 88.2"), (2025, 85.0, "Target: 85")),
}


def chart_for(qtbot, keep: int | None = None):
    """An indicator chart; keep=0 makes its axes draw every time, exactly as pyqtgraph's own do."""
    from kiosk.ui.charts.indicator_charts import IndicatorChart

    chart = IndicatorChart()
    qtbot.addWidget(chart)
    if keep is not None:
        for name in ("left", "bottom"):
            chart.getAxis(name).keep = keep
    chart.set_sizes(resources.sizes(False))
    chart.resize(900, 460)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def picture(chart, name: str) -> QImage:
    chart.set_data(*DATA[name], TITLES, span=(2021, 2025))
    return chart.grab().toImage()


@pytest.fixture
def drawn_specs(monkeypatch):
    """The axes that laid their ticks out (what a kept picture saves), one entry per layout."""
    import pyqtgraph as pg

    calls: list = []
    original = pg.AxisItem.generateDrawSpecs

    def counting(self, p):
        calls.append(self)
        return original(self, p)

    monkeypatch.setattr(pg.AxisItem, "generateDrawSpecs", counting)
    return calls


def test_kept_axis_pictures_look_exactly_like_drawing_them_again(qtbot, drawn_specs):
    """Two charts with the same history, one keeping its axis pictures and one drawing them every
    time: every picture is the same, through revisits, an elder switch and a narrower window."""
    kept, drawn = chart_for(qtbot), chart_for(qtbot, keep=0)
    axes = [kept.getAxis("left"), kept.getAxis("bottom")]

    def both(name: str) -> None:
        assert picture(kept, name) == picture(drawn, name), name

    for name in DATA:
        both(name)
    assert any(a in drawn_specs for a in axes), "the first visits draw their axes"
    drawn_specs.clear()
    for name in ("forest", "aqi", "visitors", "forest"):
        both(name)
    assert not any(a in drawn_specs for a in axes), "charts shown before come from kept pictures"
    assert any(a not in axes for a in drawn_specs), "the other chart drew its axes again"

    for chart in (kept, drawn):
        chart.set_sizes(resources.sizes(True))  # elder mode: a larger tick font
    for name in DATA:
        both(name)
    for chart in (kept, drawn):
        chart.resize(700, 460)
    qtbot.waitUntil(lambda: kept.plotItem.vb.width() < 650 and drawn.plotItem.vb.width() < 650)
    for name in DATA:
        both(name)
    assert picture(kept, "forest").width() == 700


def test_the_kept_pictures_are_bounded(qtbot):
    from kiosk.ui.charts import axis as axis_module

    chart = chart_for(qtbot)
    left = chart.getAxis("left")
    for i in range(axis_module.KEEP + 20):
        chart.set_data([2021], [float(i + 1)], [str(i)], None, None, TITLES)
        chart.grab()
    assert len(left.kept_pictures) == axis_module.KEEP


def test_an_error_while_keying_draws_the_axis_as_pyqtgraph_does(qtbot, monkeypatch):
    """An exception out of the axis's paint() crashed the warm-up's off-screen draw (a segfault in
    shiboken): the axis falls back to pyqtgraph's own drawing instead."""
    from kiosk.ui.charts.axis import RememberingAxis

    chart, drawn = chart_for(qtbot), chart_for(qtbot, keep=0)
    for name in ("forest", "aqi"):
        picture(chart, name)
        picture(drawn, name)

    def broken(self):
        raise RuntimeError("key")

    monkeypatch.setattr(RememberingAxis, "picture_key", broken)
    assert picture(chart, "forest") == picture(drawn, "forest")
    monkeypatch.setattr(RememberingAxis, "picture_key", lambda self: ({"unhashable": 1},))
    assert picture(chart, "aqi") == picture(drawn, "aqi")


def test_a_chart_fills_its_background_once_and_looks_as_pyqtgraph_draws_it(qtbot):
    """pyqtgraph keeps the plot's background in a cached pixmap that every new range throws away (a
    fill and a blit), and the view's viewport filled the same area first: ~1 ms of a change between
    indicators. With one fill the chart must look exactly as with pyqtgraph's own settings."""
    from PySide6.QtWidgets import QGraphicsView

    ours, theirs = chart_for(qtbot), chart_for(qtbot)
    theirs.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)  # pyqtgraph's default
    theirs.viewport().setAutoFillBackground(True)
    assert ours.cacheMode() == QGraphicsView.CacheModeFlag.CacheNone
    assert not ours.viewport().autoFillBackground()
    for name in ("forest", "visitors", "aqi", "forest"):
        assert picture(ours, name) == picture(theirs, name), name

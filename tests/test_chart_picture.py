"""Charts shown again paint the picture they kept (the same pixels as pyqtgraph's own paint, with
none of its item paints) until something in the chart changes."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from kiosk.ui.charts.axis import RememberingAxis


@pytest.fixture
def axis_paints(monkeypatch):
    """Every paint of a chart axis: pyqtgraph painting the scene (a kept picture paints none)."""
    calls: list = []
    original = RememberingAxis.paint

    def counting(self, p, opt, widget):
        calls.append(self)
        return original(self, p, opt, widget)

    monkeypatch.setattr(RememberingAxis, "paint", counting)
    return calls


def shown_chart(kiosk, qtbot, screen_id: str, args, kind: str):
    window = kiosk.window
    window.ctx.hub.navigate.emit(screen_id, args)
    charts = [c for c in window.stack.currentWidget().findChildren(pg.GraphicsView) if c.isVisible()]
    chart = next(c for c in charts if type(c).__name__ == kind)
    qtbot.waitUntil(chart.has_picture)  # taken right after its first paint
    return chart


def as_painted_by_pyqtgraph(window, chart) -> QImage:
    chart.keeps_picture = False
    try:
        return window.grab().toImage()
    finally:
        del chart.keeps_picture  # the instance's flag again (set by keep_picture)


@pytest.mark.parametrize(("screen_id", "args", "kind", "pixels"), [
    ("indicators", None, "StatusOverviewChart", True),
    ("indicator", "20", "IndicatorChart", False),
])
def test_a_chart_shown_again_paints_its_kept_picture_the_same(kiosk, qtbot, axis_paints,
                                                              screen_id, args, kind, pixels):
    window = kiosk.window
    chart = shown_chart(kiosk, qtbot, screen_id, args, kind)
    assert chart.picture_in_pixels is pixels
    made = chart.pictures_made
    window.ctx.hub.navigate.emit("home", None)
    window.ctx.hub.navigate.emit(screen_id, args)
    axis_paints.clear()
    kept = window.grab().toImage()
    assert axis_paints == [] and chart.pictures_made == made  # the picture, not the scene
    fresh = as_painted_by_pyqtgraph(window, chart)
    assert axis_paints  # ... which pyqtgraph paints item by item
    assert kept == fresh


def test_a_chart_that_changed_is_painted_again_and_keeps_the_new_picture(kiosk, qtbot, axis_paints):
    window = kiosk.window
    chart = shown_chart(kiosk, qtbot, "indicators", None, "StatusOverviewChart")
    made = chart.pictures_made
    chinese = window.grab().toImage()
    window.set_language("en")  # axis titles and area names change in the scene
    qtbot.waitUntil(lambda: chart.pictures_made > made and chart.has_picture())
    english = window.grab().toImage()
    assert english != chinese
    assert english == as_painted_by_pyqtgraph(window, chart)


def test_a_hidden_page_keeps_no_picture_until_shown(kiosk, qtbot):
    """The warm-up paints hidden pages into a throwaway image with updates on for a moment: no
    picture is taken of a page nobody sees (the first paint on screen takes it)."""
    from kiosk.ui.warmup import Warmup

    window = kiosk.window
    warmup = Warmup(window)
    widget = window.screen("sports")
    window.style_screen(widget)
    window.translate_screen(widget)
    widget.open(None)
    warmup.paint_hidden(widget)
    qtbot.wait(20)
    blocks = widget.findChildren(pg.GraphicsView)
    assert blocks and not any(c.has_picture() for c in blocks)
    window.ctx.hub.navigate.emit("sports", None)  # the blocks above the fold are painted: kept
    qtbot.waitUntil(lambda: any(c.has_picture() for c in blocks))

"""Indicator charts for a touch kiosk: a status overview by area and one indicator's years.

Both are pyqtgraph PlotWidgets with mouse interaction, the auto-range button and the context menu
switched off, fonts from the bundled family at kiosk pixel sizes, and every colour paired with a
word or glyph. Run this module for a demo: `python -m kiosk.ui.charts.indicator_charts`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics

from kiosk.ui import resources
from kiosk.ui.charts.axis import RememberingAxis
from kiosk.ui.charts.picture import KeptPicture

pg.setConfigOptions(antialias=True, background="w", foreground="k")

TEXT = "#1a1a1a"
SERIES = "#0b5cad"
BASELINE = "#4a5560"
TARGET = "#b3261e"


def chart_font(px: int, bold: bool = False) -> QFont:
    font = QFont(resources.load_fonts())
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def _no_si_prefix(axis: pg.AxisItem) -> None:
    """Ticks show the real values, never "(x0.001)" (pyqtgraph 0.14 keeps a stale scale otherwise)."""
    axis.enableAutoSIPrefix(False)
    axis.autoSIPrefixScale = 1.0
    axis.labelUnitPrefix = ""
    axis._updateLabel()
    axis.picture = None
    axis.update()


class KioskPlot(KeptPicture, pg.PlotWidget):
    """A plot nobody can pan, zoom or right-click, with large axis text."""

    def __init__(self, parent=None):
        super().__init__(parent, axisItems={"left": RememberingAxis("left"),
                                            "bottom": RememberingAxis("bottom")})
        # One fill of the plot's background per paint: pyqtgraph keeps it in a cached pixmap that
        # every new range throws away (a fill and a blit), and the viewport filled it once more.
        self.setCacheMode(pg.QtWidgets.QGraphicsView.CacheModeFlag.CacheNone)
        self.viewport().setAutoFillBackground(False)
        self.setMouseEnabled(False, False)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.plotItem.vb.setMouseEnabled(False, False)
        self.keep_picture(pixels=False)  # a recording: see charts/picture.py
        for name in ("top", "right"):  # hidden axes: else each range change re-lays their empty label
            self.getAxis(name).enableAutoSIPrefix(False)
        self.sizes = resources.sizes(False)
        self._axis_titles: dict[str, str] = {}
        self._labels_set: dict[str, tuple] = {}  # axis -> (escaped title, style) it shows now

    def settle(self) -> None:
        """Apply what pyqtgraph leaves for paint time now (view ranges, item transforms, the scene's
        queued dirty items), so the page's one paint draws the chart as it is: else the first paint
        drew it and the scene asked for a second one right after (~3 ms of each indicator change)."""
        for name in ("left", "bottom"):
            self.getAxis(name).prepare_picture()  # may widen the axis: the plot is laid out again
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        scene = self.scene()
        scene.prepareForPaint()
        QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)

    def wheelEvent(self, event):  # noqa: N802 - Qt override: let the page scroll instead
        event.ignore()

    def set_sizes(self, sizes: dict[str, int]) -> None:
        """Apply kiosk pixel sizes (normal or elder) to ticks, axis titles and labels."""
        self.sizes = sizes
        font = chart_font(sizes["body"])
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setStyle(tickFont=font, tickLength=8, tickTextOffset=8)
            _no_si_prefix(axis)
            axis.setPen(pg.mkPen(TEXT, width=2))
            axis.setTextPen(pg.mkPen(TEXT))
        self._labels_set = {}
        self.set_axis_titles(**self._axis_titles)

    def set_axis_titles(self, **titles: str) -> None:
        """Axis titles as escaped text (titles may come from the database); an axis whose title and
        style are unchanged is left alone (each setLabel re-laid the axis out and redrew it)."""
        self._axis_titles = dict(titles)
        style = {"color": TEXT, "font-size": f"{self.sizes['small']}px",
                 "font-family": resources.load_fonts()}
        for name, text in titles.items():
            wanted = (html.escape(text), tuple(style.items()))
            if self._labels_set.get(name) == wanted:
                continue
            self.setLabel(name, wanted[0], **style)
            _no_si_prefix(self.getAxis(name))
            self._labels_set[name] = wanted

    def text_item(self, text: str, anchor=(0.5, 0.5), bold: bool = False,
                  size: str = "small", color: str = TEXT) -> pg.TextItem:
        item = pg.TextItem(color=color, anchor=anchor)
        item.setFont(chart_font(self.sizes[size], bold))
        item.setText(text)  # plain text, never HTML
        self.addItem(item)
        return item


def _set_label(item: pg.TextItem, text: str, x: float, y: float) -> None:
    """Show a kept label with this text at this point (TextItem lays its text out only if it changed)."""
    item.setText(text)  # plain text, never HTML
    item.setPos(x, y)
    item.setVisible(True)


class StatusOverviewChart(KioskPlot):
    """Horizontal stacked bars: for each area, how many indicators are in each status."""

    def __init__(self, colours: dict[str, str], glyphs: dict[str, str], parent=None):
        super().__init__(parent)
        self.colours, self.glyphs = colours, glyphs
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.labels: list[pg.TextItem] = []
        self.counts: dict[str, list[int]] = {}
        self.area_names: list[str] = []
        self.showGrid(x=True, y=False, alpha=0.25)
        self.keep_picture(pixels=True)  # the list's one chart, for every visitor (charts/picture.py)

    def set_data(self, area_names: Sequence[str], counts: dict[str, list[int]],
                 x_title: str) -> None:
        """counts: status -> one count per area (in area order), stacked in the dict's order."""
        for item in list(self.bars.values()) + self.labels:
            self.removeItem(item)
        self.bars, self.labels = {}, []
        self.area_names, self.counts = list(area_names), {k: list(v) for k, v in counts.items()}
        n = len(area_names)
        ys = [n - 1 - i for i in range(n)]  # first area on top
        left = [0] * n
        for status, values in counts.items():
            if not any(values):
                continue
            bar = pg.BarGraphItem(x0=list(left), y=ys, width=list(values), height=0.62,
                                  brush=pg.mkBrush(self.colours[status]),
                                  pen=pg.mkPen("#ffffff", width=2))
            self.addItem(bar)
            self.bars[status] = bar
            for i, v in enumerate(values):
                if v:
                    self.labels.append(self._segment_label(status, v, left[i] + v / 2, ys[i]))
                    left[i] += v
        total = max(left + [1])
        self.getAxis("left").setTicks([[(y, name) for y, name in zip(ys, area_names, strict=True)]])
        step = 1 if total <= 10 else 2
        self.getAxis("bottom").setTicks([[(v, str(v)) for v in range(0, total + 1, step)]])
        self.setXRange(0, total, padding=0.06)  # room for the last tick label
        self.setYRange(-0.6, n - 0.4, padding=0)
        self._fit_left_axis()
        self.set_axis_titles(bottom=x_title)

    def _segment_label(self, status: str, count: int, x: float, y: float) -> pg.TextItem:
        dark = QColor(self.colours[status]).lightness() < 150
        item = self.text_item(f"{self.glyphs[status]} {count}", bold=True,
                              color="#ffffff" if dark else TEXT)
        item.setPos(x, y)
        return item

    def _fit_left_axis(self) -> None:
        # Measure with the tick font itself: pyqtgraph silently drops a tick label that does not fit.
        metrics = QFontMetrics(chart_font(self.sizes["body"]))
        widest = max((metrics.horizontalAdvance(n) for n in self.area_names), default=40)
        self.getAxis("left").setWidth(widest + 32)

    def set_sizes(self, sizes: dict[str, int]) -> None:
        super().set_sizes(sizes)
        for item in self.labels:
            item.setFont(chart_font(sizes["small"], True))
        if self.area_names:
            self._fit_left_axis()


class IndicatorChart(KioskPlot):
    """One indicator: its yearly values, the baseline point and a dashed, labelled target line."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.showGrid(x=False, y=True, alpha=0.25)
        self.series_item = pg.PlotDataItem(
            pen=pg.mkPen(SERIES, width=4), symbol="o", symbolSize=16,
            symbolBrush=pg.mkBrush(SERIES), symbolPen=pg.mkPen("#ffffff", width=2))
        self.baseline_item = pg.ScatterPlotItem(
            symbol="s", size=18, brush=pg.mkBrush(BASELINE), pen=pg.mkPen("#ffffff", width=2))
        self.target_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen(TARGET, width=3, style=Qt.PenStyle.DashLine))
        self.target_label = pg.InfLineLabel(self.target_line, "", position=0.98,
                                            anchors=[(1, 1), (1, 1)], color=TARGET)
        for item in (self.series_item, self.baseline_item, self.target_line):
            self.addItem(item)
        # Text items are kept and reused from one indicator to the next: making a TextItem and
        # setting its font lays its text out each time (~12% of a change to another indicator).
        self.label_pool: list[pg.TextItem] = []  # value labels, the first len(value_labels) in use
        self.value_labels: list[pg.TextItem] = []
        self.baseline_label: pg.TextItem | None = None
        self._baseline_item_label: pg.TextItem | None = None  # made at the first baseline

    def set_data(self, years: Sequence[int], values: Sequence[float],
                 value_texts: Sequence[str], baseline: tuple[int, float, str] | None,
                 target: tuple[int, float, str] | None, titles: dict[str, str],
                 span: tuple[int, int] | None = None) -> None:
        """Plot the series (a text per point; "" for none), the baseline (year, value, label), target."""
        self.series_item.setData(list(years), list(values))
        self.value_labels = []
        for x, y, text in zip(years, values, value_texts, strict=True):
            if not text:  # e.g. the baseline on the line carries its own label
                continue
            item = self._pooled_label(len(self.value_labels))
            _set_label(item, text, x, y)
            self.value_labels.append(item)
        for item in self.label_pool[len(self.value_labels):]:
            item.setVisible(False)
        if baseline:
            self.baseline_item.setData([baseline[0]], [baseline[1]])
            if self._baseline_item_label is None:
                self._baseline_item_label = self.text_item("", anchor=(0, -0.3), color=BASELINE)
            self.baseline_label = self._baseline_item_label
            _set_label(self.baseline_label, baseline[2], baseline[0], baseline[1])
        else:
            self.baseline_item.setData([], [])
            self.baseline_label = None
            if self._baseline_item_label is not None:
                self._baseline_item_label.setVisible(False)
        self.target_line.setVisible(target is not None)
        if target:
            self.target_line.setValue(target[1])
            # InfLineLabel runs str.format on its text: braces from the database must stay literal
            self.target_label.setFormat(target[2].replace("{", "{{").replace("}", "}}"))
        self.set_axis_titles(**titles)
        self._set_ranges(years, values, baseline, target, span)

    def clear_data(self) -> None:
        """Show nothing (for an indicator without a chart, which hides it), keeping the axes' titles
        and ranges: changing them re-laid the whole plot out, and again when the next chart came."""
        self.set_data([], [], [], None, None, self._axis_titles)

    def _pooled_label(self, index: int) -> pg.TextItem:
        """The index-th value label, made (in the current sizes) the first time it is needed."""
        while len(self.label_pool) <= index:
            self.label_pool.append(self.text_item("", anchor=(0.5, 1.3), bold=True, color=SERIES))
        return self.label_pool[index]

    def _set_ranges(self, years, values, baseline, target, span=None) -> None:
        xs = list(years) + ([baseline[0]] if baseline else [])
        xs += [target[0] - 5, target[0]] if target else []  # always the whole plan period
        xs += list(span) if span and xs else []
        ys = list(values) + ([baseline[1]] if baseline else []) + ([target[1]] if target else [])
        if not xs:
            return
        first, last = min(xs), max(xs)
        self.getAxis("bottom").setTicks([[(y, str(y)) for y in range(first, last + 1)]])
        self.setXRange(first - 0.6, last + 0.6, padding=0)
        low, high = min(ys + [0.0]), max(ys)
        span = (high - low) or abs(high) or 1.0
        self.setYRange(low, high + span * 0.25, padding=0.02)

    def _style_labels(self) -> None:
        self.target_label.setFont(chart_font(self.sizes["small"], True))
        for item in self.label_pool:
            item.setFont(chart_font(self.sizes["small"], True))
        if self._baseline_item_label is not None:
            self._baseline_item_label.setFont(chart_font(self.sizes["small"]))

    def set_sizes(self, sizes: dict[str, int]) -> None:
        super().set_sizes(sizes)
        self._style_labels()
        self.series_item.setSymbolSize(20 if sizes["body"] > 24 else 16)

    def plotted(self) -> tuple[list[float], list[float]]:
        """The series as plotted (for tests and read-aloud)."""
        xs, ys = self.series_item.getData()
        return ([] if xs is None else list(xs)), ([] if ys is None else list(ys))

    def drawn_labels(self) -> list[tuple[float, float, str]]:
        """Each value label with the point it stands at, read back from the scene (for tests)."""
        return [(item.pos().x(), item.pos().y(), item.toPlainText()) for item in self.value_labels]

    def drawn_baseline(self) -> tuple[float, float, str] | None:
        """The baseline square's point and its label, read back from the scene (for tests)."""
        xs, ys = self.baseline_item.getData()
        if xs is None or not len(xs) or self.baseline_label is None:
            return None
        return float(xs[0]), float(ys[0]), self.baseline_label.toPlainText()

    def drawn_target(self) -> float | None:
        return float(self.target_line.value()) if self.target_line.isVisible() else None


def demo() -> None:  # pragma: no cover - manual look
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    app = QApplication.instance() or QApplication([])
    host = QWidget()
    layout = QVBoxLayout(host)
    overview = StatusOverviewChart({"a": "#1b6e3a", "b": "#c3cbd3"}, {"a": "✓", "b": "○"})
    overview.set_sizes(resources.sizes(False))
    overview.set_data(["Economy", "Green"], {"a": [1, 2], "b": [5, 3]}, "Indicators")
    chart = IndicatorChart()
    chart.set_sizes(resources.sizes(False))
    chart.set_data([2021, 2022], [15.0, 15.4], ["15%", "15.4%"], (2020, 14.2, "Baseline 14.2%"),
                   (2025, 16.5, "Target 2025: 16.5%"), {"left": "%", "bottom": "Year"})
    layout.addWidget(overview)
    layout.addWidget(chart)
    host.resize(1000, 900)
    host.show()
    app.exec()


if __name__ == "__main__":  # pragma: no cover
    demo()

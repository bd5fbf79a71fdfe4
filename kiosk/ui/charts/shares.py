"""Charts for the programme screens: a 10x10 waffle of shares (9073) and unit-block progress bars."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.charts.picture import KeptPicture

SHARE_COLOURS = ("#0b5cad", "#1b7f3b", "#b35900")  # blue, green, orange: distinct, >= 4.5:1 on white
STATUS_COLOURS = {"open": "#1b7f3b", "under_construction": "#b35900", "planned": "#d5dde5",
                  "unknown": "#eeeeee"}


def _static(widget: pg.GraphicsView) -> None:
    """No pan, zoom or menus; touches pass through so the page scrolls over the chart."""
    widget.setBackground(None)
    widget.setStyleSheet("background: transparent; border: 0px;")
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setInteractive(False)


class WaffleChart(KeptPicture, pg.GraphicsLayoutWidget):
    """100 squares, one per 100 older people, coloured by share (90 / 7 / 3)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        _static(self)
        self.ci.setContentsMargins(0, 0, 0, 0)
        self.view = self.addViewBox(lockAspect=True, enableMouse=False, enableMenu=False)
        self.view.invertY(True)
        self.squares = pg.ScatterPlotItem(pxMode=False, symbol="s", size=0.86, pen=None)
        self.view.addItem(self.squares)
        self.view.setRange(xRange=(-0.6, 9.6), yRange=(-0.6, 9.6), padding=0)
        self.counts: list[int] = []
        self.keep_picture()

    def set_shares(self, values: list[float], colours: tuple[str, ...] = SHARE_COLOURS) -> None:
        counts = [max(0, round(v)) for v in values]
        self.counts = counts
        spots, cell = [], 0
        for count, colour in zip(counts, colours, strict=False):
            for _ in range(count):
                if cell >= 100:
                    break
                spots.append({"pos": (cell % 10, cell // 10), "brush": pg.mkBrush(colour)})
                cell += 1
        while cell < 100:
            spots.append({"pos": (cell % 10, cell // 10), "brush": pg.mkBrush("#eeeeee")})
            cell += 1
        self.squares.setData(spots)


class BlockProgress(KeptPicture, pg.PlotWidget):
    """One block per planned facility, coloured by its status: '3 of 11 open' at a glance."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        _static(self)
        self.plot_item = self.getPlotItem()
        self.plot_item.hideAxis("left")
        self.plot_item.hideAxis("bottom")
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.layout.setContentsMargins(0, 0, 0, 0)
        self.plot_item.getViewBox().setDefaultPadding(0)
        self.plot_item.getViewBox().setMouseEnabled(False, False)
        self.bars: pg.BarGraphItem | None = None
        self.statuses: list[str] = []
        self.keep_picture()

    def set_blocks(self, statuses: list[str], scale: int = 0) -> None:
        """statuses: one entry per block, e.g. ['open', 'planned', ...]; scale: blocks the width holds."""
        self.statuses = list(statuses)
        if self.bars is not None:
            self.plot_item.removeItem(self.bars)
        n = max(1, len(statuses))
        self.bars = pg.BarGraphItem(
            x0=[i + 0.04 for i in range(n)], y0=[0.05] * n, width=0.92, height=0.9,
            brushes=[pg.mkBrush(STATUS_COLOURS.get(s, "#eeeeee")) for s in statuses] or None,
            pens=[pg.mkPen("#4a5560", width=1) for _ in range(n)])
        self.plot_item.addItem(self.bars)
        self.plot_item.getViewBox().setRange(xRange=(0, max(n, scale)), yRange=(0, 1), padding=0)

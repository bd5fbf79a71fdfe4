"""A pyqtgraph axis that keeps the pictures it drew, so going back to a chart does not redraw them.

pyqtgraph's AxisItem records its ticks and tick labels in a QPicture and throws the picture away on
every range, size or style change; laying out the tick labels again was the largest single part of
changing to another indicator (~17% of a page change). The kiosk shows a few dozen different charts,
so the axis keeps the last pictures it made, keyed by everything pyqtgraph reads while making one.
A kept picture is the same recording, played again: the output is the same pixels.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

import pyqtgraph as pg
from pyqtgraph import Point
from PySide6.QtGui import QFont, QPainter, QPen, QPicture

log = logging.getLogger(__name__)

KEEP = 200  # pictures per axis; each is a short list of recorded drawing commands (a few kB)


def _pen_key(pen: QPen) -> tuple:
    return (pen.color().rgba(), pen.widthF(), pen.style().value, pen.isCosmetic(),
            pen.capStyle().value, tuple(pen.dashPattern()))


def _style_value(value) -> object:
    if isinstance(value, QFont):
        return value.toString()
    if isinstance(value, list | tuple):
        return tuple(_style_value(v) for v in value)
    return value


def _rect_key(rect) -> tuple:
    return (rect.x(), rect.y(), rect.width(), rect.height())


class RememberingAxis(pg.AxisItem):
    """An AxisItem that reuses the picture it drew before for the same range, size, ticks and style."""

    def __init__(self, *args, **kwargs):
        self.kept_pictures: OrderedDict[tuple, tuple] = OrderedDict()
        self.keep = KEEP  # 0: draw every time, as pyqtgraph does (tests compare the two)
        self._text_size: float | None = None
        super().__init__(*args, **kwargs)

    def _updateMaxTextSize(self, x):  # noqa: N802 - pyqtgraph override
        # the tick labels' size reported while a picture is made: replayed with the kept picture,
        # because pyqtgraph widens the axis from it
        self._text_size = x
        super()._updateMaxTextSize(x)

    def picture_key(self) -> tuple:
        """Everything generateDrawSpecs and drawPicture read (pyqtgraph 0.14)."""
        view = self.linkedView()
        tick_bounds = None
        if view is not None and self.grid is not False:
            tick_bounds = _rect_key(view.mapRectToItem(self, view.boundingRect()))
        origin, right, down = (self.mapToDevice(Point(x, y)) for x, y in ((0, 0), (1, 0), (0, 1)))
        scale = None if origin is None else tuple(  # how many ticks fit follows the pixels per unit
            (v.x(), v.y()) for v in (right - origin, down - origin))
        return (self.orientation, tuple(self.range), _rect_key(self.mapRectFromParent(self.geometry())),
                _rect_key(self.boundingRect()), tick_bounds, self.grid, scale, self.scale,
                self.autoSIPrefixScale, self.logMode, self._tickDensity, repr(self._tickSpacing),
                repr(self._tickLevels), tuple((k, _style_value(v)) for k, v in sorted(self.style.items())),
                _pen_key(self.pen()), _pen_key(self.textPen()), _pen_key(self.tickPen()))

    def prepare_picture(self) -> bool:
        """Make the picture (or take the kept one) now, before the paint: its tick labels may widen
        the axis, and a width changed while painting laid the chart out and painted it a second
        time. False: the key could not be made; paint as pyqtgraph does."""
        if self.picture is not None:
            return True
        try:
            key = self.picture_key()
            kept = self.kept_pictures.get(key)  # hashing the key is part of what may fail
        except Exception:  # noqa: BLE001 - one out of paint() crashed the warm-up: draw as pyqtgraph
            log.exception("axis picture key")
            return False
        if kept is None:
            self._text_size = None
            picture = self._record()
            self.kept_pictures[key] = (picture, self._text_size)
            if len(self.kept_pictures) > self.keep:
                self.kept_pictures.popitem(last=False)
        else:
            self.kept_pictures.move_to_end(key)
            picture, text_size = kept
            if text_size is not None:
                super()._updateMaxTextSize(text_size)  # as drawing it did: may widen the axis
        self.picture = picture  # after the size: pyqtgraph's _updateWidth drops the picture
        return True

    def _record(self) -> QPicture:
        """The axis's drawing recorded, as pyqtgraph 0.14's AxisItem.paint records it."""
        picture = QPicture()
        painter = QPainter(picture)
        try:
            if self.style["tickFont"]:
                painter.setFont(self.style["tickFont"])
            specs = self.generateDrawSpecs(painter)
            if specs is not None:
                self.drawPicture(painter, *specs)
        finally:
            painter.end()
        return picture

    def paint(self, p, opt, widget):
        if self.prepare_picture():
            self.picture.play(p)
        else:
            super().paint(p, opt, widget)

"""Charts that paint their last picture again while nothing in them has changed.

A chart's page shown again (the indicators list, an indicator's kept page, sports) painted the whole
pyqtgraph scene once more: every item's Python paint, the axes' recordings, the bars' pictures, the
text items (~2.5–4 ms of a page change). The scene tells its views when anything in it changes
(QGraphicsScene.changed); until then the chart's viewport shows the same thing, so the chart keeps
what it painted and paints that again. Two kinds of keeping:
- pixels (a QPixmap: a blit, ~0.2 ms; ~3 MB for a chart as wide as the screen) for the charts of
  screens that are one page for every visitor: the indicators list's overview, sports' progress
  blocks, the 9073 waffle;
- a recording (a QPicture of the drawing commands: ~0.6–1 ms to play, ~20 kB) for an indicator's
  chart, one on each of the 31 kept indicator pages (pixels would be ~100 MB).
Both are the same pixels as pyqtgraph's own paint (tests/test_chart_picture.py).

The picture is taken from the viewport painted as pyqtgraph paints it, right after a paint that had
none (a zero timer): inside the paint, rendering the viewport again would end the redirection of a
grab of the page around the chart (the warm-up's, the screenshots'), and QGraphicsView.render()
clips a pixel column differently.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QPainter, QPicture, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea


class KeptPicture:
    """Mixin for a pyqtgraph GraphicsView: call keep_picture() once the view is built."""

    keeps_picture = False  # until keep_picture(): paint as pyqtgraph does

    def keep_picture(self, pixels: bool = True) -> None:
        """pixels: keep a pixmap (fastest, most memory), else a recording of the drawing."""
        self.keeps_picture = True
        self.picture_in_pixels = pixels
        self._picture: QPixmap | QPicture | None = None
        self._picture_for: tuple = ()
        self._picture_due = False
        self._painting_for_picture = False
        self.pictures_made = 0  # how often the scene was painted into a picture (tests)
        self.scene().changed.connect(self.forget_picture)

    def forget_picture(self, *_args) -> None:
        """Something in the scene changed: the next paint draws the scene again."""
        self._picture = None

    def has_picture(self) -> bool:
        """A picture is kept and fits the viewport as it is now."""
        return self._picture is not None and self._picture_for == self._picture_key()

    def _picture_key(self) -> tuple:
        viewport = self.viewport()
        return viewport.size().toTuple(), viewport.devicePixelRatioF()

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        """QGraphicsView tells the scene the window was activated each time the view is shown, and
        deactivated each time it is hidden: every item then repaints (for an active or inactive
        palette these charts never draw with), which dropped the picture on every page change. For
        Show and Hide that is all QGraphicsView.viewportEvent does before QAbstractScrollArea's."""
        if self.keeps_picture and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            return QAbstractScrollArea.viewportEvent(self, event)
        return super().viewportEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.keeps_picture or self._painting_for_picture:
            super().paintEvent(event)
            return
        if self.has_picture():
            painter = QPainter(self.viewport())
            if isinstance(self._picture, QPixmap):
                painter.drawPixmap(0, 0, self._picture)
            else:
                painter.drawPicture(0, 0, self._picture)
            painter.end()
            return
        super().paintEvent(event)
        if not self._picture_due:
            self._picture_due = True
            QTimer.singleShot(0, self._make_picture)

    def _make_picture(self) -> None:
        """Paint the viewport as pyqtgraph paints it into the picture, once the event loop is back."""
        self._picture_due = False
        viewport = self.viewport()
        if viewport.width() <= 0 or viewport.height() <= 0 or not viewport.updatesEnabled():
            return  # a hidden page (its updates are off): the next paint on screen tries again
        self._painting_for_picture = True
        try:
            if self.picture_in_pixels:
                # the copy drops the raster engine the grab left on the pixmap (its buffers, ~0.5 MB)
                picture = viewport.grab().copy()
            else:
                picture = QPicture()
                viewport.render(picture)
        finally:
            self._painting_for_picture = False
        self.pictures_made += 1
        self._picture, self._picture_for = picture, self._picture_key()

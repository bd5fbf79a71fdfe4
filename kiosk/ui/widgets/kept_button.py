"""KeptButton: a push button that keeps the picture of its frame, so a page shown again does not
stroke every rounded corner anew.

The style sheet's buttons have rounded, antialiased borders (kiosk.qss: border-radius). Qt strokes
each corner arc and fills the rounded background at every paint: on the search screen (39 keyboard
keys and the result buttons) that was ~40% of a page change, most of it the corners (issue 14,
perf). The frame (QStyle::CE_PushButtonBevel: background, border, corners) depends only on the
button's size, state (checked, hover, focus, enabled) and style, so it is drawn once per state into
a transparent pixmap and blitted after that. Only the current size is kept, at most two states, and
the moment a button is held down is drawn as Qt draws it: memory stays flat over a day of visitors.
The text (CE_PushButtonLabel) is drawn live every time, as QPushButton does: text drawn onto a
transparent pixmap blends differently. The paint is QCommonStyle's CE_PushButton (bevel, label in
SE_PushButtonContents, focus frame), step by step through the same style: the pixels are
QPushButton's, up to the rounding of the corners' antialiasing (one step of 255;
tests/test_kept_button.py).

For small and short buttons only (keys, chips, result rows, "open" buttons): blending a large
picture (a home tile, a route card) costs more than Qt's fill of its flat inside, and those pages
were slower with it (measured, issue 14).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QStyleOptionFocusRect

log = logging.getLogger(__name__)

# Anything that may change how the frame looks: the kept pictures are dropped.
_LOOK_CHANGES = (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                 QEvent.Type.EnabledChange, QEvent.Type.LayoutDirectionChange)
_KEPT_STATES = 2  # pictures per button, of its current size (unchecked and checked; hover)


class KeptButton(QPushButton):
    """A QPushButton whose frame is painted from a kept picture per size and state."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._frames: dict[tuple, QPixmap] = {}
        self.ground: QColor | None = None  # see keep_whole

    def keep_whole(self, ground: QColor | None) -> None:
        """Keep the whole button, its text included, drawn over this colour: for a button whose
        parent paints exactly that colour behind it (the on-screen keyboard's keys). Text drawn
        over an opaque colour blends as it does on the page, so the picture is the page's pixels,
        and an opaque picture is copied rather than blended. None: keep the frame only."""
        if ground != self.ground:
            self.ground = QColor(ground) if ground is not None else None
            self._frames.clear()
            self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in _LOOK_CHANGES:
            self._frames.clear()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        try:
            self._paint_kept()
        except Exception:  # an exception out of a paint aborts the process (shiboken): Qt paints
            log.exception("kept button: paint failed; QPushButton paints instead")
            self._frames.clear()
            super().paintEvent(event)

    def _paint_kept(self) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        style = self.style()
        painter = QPainter(self)
        try:
            whole = self.ground is not None
            if option.state & QStyle.StateFlag.State_Sunken:  # held down for a moment: not kept
                style.drawControl(QStyle.ControlElement.CE_PushButtonBevel, option, painter, self)
                whole = False
            else:
                painter.drawPixmap(0, 0, self._frame(option, style))
            if not whole:
                self._draw_label(painter, option, style)
            if option.state & QStyle.StateFlag.State_HasFocus:
                focus = QStyleOptionFocusRect()
                focus.initFrom(self)
                focus.rect = style.subElementRect(QStyle.SubElement.SE_PushButtonFocusRect, option, self)
                style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self)
        finally:
            painter.end()

    def _draw_label(self, painter: QPainter, option: QStyleOptionButton, style) -> None:
        label = QStyleOptionButton(option)
        label.rect = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        style.drawControl(QStyle.ControlElement.CE_PushButtonLabel, label, painter, self)

    def _frame(self, option: QStyleOptionButton, style) -> QPixmap:
        """The frame for this size and state (with its text over the ground colour, see
        keep_whole), drawn once (CE_PushButtonBevel) and kept."""
        ratio = self.devicePixelRatioF()
        key = (option.rect.width(), option.rect.height(), option.state.value, option.features.value, ratio,
               option.text if self.ground is not None else None)
        frame = self._frames.get(key)
        if frame is None:
            if any(kept[:2] != key[:2] for kept in self._frames) or len(self._frames) >= _KEPT_STATES:
                self._frames.clear()  # another size (elder mode, a new text): the old are no use
            frame = QPixmap(option.rect.size() * ratio)
            frame.setDevicePixelRatio(ratio)
            frame.fill(self.ground if self.ground is not None else QColor(Qt.GlobalColor.transparent))
            painter = QPainter(frame)
            try:
                painter.setFont(self.font())  # as a widget's painter starts (QWidget::initPainter)
                painter.setPen(self.palette().color(self.foregroundRole()))
                style.drawControl(QStyle.ControlElement.CE_PushButtonBevel, option, painter, self)
                if self.ground is not None:
                    self._draw_label(painter, option, style)
            finally:
                painter.end()
            self._frames[key] = frame
        return frame

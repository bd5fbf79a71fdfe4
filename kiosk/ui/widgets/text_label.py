"""TextLabel: a plain-text QLabel whose sizes and laid-out lines are shared by every label.

QLabel lays its whole text out again for every size question and every paint (for a wrapped label,
minimumSizeHint() alone lays it out at three widths). Pooled labels get a new text on every page change,
so QLabel's own per-label memory was always empty: measuring and shaping text were about a quarter of a
page change (issue 14). Here both are kept per (text, font, geometry), shared by all labels, bounded.

The paint does what QLabel does for plain text (QLabel::paintEvent -> QStyle::drawItemText ->
qt_format_text in qpainter.cpp), line by line, from the kept QTextLayout: the same lines at the same
positions, so the pixels are the same (tests/test_text_label.py compares them with QLabel's). Anything
that path does not cover (rich text, tabs, mnemonics, indents, right, bottom or justified alignment, a
disabled label, text cut off at the bottom) is left to QLabel.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QTextLayout, QTextOption, QTransform
from PySide6.QtWidgets import QLabel, QWidget

SIZES_KEPT = 3000  # size answers for a (text, font, geometry); a few hundred bytes each
LAYOUTS_KEPT = 800  # laid-out paragraphs (shaped glyphs): a few kB each (bench/ANALYSIS.md)

log = logging.getLogger(__name__)
_sizes: OrderedDict[tuple, dict] = OrderedDict()
_layouts: OrderedDict[tuple, tuple] = OrderedDict()
_sharing = True  # False until the kiosk's first frame: see pause_sharing

_DRAWN_ALIGN = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute)
_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange,
            QEvent.Type.LayoutDirectionChange, QEvent.Type.PaletteChange, QEvent.Type.EnabledChange,
            QEvent.Type.ActivationChange)
_TRANSLATE = QTransform.TransformationType.TxTranslate.value


class _Look(NamedTuple):
    """What a label's paint needs, worked out once per change of the label."""

    drawn_here: bool  # a paint the kept layouts reproduce exactly (else QLabel paints)
    font: object
    font_key: str
    colour: object
    margin: int
    text: str
    v_centred: bool
    h_centred: bool
    align: int


def lines_for(text: str, font, width: float, font_key: str | None = None) -> tuple:
    """The paragraph laid out at this line width as qt_format_text does: (layout, line count, total
    height, {label height: centring offset}). Kept, shared by every label."""
    key = (text, font_key or font.key(), width)
    kept = _layouts.get(key)
    if kept is not None:
        _layouts.move_to_end(key)
        return kept
    layout = QTextLayout(text.replace("\r", " ").replace("\n", "\u2028").replace("\t", " "), font)
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)
    option.setAlignment(Qt.AlignmentFlag.AlignLeft)  # qt_format_text aligns each line itself
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    leading = QFontMetricsF(font).leading()
    count = 0
    height = -leading
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        height = math.ceil(height + leading)  # qt_format_text puts lines on whole pixels
        line.setPosition(QPointF(0.0, height))
        height += line.ascent() + line.descent()  # not line.height(): that one is rounded up
        count += 1
    layout.endLayout()
    if len(_layouts) >= LAYOUTS_KEPT:
        _layouts.popitem(last=False)
    kept = _layouts[key] = (layout, count, height, {})
    return kept


def pause_sharing() -> None:
    """Let QLabel answer alone until resume_sharing: for the start of the kiosk window.

    Before the first frame every size question and paint is a first one, so keeping answers only adds
    work (~2 ms of the first layout and paint, issue 14); sharing pays from the second page on."""
    global _sharing
    _sharing = False


def resume_sharing() -> None:
    """Keep and share answers again (after the first frame); nothing kept is stale: none was kept."""
    global _sharing
    _sharing = True


def forget_kept_text() -> None:
    """Drop every kept size and layout (tests; a font change)."""
    _sizes.clear()
    _layouts.clear()


class TextLabel(QLabel):
    """A plain-text QLabel that answers size questions and paints from the shared kept layouts.

    What the answers depend on is worked out once per change (text, font, style, margins, limits),
    not per call: layouts ask a label for its sizes many times per pass, and each paint."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._sizes: dict | None = None  # this label's entry in _sizes; None: work the key out again
        self._look: _Look | None = None  # what the paint needs; None: work it out again
        self._kept: tuple | None = None  # (line width, the kept layout) of the last paint
        self._font: tuple | None = None  # (font, its key): a new text keeps them; None: again

    def _forget(self) -> None:
        self._sizes = self._look = self._kept = None

    def _font_and_key(self) -> tuple:
        """The font and its key, kept until the font or style changes (a pooled label's new text
        does not change them; QFont.key() builds a string each time)."""
        if self._font is None:
            font = self.font()
            self._font = (font, font.key())
        return self._font

    # -- sizes ------------------------------------------------------------------------------------------
    def _entry(self) -> dict:
        entry = self._sizes
        if entry is None:
            m = self.contentsMargins()
            key = (self.text(), self._font_and_key()[1], self.textFormat(), int(self.alignment()),
                   self.wordWrap(), self.margin(), self.indent(), self.frameWidth(), m.left(), m.top(),
                   m.right(), m.bottom(), self.minimumWidth(), self.minimumHeight(), self.maximumWidth())
            entry = _sizes.get(key)
            if entry is None:
                if len(_sizes) >= SIZES_KEPT:
                    _sizes.popitem(last=False)
                entry = _sizes[key] = {}
            self._sizes = entry
        return entry

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        if not _sharing:
            return super().heightForWidth(width)
        entry = self._sizes or self._entry()
        height = entry.get(width)
        if height is None:
            height = entry[width] = super().heightForWidth(width)
        return height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if not _sharing:
            return super().sizeHint()
        entry = self._sizes
        if entry is None:
            self.ensurePolished()  # QLabel's own does this first: the style sheet's font
            entry = self._entry()
        hint = entry.get("size")
        if hint is None:
            hint = entry["size"] = super().sizeHint()
        return QSize(hint)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if not _sharing:
            return super().minimumSizeHint()
        entry = self._sizes
        if entry is None:
            self.ensurePolished()
            entry = self._entry()
        hint = entry.get("minimum")
        if hint is None:
            hint = entry["minimum"] = super().minimumSizeHint()
        return QSize(hint)

    # -- what the kept answers depend on ----------------------------------------------------------
    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        if text != self.text():
            self._forget()
        super().setText(text)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in _CHANGES:  # a new font, style sheet, palette, margins or direction
            self._forget()
            self._font = None
        super().changeEvent(event)

    # -- painting -----------------------------------------------------------------------------------
    def _work_out_look(self) -> _Look:
        """Whether this label's paint is one the kept layouts reproduce exactly, and what it needs."""
        align, text = self.alignment(), self.text()
        here = (self.wordWrap() and self.textFormat() == Qt.TextFormat.PlainText and self.isEnabled()
                and self.indent() <= 0 and self.frameWidth() == 0 and self.buddy() is None
                and self.layoutDirection() == Qt.LayoutDirection.LeftToRight
                and not (align & ~_DRAWN_ALIGN) and "\t" not in text and "\x9c" not in text)
        font, font_key = self._font_and_key()
        self._look = _Look(here, font, font_key, self.palette().color(self.foregroundRole()), self.margin(),
                           text, bool(align & Qt.AlignmentFlag.AlignVCenter),
                           bool(align & Qt.AlignmentFlag.AlignHCenter), int(align.value))
        return self._look

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not _sharing:
            super().paintEvent(event)
            return
        try:
            drawn = self._paint_kept()
        except Exception:  # an exception out of a paint aborts the process (shiboken): QLabel paints
            log.exception("text label: kept-layout paint failed; QLabel paints instead")
            drawn = False
        if not drawn:
            super().paintEvent(event)

    def _paint_kept(self) -> bool:
        """Paint from the kept layout; False: this paint is QLabel's."""
        look = self._look or self._work_out_look()
        if not look.drawn_here:
            return False
        margin, text = look.margin, look.text
        r = self.contentsRect().adjusted(margin, margin, -margin, -margin)
        kept = None
        if text:
            width = float(max(0, r.width()))
            if self._kept is not None and self._kept[0] == width:
                kept = self._kept[1]
            else:
                kept = lines_for(text, look.font, width, look.font_key)
                self._kept = (width, kept)
            if kept[2] > r.height():  # cut off at the bottom: QLabel's own clipping
                return False
        painter = QPainter(self)
        try:
            if painter.transform().type().value > _TRANSLATE:
                return False  # scaled: Qt rounds the offsets for the scale
            self.drawFrame(painter)
            if kept is not None:
                self._draw_lines(painter, r, kept, look)
            return True
        finally:
            painter.end()

    def _draw_lines(self, painter: QPainter, r: QRect, kept: tuple, look: _Look) -> None:
        """The kept lines where qt_format_text puts them for this rectangle and alignment."""
        layout, count, height, offsets = kept
        yoff = 0
        if look.v_centred and r.height() != height:
            # Qt rounds the centring offset in a way that differs by a pixel with the font; ask it
            # once per height (the only layout it does here), never per paint.
            yoff = offsets.get(r.height())
            if yoff is None:
                flags = look.align | Qt.TextFlag.TextWordWrap.value
                box = painter.boundingRect(QRectF(0, 0, r.width(), r.height()), flags, look.text)
                yoff = offsets[r.height()] = box.y()
        painter.setPen(look.colour)
        x, y = r.x(), r.y() + yoff
        if look.h_centred:  # each line centred on its own
            for index in range(count):
                line = layout.lineAt(index)
                line.draw(painter, QPointF(x + (r.width() - line.horizontalAdvance()) / 2, y))
        else:
            origin = QPointF(x, y)
            for index in range(count):
                layout.lineAt(index).draw(painter, origin)


def _forgetting(name: str):
    """A QLabel setter that also makes the label forget its kept answers (they depend on what it sets)."""
    base = getattr(QLabel, name)

    def setter(self, *args):
        self._forget()
        base(self, *args)

    setter.__name__ = name
    return setter


for _name in ("clear", "setWordWrap", "setMargin", "setIndent", "setAlignment", "setTextFormat", "setBuddy",
              "setMinimumSize", "setMinimumWidth", "setMinimumHeight", "setMaximumSize", "setMaximumWidth",
              "setMaximumHeight", "setFixedSize", "setFixedWidth", "setFixedHeight"):
    setattr(TextLabel, _name, _forgetting(_name))

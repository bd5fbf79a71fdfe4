"""Small touch-first building blocks: plain-text labels, kinetic scroll areas, tiles, cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.widgets.text_label import TextLabel


def label(text: str = "", role: str | None = None, wrap: bool = True) -> QLabel:
    """A label that shows text literally (never rich text) and cannot be selected by a swipe."""
    widget = TextLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    widget.setWordWrap(wrap)
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    if role:
        widget.setObjectName(role)
    widget.setText(text)
    return widget


def enable_kinetic_scrolling(viewport: QWidget) -> None:
    """Drag-to-scroll with momentum for touch (and mouse-emulated touch), no overshoot bounce."""
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    # Deliver presses at once: a quick tap on a card must click it (the default delay swallows it).
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(props)


class KineticScrollArea(QScrollArea):
    """A vertical scroll area for touch: kinetic, no horizontal scrolling, resets to the top."""

    def __init__(self, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        # Our own viewport: asking Qt for the one it made (viewport()) makes PySide build a Python
        # type for every class of QtWidgets to find its type (~10 ms before the first frame).
        self.kinetic_viewport = QWidget()
        self.setViewport(self.kinetic_viewport)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The vertical bar always keeps its room and is shown empty (disabled) when there is nothing to
        # scroll. With a bar "as needed", a screen whose page grew past the screen or shrank back (a
        # chart indicator after a worded one) changed width, and every label, table and chart on it
        # was laid out again: the slowest third of the changes to another indicator.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().rangeChanged.connect(self._show_bar_when_needed)
        self.verticalScrollBar().setEnabled(False)
        self.setWidget(content)
        # The screen behind shows through: Qt fills a scroll area's viewport and page by default, two
        # more full-screen fills in the colour already there on every page change (issue 14).
        content.setAutoFillBackground(False)
        self.kinetic_viewport.setAutoFillBackground(False)
        enable_kinetic_scrolling(self.kinetic_viewport)

    def _show_bar_when_needed(self, low: int, high: int) -> None:
        self.verticalScrollBar().setEnabled(high > low)  # Qt does nothing when it already is

    def scroll_to_top(self) -> None:
        QScroller.scroller(self.kinetic_viewport).stop()
        self.verticalScrollBar().setValue(0)


class Tile(QPushButton):
    """A large home-screen button with a title, a live count and one line of explanation."""

    def __init__(self, tile_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.tile_id = tile_id
        self.setObjectName("Tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title_label = label(role="TileTitle")
        self.count_label = label(role="TileCount")
        self.text_label = label(role="TileText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(6)
        for part in (self.title_label, self.count_label, self.text_label):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(part)
        layout.addStretch(1)

    def set_texts(self, title: str, count: str, text: str) -> None:
        self.title_label.setText(title)
        self.count_label.setText(count)
        self.text_label.setText(text)
        self.setAccessibleName(f"{title} {count}")

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        return self.layout().minimumSize()

    def set_compact(self, on: bool) -> None:
        """Small screens (1024x768): the count in the title's size, tighter margins, so the tiles fit."""
        if bool(self.count_label.property("compact")) == on:
            return
        self.count_label.setProperty("compact", on)
        # Re-read the style sheet for the new property. A (comment-only) style sheet of its own makes
        # Qt re-polish the label; style().unpolish/polish would do the same but makes PySide build a
        # Python type for every QStyle enum first (~15 ms when a small screen's home first lays out).
        self.count_label.setStyleSheet(f"/* compact: {on} */")
        self.layout().setContentsMargins(*((18, 12, 18, 12) if on else (24, 18, 24, 18)))
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True  # wrapped titles and texts need their height at narrow widths (1024x768)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.layout().totalHeightForWidth(width)


class Card(QFrame):
    """A white rounded panel with a vertical layout."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, role: str = "Card"):
        super().__init__(parent)
        self.setObjectName(role)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 16)
        self.body.setSpacing(8)


class TapCard(QPushButton):
    """A full-width button showing a title and a short text; the whole card is the touch target."""

    def __init__(self, title: str = "", text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.title_label = label(title, role="TileTitle")
        self.text_label = label(text, role="TileText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(4)
        for part in (self.title_label, self.text_label):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(part)
        self.text_label.setVisible(bool(text))
        self.setAccessibleName(title)

    def sizeHint(self):  # noqa: N802 - Qt override
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.layout().totalHeightForWidth(width)


def clear_layout(layout) -> None:
    """Remove and delete every item of a layout (screens rebuild lists on language change)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class ElidedLabel(QLabel):
    """One line that never widens its parent: long text ends in '…' (the full text is shown elsewhere)."""

    def __init__(self, role: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if role:
            self.setObjectName(role)

    def paintEvent(self, event):  # noqa: N802 - Qt override
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)


def columns_that_fit(widgets, room: int, spacing: int, most: int) -> int:
    """How many columns (1..most) of these widgets fit in room px without cutting the widest one."""
    widest = max((w.minimumSizeHint().width() for w in widgets), default=0)
    columns = max(1, most)
    while columns > 1 and columns * widest + (columns - 1) * spacing > room:
        columns -= 1
    return columns


def regrid(grid, widgets, columns: int, most: int) -> None:
    """Lay widgets out row by row, columns abreast, the used columns sharing the width."""
    for widget in widgets:
        grid.removeWidget(widget)
    for i, widget in enumerate(widgets):
        grid.addWidget(widget, i // columns, i % columns)
    for c in range(most):
        grid.setColumnStretch(c, 1 if c < columns else 0)

"""Helpers for tests that look at what a resident sees: visible texts, clipping, tapping."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget, QWidget

HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][a-z]{2,}")  # a word, not an acronym such as CIM
# Texts allowed in the other language: the language switch names its target language.
LANGUAGE_SWITCH = {"English", "中文"}


def visible_texts(root: QWidget) -> list[str]:
    """Texts of every visible label, button, table cell and chart text under root."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text().strip():
            texts.append(widget.text().strip())
        elif isinstance(widget, QTableWidget):
            texts.extend(_table_texts(widget))
        elif type(widget).__name__ in _PLOT_CLASSES or hasattr(widget, "plotItem"):
            texts.extend(_chart_texts(widget))
    return texts


_PLOT_CLASSES = {"PlotWidget", "GraphicsLayoutWidget", "GraphicsView"}


def _table_texts(table: QTableWidget) -> list[str]:
    out = []
    for column in range(table.columnCount()):
        header = table.horizontalHeaderItem(column)
        if header is not None and header.text().strip():
            out.append(header.text().strip())
        for row in range(table.rowCount()):
            item = table.item(row, column)
            if item is not None and item.text().strip():
                out.append(item.text().strip())
    return out


def _chart_texts(view) -> list[str]:
    """Text items, axis titles and tick labels that pyqtgraph draws (not QWidgets)."""
    scene = view.scene() if callable(getattr(view, "scene", None)) else None
    if scene is None:
        return []
    out = []
    for item in scene.items():
        if not item.isVisible():
            continue
        document = getattr(item, "textItem", None)
        if document is not None and hasattr(document, "toPlainText"):
            text = document.toPlainText().strip()
        elif hasattr(item, "toPlainText"):
            text = item.toPlainText().strip()
        else:
            continue
        if text:
            out.append(text)
    return out


def wrong_language(texts: list[str], lang: str, allowed: set[str] = frozenset()) -> list[str]:
    """Texts that do not belong on screen in lang (English words in Chinese mode and vice versa)."""
    bad = []
    for text in texts:
        if text in LANGUAGE_SWITCH or text in allowed:
            continue
        if lang == "en" and HAN.search(text):
            bad.append(text)
        if lang.startswith("zh") and LATIN_WORD.search(text) and not HAN.search(text):
            bad.append(text)
    return bad


def settle() -> None:
    """Run pending layout requests and events so sizes are final before measuring them."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(4):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()


def clipped(root: QWidget) -> list[str]:
    """Visible labels/buttons whose text does not fit the space they were given."""
    settle()
    out = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.text() and type(widget).__name__ != "ElidedLabel":
            if widget.wordWrap():
                need = widget.heightForWidth(widget.contentsRect().width())
                if need > widget.contentsRect().height() + 2:
                    out.append(f"label {widget.text()[:40]!r}: needs {need}px, has {widget.height()}")
            elif widget.sizeHint().width() > widget.width() + 2:
                out.append(f"label {widget.text()[:40]!r}: needs {widget.sizeHint().width()}px wide, "
                           f"has {widget.width()}")
        elif (isinstance(widget, QAbstractButton) and widget.text()
              and widget.sizeHint().width() > widget.width() + 2):
                out.append(f"button {widget.text()[:40]!r}: needs {widget.sizeHint().width()}px, "
                           f"has {widget.width()}")
    return out


def tap(qtbot, widget: QWidget) -> None:
    """A short touch-like press and release in the middle of the widget."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2,
                                                                   widget.height() // 2))


_last_ts = [1_000_000]  # window-system timestamps (ms) of window_tap's events, when none is given


def window_tap(widget: QWidget, ts: int | None = None) -> None:
    """A press and release at the widget's centre, given to its window's QWindow as the window
    system gives them (ts: their timestamp in ms; by default a second after the last one): the
    kiosk's input filters sit on the QWindow (guard.WindowInput), then Qt hands the tap to the widget
    under it. QTest's clicks on a widget skip the window, so the filters never see them."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    if ts is None:
        _last_ts[0] += 1000
        ts = _last_ts[0]
    top = widget.window()
    local = QPointF(widget.mapTo(top, widget.rect().center()))
    glob = QPointF(top.mapToGlobal(local.toPoint()))
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, local, glob, Qt.MouseButton.LeftButton, buttons,
                            Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(ts)
        QApplication.sendEvent(top.windowHandle(), event)


def window_key(widget: QWidget, key) -> None:
    """A key press and release through the widget's window (see window_tap)."""
    from PySide6.QtTest import QTest

    QTest.keyClick(widget.window().windowHandle(), key)


def on_screen(widget: QWidget) -> bool:
    """The widget's centre is on the screen, not scrolled out of view: a finger could tap it."""
    return widget.isVisible() and widget.visibleRegion().contains(widget.rect().center())

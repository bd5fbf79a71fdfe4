"""PageStack: the screens' stack, without a layout, so a page change asks no hidden page anything."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget


class PageStack(QWidget):
    """Holds the screens and shows one of them, filling the stack (QStackedWidget's calls).

    QStackedWidget's layout asks every page for its minimum size, size hint and height for width each
    time a page is shown or hidden (QStackedLayout::minimumSize and ::heightForWidth walk all pages),
    and each answer costs PySide calls into Python (metaObject() for ensurePolished, the labels'
    heightForWidth): ~5 µs per page per change, ~0.3 ms of every page change once the screens keep a
    page per indicator, route and chapter (issue 14). Here the shown page is given the stack's
    rectangle and nothing else is asked: the kiosk's window has the size of the screen, no page's
    size decides it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    # -- QStackedWidget's calls ---------------------------------------------------------------------
    def addWidget(self, page: QWidget) -> int:  # noqa: N802 - QStackedWidget's name
        """Add a hidden page; the first one added is shown at once (as QStackedWidget does)."""
        page.setParent(self)
        self._pages.append(page)
        if self._current is None:
            self._show(page)
        else:
            page.hide()
        return len(self._pages) - 1

    def removeWidget(self, page: QWidget) -> None:  # noqa: N802
        """Take a page out (not the one shown); the caller deletes it."""
        if page in self._pages and page is not self._current:
            self._pages.remove(page)
            page.hide()
            page.setParent(None)

    def count(self) -> int:
        return len(self._pages)

    def indexOf(self, page: QWidget) -> int:  # noqa: N802
        return self._pages.index(page) if page in self._pages else -1

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802
        """Show this page over the whole stack and hide the one shown before; focus on the old page
        moves to the new one (its own focus widget) or is cleared, as QStackedWidget does."""
        previous = self._current
        if page is previous or page not in self._pages:
            return
        focus = QApplication.focusWidget()
        focus_was_on_old_page = focus is not None and previous is not None and previous.isAncestorOf(focus)
        self._show(page)
        if previous is not None:
            previous.hide()
        if focus_was_on_old_page:
            target = page.focusWidget()
            if target is not None:
                target.setFocus()
            elif QApplication.focusWidget() is focus:
                focus.clearFocus()

    # -- geometry ------------------------------------------------------------------------------------
    def _show(self, page: QWidget) -> None:
        self._current = page
        page.setGeometry(self.rect())
        page.show()
        page.raise_()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._current is not None:
            self._current.setGeometry(self.rect())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._current.sizeHint() if self._current is not None else QSize(0, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._current.minimumSizeHint() if self._current is not None else QSize(0, 0)

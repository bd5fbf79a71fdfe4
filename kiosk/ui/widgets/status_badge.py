"""How an indicator status looks: a word, a glyph and a colour (never the colour alone)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.data import status as st
from kiosk.i18n import tr
from kiosk.ui.widgets.common import label

# Glyphs all exist in the bundled font; colours are for bars and borders, text stays dark.
GLYPHS = {st.ACHIEVED: "★", st.ON_TRACK: "✓", st.NEEDS_ACCELERATION: "▲",
          st.LIMITED_PROGRESS: "△", st.DETERIORATING: "×", st.NOT_ASSESSED: "◎",
          st.QUALITATIVE: "◇", st.NO_DATA: "○"}
COLOURS = {st.ACHIEVED: "#1b6e3a", st.ON_TRACK: "#4a9e5c", st.NEEDS_ACCELERATION: "#d39200",
           st.LIMITED_PROGRESS: "#d35400", st.DETERIORATING: "#b3261e", st.NOT_ASSESSED: "#7d8a96",
           st.QUALITATIVE: "#6a78b8", st.NO_DATA: "#c3cbd3"}
TINTS = {st.ACHIEVED: "#dcefe2", st.ON_TRACK: "#e3f2e6", st.NEEDS_ACCELERATION: "#fdf0d0",
         st.LIMITED_PROGRESS: "#fbe3d3", st.DETERIORATING: "#f8dcda", st.NOT_ASSESSED: "#eceff2",
         st.QUALITATIVE: "#e7e9f6", st.NO_DATA: "#f0f2f4"}


def status_word(status: str) -> str:
    """The status in the current language (translated at call time)."""
    return {
        st.ACHIEVED: tr("Target achieved"),
        st.ON_TRACK: tr("On track"),
        st.NEEDS_ACCELERATION: tr("Needs acceleration"),
        st.LIMITED_PROGRESS: tr("Limited progress"),
        st.DETERIORATING: tr("Deteriorating"),
        st.NOT_ASSESSED: tr("Not assessed yet"),
        st.QUALITATIVE: tr("Qualitative target"),
        st.NO_DATA: tr("No data yet"),
    }[status]


def status_text(status: str) -> str:
    return f"{GLYPHS[status]} {status_word(status)}"


class Boxed(QFrame):
    """A tinted box around a plain-text label (padding on the box, so the label's size is exact)."""

    def __init__(self, role: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(role)
        self.label = label()
        self.label.setObjectName(f"{role}Text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.label)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel-like
        self.label.setText(text)


# One sheet for every status, chosen by the "status" property: changing a badge's status re-polishes
# two widgets instead of parsing a new style sheet for each (~1 ms a change).
BADGE_SHEET = "".join(
    f'QFrame#StatusBadge[status="{s}"] {{ background: {TINTS[s]}; border-radius: 4px; }}'
    f' QFrame#StatusBar[status="{s}"] {{ background: {COLOURS[s]}; border: none; }} '
    for s in TINTS) + (
    "QLabel#StatusBadgeText { color: #1a1a1a; font-weight: bold; background: transparent;"
    " padding: 0; }")


class StatusBadge(QFrame):
    """Glyph and word on a light tint beside a thick status-coloured bar; text stays dark."""

    def __init__(self, status: str = st.NO_DATA, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StatusBadge")
        self.bar = QFrame()
        self.bar.setObjectName("StatusBar")
        self.bar.setFixedWidth(10)
        self.label = label(role="StatusBadgeText")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 12, 0)
        row.setSpacing(10)
        row.addWidget(self.bar)
        row.addWidget(self.label, 1)
        self.status = ""
        self.setProperty("status", status)
        self.bar.setProperty("status", status)
        self.setStyleSheet(BADGE_SHEET)
        self.set_status(status)

    def set_status(self, status: str) -> None:
        self.label.setText(status_text(status))
        if status == self.status:  # restyling every badge on every visit cost ~1 ms a badge
            return
        self.status = status
        for widget in (self, self.bar):
            if widget.property("status") != status:
                widget.setProperty("status", status)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
                widget.update()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel-like
        self.label.setText(text)

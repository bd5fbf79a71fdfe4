"""Search: a query field, an on-screen keyboard and results grouped by kind, updated per keystroke."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.data.search import SearchGroup, SearchHit, SearchIndex
from kiosk.i18n import format_number, tr
from kiosk.ui.deferred import follow_elder_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.common import KineticScrollArea, label
from kiosk.ui.widgets.flow import FlowLayout
from kiosk.ui.widgets.kept_button import KeptButton
from kiosk.ui.widgets.keyboard import OnScreenKeyboard

SHOWN_PER_GROUP = 5


def topics() -> list[str]:
    """Words a resident can tap instead of typing (each finds results in its own language)."""
    return [tr("elderly"), tr("fitness"), tr("park"), tr("Fengjing"), tr("beds"), tr("tourism")]


def kind_heading(kind: str) -> str:
    return {
        "indicator": tr("Indicators"), "section": tr("Plan sections"), "chapter": tr("Chapters"),
        "box": tr("Boxes"), "glossary": tr("Glossary"), "facility": tr("Facilities"),
        "place": tr("Places"), "route": tr("Routes"), "target": tr("Targets"),
    }.get(kind, kind)


class ResultButton(KeptButton):
    """A tappable result whose title wraps over several lines (reused from keystroke to keystroke)."""

    def __init__(self, hit: SearchHit | None, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.hit = hit
        self.setObjectName("Result")
        self.text_label = label(text)
        self.text_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.text_label)
        self.setAccessibleName(text)

        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_hit(self, hit: SearchHit | None, text: str) -> None:
        self.hit = hit
        self.text_label.setText(text)  # a no-op when unchanged
        self.setAccessibleName(text)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(self.minimumHeight(), self.layout().totalHeightForWidth(width))

    def sizeHint(self):  # noqa: N802 - Qt override
        return self.layout().totalSizeHint()

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        return self.layout().totalMinimumSize()


class _ResultSection:
    """The pooled widgets of one group: a heading, result buttons and a "show all" button.

    Its widgets live in a sub-layout of the results column (children of the results host, as before);
    hidden ones take no room, and a hidden pooled widget holds no stale text or target.
    """

    def __init__(self, host: QWidget, results: QVBoxLayout):
        self.host = host
        self.kind = ""
        self.box = QVBoxLayout()
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(results.spacing())
        self.heading = label(role="Heading")
        self.box.addWidget(self.heading)
        self.caption = label(role="Small")  # how many hits match only inside a longer word
        self.box.addWidget(self.caption)
        self.caption.setVisible(False)
        self.buttons: list[ResultButton] = []
        self.more = KeptButton()
        self.box.addWidget(self.more)
        self.heading.setVisible(False)  # explicitly: a layout would show them from the event loop
        self.more.setVisible(False)
        results.insertLayout(results.count() - 1, self.box)  # before the final stretch

    def button(self, position: int, screen: SearchScreen) -> ResultButton:
        while len(self.buttons) <= position:
            button = ResultButton(None, "", self.host)
            button.setVisible(False)
            button.clicked.connect(lambda _=False, b=button: screen._open_button(b))
            self.box.insertWidget(self.box.count() - 1, button)  # before "show all"
            self.buttons.append(button)
        return self.buttons[position]

    def hide_buttons_from(self, start: int) -> None:
        for button in self.buttons[start:]:
            if button.hit is not None or not button.isHidden():
                button.setVisible(False)
                button.set_hit(None, "")

    def hide_more(self) -> None:
        if not self.more.isHidden():
            self.more.setVisible(False)
            self.more.setText("")

    def set_caption(self, text: str) -> None:
        if text or not self.caption.isHidden():
            self.caption.setText(text)
            self.caption.setVisible(bool(text))

    def hide_all(self) -> None:
        if not self.heading.isHidden():
            self.heading.setVisible(False)
            self.heading.setText("")
        self.set_caption("")
        self.hide_buttons_from(0)
        self.hide_more()
        self.kind = ""


class SearchScreen(Screen):
    """Type with the on-screen keys (or a hardware keyboard / IME); tap a result to open it."""

    screen_id = "search"
    COMPACT_HEIGHT = 900  # page height below which the hint and topics scroll with the results
    NARROW_WIDTH = 1100  # landscape page width below which the margins and gaps shrink

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.index = SearchIndex.from_connection(ctx.content.conn)
        self.groups: list[SearchGroup] = []
        self.expanded: set[str] = set()
        self.result_buttons: list[ResultButton] = []

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(20)
        self.root.addLayout(self.body, 1)

        left = QVBoxLayout()
        left.setSpacing(12)
        field_row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setObjectName("SearchField")
        self.field.setMaxLength(40)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.textChanged.connect(self.update_results)
        field_row.addWidget(self.field, 1)
        left.addLayout(field_row)
        self.hint = label(role="Muted")
        left.addWidget(self.hint)
        self.topics_caption = label(role="Muted")
        left.addWidget(self.topics_caption)
        self.topics_host = QWidget()
        topics_flow = FlowLayout(self.topics_host, spacing=12)
        self.topic_buttons = []
        for i in range(len(topics())):
            button = KeptButton()
            button.setObjectName("Topic")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=i: self.field.setText(topics()[n]))
            topics_flow.addWidget(button)
            self.topic_buttons.append(button)
        left.addWidget(self.topics_host)
        self.left = left
        self.intro = (self.hint, self.topics_caption, self.topics_host)
        self.compact = False  # the hint and topics scroll atop the results (short pages)
        self.results_host = QWidget()
        self.results = QVBoxLayout(self.results_host)
        self.results.setContentsMargins(0, 0, 12, 0)
        self.results.setSpacing(8)
        self.nothing_label = label(role="Banner")
        self.nothing_label.setVisible(False)
        self.results.addWidget(self.nothing_label)
        self.sections: list[_ResultSection] = []  # one per group shown, pooled; layouts in self.results
        self.results.addStretch(1)
        self.scroll = KineticScrollArea(self.results_host)
        left.addWidget(self.scroll, 1)
        self.body.addLayout(left, 3)

        self.keyboard = OnScreenKeyboard()
        self.keyboard.typed.connect(self.type_text)
        self.keyboard.backspace.connect(self.field.backspace)
        self.keyboard.cleared.connect(self.field.clear)
        self.keyboard_box = QVBoxLayout()
        self.keyboard_box.addStretch(1)
        self.keyboard_box.addWidget(self.keyboard, 4)
        self.body.addLayout(self.keyboard_box, 2)
        follow_elder_mode(self, ctx.hub, self._apply_elder)
        self._apply_elder(ctx.state.elder_mode)
        self.retranslate_ui()

    # -- layout -------------------------------------------------------------------------------
    def _apply_elder(self, on: bool) -> None:
        self.keyboard.set_elder_mode(on)
        height = 80 if on else 64
        self.field.setMinimumHeight(height)
        self.field.setStyleSheet(f"font-size: {round(30 * (1.35 if on else 1))}px; padding: 0 12px;")

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        landscape = self.width() > self.height() * 1.2
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                               else QBoxLayout.Direction.TopToBottom)
        self.body.setStretch(0, 3 if landscape else 2)
        self.body.setStretch(1, 2 if landscape else 1)
        self.keyboard_box.setStretch(0, 1 if landscape else 0)  # portrait: keys right under results
        self._place_intro(self.height() < self.COMPACT_HEIGHT)
        narrow = landscape and self.width() < self.NARROW_WIDTH  # keys beside results: every px counts
        self.root.setContentsMargins(16 if narrow else 32, 24, 16 if narrow else 32, 24)
        self.body.setSpacing(12 if narrow else 20)
        self._fit_results()
        super().resizeEvent(event)

    def _fit_results(self) -> None:
        """The results never get less width than their widest button needs (scroll bar included)."""
        self.scroll.setMinimumWidth(self.results_host.minimumSizeHint().width()
                                    + self.scroll.verticalScrollBar().sizeHint().width())

    def _place_intro(self, compact: bool) -> None:
        """Short pages: the hint and topics scroll with the results, so the keys keep their room."""
        if compact == self.compact:
            return
        self.compact = compact
        for index, widget in enumerate(self.intro):
            (self.results if compact else self.left).removeWidget(widget)
            if compact:
                self.results.insertWidget(index, widget)
            else:
                self.left.insertWidget(1 + index, widget)

    # -- typing -------------------------------------------------------------------------------
    def type_text(self, text: str) -> None:
        self.field.insert(text)

    def update_results(self) -> None:
        self.groups = self.index.search(self.field.text())
        self.expanded.clear()
        self._show_results()

    def _show_results(self) -> None:
        """Fill the pooled result widgets: texts, targets and visibility change, nothing is created
        or destroyed once the pool has grown (a keystroke must not rebuild ~45 widgets)."""
        query = self.field.text().strip()
        self.topics_caption.setVisible(not query)
        self.topics_host.setVisible(not query)
        nothing = bool(query) and not self.groups
        if nothing:
            self.nothing_label.setText(tr("Nothing found. Try fewer letters, or the first letters of "
                                          "each syllable."))
        self.nothing_label.setVisible(nothing)
        self.result_buttons = []
        any_strong = any(g.strong for g in self.groups)
        for index, group in enumerate(self.groups):
            section = self._section(index)
            section.heading.setText(tr("{kind} ({n})").format(kind=kind_heading(group.kind),
                                                               n=format_number(len(group.hits))))
            section.heading.setVisible(True)
            weak = len(group.hits) - group.strong
            section.set_caption(tr("{strong} match a title or a whole word; {weak} only part of a "
                                   "longer word").format(strong=format_number(group.strong),
                                                         weak=format_number(weak)) if weak else "")
            if group.kind in self.expanded:
                hits = group.hits
            else:  # partial-word matches wait behind "show all" unless nothing better was found
                hits = group.hits[:group.strong if any_strong else len(group.hits)][:SHOWN_PER_GROUP]
            for position, hit in enumerate(hits):
                button = section.button(position, self)
                button.set_hit(hit, self.t(hit.title) or hit.title.zh or hit.item_id)
                button.setVisible(True)
                self.result_buttons.append(button)
            section.hide_buttons_from(len(hits))
            section.kind = group.kind
            if len(hits) < len(group.hits):
                section.more.setText(tr("Show all {n}").format(n=format_number(len(group.hits))))
                section.more.setVisible(True)
            else:
                section.hide_more()
        for section in self.sections[len(self.groups):]:
            section.hide_all()
        self._fit_results()
        self.scroll.scroll_to_top()

    def _section(self, index: int) -> _ResultSection:
        while len(self.sections) <= index:
            section = _ResultSection(self.results_host, self.results)
            section.more.clicked.connect(lambda _=False, s=section: self.expand(s.kind))
            self.sections.append(section)
        return self.sections[index]

    def _open_button(self, button: ResultButton) -> None:
        if button.hit is not None and button.isVisible():
            self.open_hit(button.hit)

    def expand(self, kind: str) -> None:
        self.expanded.add(kind)
        self._show_results()

    def open_hit(self, hit: SearchHit) -> None:
        target = self.index.destination(hit)
        self.ctx.hub.navigate.emit(target.screen_id, target.args)

    # -- screen -------------------------------------------------------------------------------
    def title(self) -> str:
        return tr("Search")

    def retranslate_ui(self) -> None:
        self.field.setPlaceholderText(tr("Type here"))
        self.field.setAccessibleName(tr("Search"))
        self.hint.setText(tr("Try: elderly, fitness, park, or pinyin initials such as yl."))
        self.topics_caption.setText(tr("Or tap a topic:"))
        for button, text in zip(self.topic_buttons, topics(), strict=True):
            button.setText(text)
        self.keyboard.retranslate_ui()
        self._show_results()

    def reload(self) -> None:
        self.index = SearchIndex.from_connection(self.ctx.content.conn)
        self.update_results()

    def open(self, args=None) -> None:
        super().open(args)
        if isinstance(args, str) and args:
            self.field.setText(args)
        self.field.setFocus()

    def reset(self) -> None:
        self.field.clear()
        self.scroll.scroll_to_top()

    def read_aloud_text(self) -> str:
        return " ".join([self.title(), self.hint.text()]
                        + [b.text_label.text() for b in self.result_buttons[:5]])

    @classmethod
    def screenshot_args(cls, ctx):
        return [("", None), ("yl", "yl")]

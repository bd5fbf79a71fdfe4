"""The plan for residents: overview (vision, goals, chapters), chapter, section, box and glossary."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.data import plan
from kiosk.i18n import tr
from kiosk.ui.screens.scrolling import ScrollScreen
from kiosk.ui.widgets.common import Card, TapCard, label
from kiosk.ui.widgets.flow import FlowLayout


def chapter_label(ch: plan.Chapter, lang: str) -> str:
    """'第二章 …' / 'Chapter 2: …'; preface and closing parts have no number."""
    title = ch.title.get(lang)
    if not ch.number_zh:
        return title
    if lang.startswith("zh"):
        return f"第{ch.number_zh}章  {title}"
    return tr("Chapter {n}: {title}").format(n=ch.seq, title=title)


class PlanScreen(ScrollScreen):
    """Plan & goals: the 2035 vision, the six goals for 2025, the chapters, boxes and glossary."""

    screen_id = "plan"

    def title(self) -> str:
        return tr("Plan & goals")

    def populate(self) -> None:
        c, lang = self.ctx.content, self.lang
        self.add_text(self.ctx.content.meta("source_document_zh" if lang.startswith("zh")
                                            else "source_document_en"), role="Muted")
        host = QWidget()
        row = FlowLayout(host, spacing=12)  # side by side where they fit, one under the other if not
        for text, screen_id in ((tr("Boxes: key programmes"), "boxes"),
                                (tr("Glossary: {n} terms").format(n=len(plan.glossary(c))), "glossary")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=screen_id: self.ctx.hub.navigate.emit(s, None))
            row.addWidget(button)
        self.body.addWidget(host)

        self.add_heading(tr("Vision for 2035"))
        for goal in plan.goals(c, "vision_2035"):
            self._goal_card(goal)
        self.add_heading(tr("Six goals for 2025"))
        for goal in plan.goals(c, "goal_2025"):
            self._goal_card(goal)
        self.add_heading(tr("Chapters"))
        for ch in plan.chapters(c):
            self.add_link(chapter_label(ch, lang), ch.summary.get(lang), "chapter", ch.id)

    def _goal_card(self, goal: plan.Goal) -> None:
        card = Card()
        card.body.addWidget(label(goal.title.get(self.lang), role="TileTitle"))
        card.body.addWidget(label(goal.text.get(self.lang)))
        self.body.addWidget(card)

    def read_aloud_text(self) -> str:
        return " ".join([self.title()] + [g.title.get(self.lang)
                                          for g in plan.goals(self.ctx.content, "goal_2025")])


class TermLinks:
    """Adds 'terms in this text' buttons that open the glossary at that term."""

    @staticmethod
    def add(screen: ScrollScreen, text: str) -> None:
        TermLinks.add_terms(screen, plan.terms_in(text, plan.glossary(screen.ctx.content)))

    @staticmethod
    def add_terms(screen: ScrollScreen, terms: list) -> None:
        """The links for terms already found (the chapter screen finds them once per chapter)."""
        if not terms:
            return
        screen.add_heading(tr("Terms explained"))
        for term in terms:
            screen.add_link(term.term.get(screen.lang), "", "glossary", term.id)


class WidgetPool:
    """Widgets of one kind kept across visits: take() hands out the next one, making it only when
    the pool is short; release() hides the ones not taken and clears their texts."""

    def __init__(self, make, clear):
        self.make, self.clear = make, clear
        self.items: list = []
        self.used = 0

    def take(self):
        if self.used == len(self.items):
            self.items.append(self.make())
        widget = self.items[self.used]
        self.used += 1
        # a new widget is shown by the layout it goes into; shown before it has a parent it would be
        # a window of its own (it flashed on the display and took the kiosk window's activation)
        if widget.isHidden() and widget.parentWidget() is not None:
            widget.setVisible(True)
        return widget

    def release(self) -> None:
        for widget in self.items[self.used:]:
            if not widget.isHidden():
                widget.setVisible(False)
                self.clear(widget)
        self.used = 0


class ChapterScreen(ScrollScreen):
    """One chapter: its summary, every section, its boxes and its quantified commitments.
    Its labels, cards and links are pooled: opening another chapter sets texts instead of making
    a new label per paragraph (that was most of a repeat visit's time)."""

    screen_id = "chapter"
    page_per_item = True

    def __init__(self, ctx, parent=None):
        self.pools: dict[tuple, WidgetPool] = {}
        self._read: dict[tuple, tuple | None] = {}  # (chapter id, language) -> what populate() shows
        super().__init__(ctx, parent)

    def reload(self) -> None:
        """New content: forget what was read from the old one."""
        self._read.clear()
        super().reload()

    def _chapter_data(self, chapter_id) -> tuple | None:
        """(chapter, sections, boxes, commitments, glossary terms in its text) in this language, read
        once per content (every visit read all chapters three times, and the glossary)."""
        key = (chapter_id, self.lang)
        if key not in self._read:
            c, lang = self.ctx.content, self.lang
            ch = plan.chapter(c, chapter_id)
            if ch is None:
                self._read[key] = None
            else:
                secs, promises = plan.sections(c, ch.id), plan.commitments(c, ch.id)
                texts = ([ch.summary.get(lang)] + [s.summary.get(lang) + s.title.get(lang) for s in secs]
                         + [p.sentence.get(lang) for p in promises])
                self._read[key] = (ch, secs, plan.boxes(c, ch.id), promises,
                                   plan.terms_in(" ".join(texts), plan.glossary(c)))
        return self._read[key]

    def _pool(self, key: tuple, make, clear) -> WidgetPool:
        if key not in self.pools:
            self.pools[key] = WidgetPool(make, clear)
        return self.pools[key]

    def retranslate_ui(self) -> None:
        """Take every item out of the body (keeping the widgets), then fill it again from the pools."""
        self.heading.setText(self.title())
        while self.body.count():
            self.body.takeAt(0)
        self.populate()
        self.body.addStretch(1)
        for pool in self.pools.values():
            pool.release()
        for index in reversed(range(self.body.count())):  # children in reading order, as shown
            widget = self.body.itemAt(index).widget()
            if widget is not None:
                widget.lower()

    def add_text(self, text: str, role: str | None = None) -> None:
        widget = self._pool(("text", role), lambda: label(role=role), lambda w: w.setText("")).take()
        widget.setText(text)
        self.body.addWidget(widget)

    def add_heading(self, text: str) -> None:
        self.add_text(text, role="Heading")

    def add_link(self, title: str, text: str, screen_id: str, args) -> TapCard:
        card = self._pool(("link",), self._make_link, self._clear_link).take()
        card.title_label.setText(title)
        card.text_label.setText(text)
        card.text_label.setVisible(bool(text))
        card.setAccessibleName(title)
        card.target = (screen_id, args)
        self.body.addWidget(card)
        return card

    def _make_link(self) -> TapCard:
        card = TapCard()
        card.target = None
        card.clicked.connect(lambda _=False: card.target and self.ctx.hub.navigate.emit(*card.target))
        return card

    @staticmethod
    def _clear_link(card: TapCard) -> None:
        card.title_label.setText("")
        card.text_label.setText("")
        card.setAccessibleName("")
        card.target = None

    def _add_card(self, kind: str, title: str, text: str) -> None:
        """A section (plain text) or a promise (muted text) card: a title and a text."""
        def make() -> Card:
            card = Card()
            card.title = label(role="TileTitle")
            card.text = label(role="Muted" if kind == "promise" else None)
            card.body.addWidget(card.title)
            card.body.addWidget(card.text)
            return card

        def clear(card: Card) -> None:
            card.title.setText("")
            card.text.setText("")

        card = self._pool(("card", kind), make, clear).take()
        card.title.setText(title)
        card.text.setText(text)
        self.body.addWidget(card)

    def chapter(self) -> plan.Chapter | None:
        data = self._chapter_data(self.args) if self.args else None
        return data[0] if data else None

    def title(self) -> str:
        ch = self.chapter()
        return chapter_label(ch, self.lang) if ch else tr("Chapter")

    def populate(self) -> None:
        data, lang = (self._chapter_data(self.args) if self.args else None), self.lang
        if data is None:
            self.add_text(tr("This chapter is not in the current content."))
            return
        ch, secs, chapter_boxes, promises, terms = data
        self.add_text(ch.summary.get(lang))
        for sec in secs:
            self._add_card("section", f"{sec.seq}. {sec.title.get(lang)}", sec.summary.get(lang))
        if chapter_boxes:
            self.add_heading(tr("Boxes in this chapter"))
            for bx in chapter_boxes:
                self.add_link(tr("Box {n}").format(n=bx.id) + "  " + bx.title.get(lang), "", "box", bx.id)
        if promises:
            self.add_heading(tr("What the plan promises in numbers ({n})").format(n=len(promises)))
            for item in promises:
                self._add_card("promise", item.name.get(lang), item.sentence.get(lang))
        TermLinks.add_terms(self, terms)

    def read_aloud_text(self) -> str:
        ch = self.chapter()
        return f"{self.title()}. {ch.summary.get(self.lang)}" if ch else self.title()

    @classmethod
    def item_args(cls, ctx) -> list:
        """Every chapter: each has a page of its own (MainWindow.screen), made ahead (warm-up)."""
        return [ch.id for ch in plan.chapters(ctx.content)]

    @classmethod
    def screenshot_args(cls, ctx):
        return [("ch9", "ch9"), ("ch2", "ch2")]


class SectionScreen(ScrollScreen):
    """A single section, opened from search; links back to its whole chapter."""

    screen_id = "section"

    def section(self) -> plan.Section | None:
        return plan.section(self.ctx.content, self.args) if self.args else None

    def title(self) -> str:
        sec = self.section()
        return sec.title.get(self.lang) if sec else tr("Section")

    def populate(self) -> None:
        sec = self.section()
        if sec is None:
            self.add_text(tr("This section is not in the current content."))
            return
        ch = plan.chapter(self.ctx.content, sec.chapter_id)
        self.add_text(sec.summary.get(self.lang))
        if ch:
            self.add_link(tr("Read the whole chapter"), chapter_label(ch, self.lang), "chapter", ch.id)
        TermLinks.add(self, sec.summary.get(self.lang) + sec.title.get(self.lang))

    @classmethod
    def screenshot_args(cls, ctx):
        first = ctx.content.scalar("SELECT id FROM sections ORDER BY chapter_id, seq LIMIT 1")
        return [("", first)]


class BoxesScreen(ScrollScreen):
    """The seven boxes (专栏) of the plan."""

    screen_id = "boxes"

    def title(self) -> str:
        return tr("Boxes: key programmes")

    def populate(self) -> None:
        for bx in plan.boxes(self.ctx.content):
            first_line = bx.body.get(self.lang).split("\n")[0]
            self.add_link(tr("Box {n}").format(n=bx.id) + "  " + bx.title.get(self.lang),
                          first_line[:120] + ("…" if len(first_line) > 120 else ""), "box", bx.id)


# The plan's boxes 6 ("9073") and 7 ("11157") have their own screens with facilities and progress.
PROGRAMME_BOXES = {6: "eldercare", 7: "sports"}


class BoxScreen(ScrollScreen):
    """One box in full."""

    screen_id = "box"
    page_per_item = True  # seven boxes of text (~1 MiB a page): each keeps its page (MainWindow.screen)

    def box(self) -> plan.Box | None:
        return plan.box(self.ctx.content, self.args) if self.args else None

    def title(self) -> str:
        bx = self.box()
        return (tr("Box {n}").format(n=bx.id) + "  " + bx.title.get(self.lang)) if bx else tr("Box")

    def populate(self) -> None:
        bx = self.box()
        if bx is None:
            self.add_text(tr("This box is not in the current content."))
            return
        for paragraph in bx.body.get(self.lang).split("\n\n"):
            if paragraph.strip():
                card = Card()
                card.body.addWidget(label(paragraph.strip()))
                self.body.addWidget(card)
        if bx.id in PROGRAMME_BOXES:
            self.add_link(tr("See the facilities and the progress"), "", PROGRAMME_BOXES[bx.id], None)
        TermLinks.add(self, bx.body.get(self.lang))

    def read_aloud_text(self) -> str:
        bx = self.box()
        return f"{self.title()}. {bx.body.get(self.lang)}" if bx else self.title()

    @classmethod
    def item_args(cls, ctx) -> list:
        """Every box: each has a page of its own, made ahead (warm-up)."""
        return [bx.id for bx in plan.boxes(ctx.content)]

    @classmethod
    def screenshot_args(cls, ctx):
        return [("6", 6), ("7", 7)]


class GlossaryScreen(ScrollScreen):
    """The appendix's terms; opened at one term, that term comes first and the rest follow."""

    screen_id = "glossary"

    def title(self) -> str:
        return tr("Glossary")

    built_for = ""  # the language the term cards were made in; reload() (new content) forgets it

    def retranslate_ui(self) -> None:
        """The 33 term cards are made once per language and content; opening the glossary at another
        term only moves cards (rebuilding them all on every visit cost ~100 ms)."""
        self.heading.setText(self.title())
        if self.built_for != self.lang:
            super().retranslate_ui()  # clear and populate
            self.built_for = self.lang
        self.arrange()

    def reload(self) -> None:
        self.built_for = ""
        super().reload()

    def populate(self) -> None:
        self.cards: dict[int, Card] = {}
        for term in plan.glossary(self.ctx.content):
            card = Card(role="Card")
            card.body.addWidget(label(term.term.get(self.lang), role="TileTitle"))
            card.body.addWidget(label(term.definition.get(self.lang)))
            self.body.addWidget(card)
            self.cards[term.id] = card

    def arrange(self) -> None:
        """The chosen term first (highlighted), the others in their order; children follow the same
        order, so reading order (and read-aloud) matches what is shown."""
        chosen = int(self.args) if self.args is not None else None
        order = sorted(self.cards, key=lambda term_id: (term_id != chosen, term_id))
        for index, term_id in enumerate(order):
            card = self.cards[term_id]
            if self.body.indexOf(card) != index:
                self.body.removeWidget(card)
                self.body.insertWidget(index, card)
            role = "Panel" if term_id == chosen else "Card"
            if card.objectName() != role:
                card.setObjectName(role)
                card.style().unpolish(card)
                card.style().polish(card)
        for term_id in reversed(order):
            self.cards[term_id].lower()

    @classmethod
    def screenshot_args(cls, ctx):
        return [("", None), ("term16", 16)]

"""Indicator, route and chapter pages are kept per item: shown again as they were, caught up when
the language, elder mode or content changed meanwhile, and bounded; the stack asks hidden pages
nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.screens.plan import ChapterScreen
from kiosk.ui.widgets.page_stack import PageStack
from tests.uitools import HAN, visible_texts


def test_an_indicator_shown_again_is_its_kept_page_not_filled_again(kiosk, monkeypatch):
    window = kiosk.window
    codes = [i.code for i in window.ctx.content.indicators()][:2]
    window.ctx.hub.navigate.emit("indicator", codes[0])
    first = window.stack.currentWidget()
    window.ctx.hub.navigate.emit("indicator", codes[1])
    second = window.stack.currentWidget()
    assert second is not first and window.screens["indicator"] is second
    fills = []
    original = type(first).retranslate_ui
    monkeypatch.setattr(type(first), "retranslate_ui", lambda self: (fills.append(self), original(self))[1])
    window.ctx.hub.navigate.emit("indicator", codes[0])
    assert window.stack.currentWidget() is first and fills == []
    assert first.indicator.code == codes[0]


def test_a_kept_page_catches_up_with_the_language_when_shown(kiosk):
    window = kiosk.window
    window.ctx.hub.navigate.emit("route", window.ctx.content.routes()[0].id)
    route_page = window.stack.currentWidget()
    window.ctx.hub.navigate.emit("home", None)
    window.set_language("en")
    window.ctx.hub.navigate.emit("route", window.ctx.content.routes()[0].id)
    assert window.stack.currentWidget() is route_page
    texts = visible_texts(route_page)
    assert texts and not [t for t in texts if HAN.search(t) and "(" not in t]


def test_at_the_limit_a_new_item_takes_the_least_recently_shown_page(kiosk, monkeypatch):
    monkeypatch.setattr(ChapterScreen, "pages_kept", 2)
    window = kiosk.window
    chapters = [r[0] for r in window.ctx.content.rows("SELECT id FROM chapters ORDER BY id")][:3]
    pages = []
    for chapter in chapters:
        window.ctx.hub.navigate.emit("chapter", chapter)
        pages.append(window.stack.currentWidget())
    assert pages[2] is pages[0]  # no third page built: the first one now shows the third chapter
    assert pages[2].args == chapters[2] and window.title_label.text() == pages[2].title()
    kept = {key[1]: w for key, w in window.item_pages.items() if key[0] == "chapter"}
    assert kept == {chapters[1]: pages[1], chapters[2]: pages[0]}
    window.ctx.hub.navigate.emit("chapter", chapters[1])  # still kept: shown as it was
    assert window.stack.currentWidget() is pages[1]
    window.ctx.hub.navigate.emit("chapter", chapters[0])  # the page on screen is never taken
    assert window.stack.currentWidget() is pages[0] and pages[0].args == chapters[0]


def test_place_pages_are_kept_four_and_made_by_the_warm_up(kiosk, qtbot):
    from kiosk.ui.screens.place import PlaceScreen
    from kiosk.ui.warmup import Warmup

    window = kiosk.window
    places = PlaceScreen.item_args(window.ctx)
    assert len(places) == PlaceScreen.pages_kept == 4
    warmup = Warmup(window)
    for name, step in warmup.plan():
        if name.endswith(" place") or name.startswith("page place") or name == "charts":
            step()
    while warmup.steps:  # the page steps the draw step queued
        warmup.steps.pop(0)[1]()
    made = [w for key, w in window.item_pages.items() if key[0] == "place"]
    assert len(made) == 4
    window.ctx.hub.navigate.emit("place", {"id": places[1]["id"], "kind": places[1]["kind"]})
    assert window.stack.currentWidget() is made[1]  # the same place, its keys in another order
    other = next(p for p in window.ctx.content.pois() if {"kind": "place", "id": p.id} not in places)
    window.ctx.hub.navigate.emit("place", {"kind": "place", "id": other.id})
    page = window.stack.currentWidget()
    assert page in made and page is not made[1]  # refilled, not built
    assert page.heading.text() == page.t(other.name)
    assert len([k for k in window.item_pages if k[0] == "place"]) == 4


def test_idle_reset_resets_kept_pages_too(kiosk, monkeypatch):
    window = kiosk.window
    codes = [i.code for i in window.ctx.content.indicators()][:2]
    for code in codes:
        window.ctx.hub.navigate.emit("indicator", code)
    resets = []
    for page in window.all_screens():
        monkeypatch.setattr(page, "reset", lambda p=page: resets.append(p))
    window.reset_for_next_visitor()
    indicator_pages = [w for (sid, _), w in window.item_pages.items() if sid == "indicator"]
    assert len(indicator_pages) >= 2 and all(p in resets for p in indicator_pages)


class CountingPage(QWidget):
    """A page with a wrapped label that counts the size questions it is asked."""

    def __init__(self):
        super().__init__()
        self.asked = 0
        layout = QVBoxLayout(self)
        text = QLabel("金山 " * 40)
        text.setWordWrap(True)
        layout.addWidget(text)

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        self.asked += 1
        return super().minimumSizeHint()

    def sizeHint(self):  # noqa: N802 - Qt override
        self.asked += 1
        return super().sizeHint()

    def heightForWidth(self, width):  # noqa: N802 - Qt override
        self.asked += 1
        return super().heightForWidth(width)


def test_the_page_stack_shows_one_page_filling_it_and_asks_hidden_pages_nothing(qtbot):
    stack = PageStack()
    qtbot.addWidget(stack)
    pages = [CountingPage() for _ in range(4)]
    for page in pages:
        stack.addWidget(page)
    stack.resize(640, 480)
    stack.show()
    qtbot.waitExposed(stack)
    assert stack.currentWidget() is pages[0] and stack.count() == 4
    hidden = pages[3]
    hidden.asked = 0
    for page in (pages[1], pages[2], pages[1], pages[0]):
        stack.setCurrentWidget(page)
        qtbot.wait(5)
        assert page.isVisible() and page.geometry() == stack.rect()
        assert [p for p in pages if p.isVisible()] == [page]
    assert hidden.asked == 0
    stack.resize(800, 600)
    assert pages[0].geometry() == stack.rect()


def test_focus_on_the_page_that_goes_moves_off_it(qtbot):
    from PySide6.QtWidgets import QApplication, QLineEdit

    stack = PageStack()
    qtbot.addWidget(stack)
    first, second = QLineEdit(), QLineEdit()
    stack.addWidget(first)
    stack.addWidget(second)
    stack.show()
    qtbot.waitExposed(stack)
    stack.activateWindow()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=2000)
    stack.setCurrentWidget(second)
    assert not first.hasFocus() and QApplication.focusWidget() is not first


def test_the_warmup_makes_every_item_page_ahead(kiosk, qtbot):
    """While nobody touches the kiosk, every indicator, route and chapter gets its page; a visit
    after that builds nothing."""
    window = kiosk.window
    window.idle.last_input = float("-inf")
    window.warmup.start()
    qtbot.waitUntil(lambda: window.warmup.done, timeout=120_000)
    content = window.ctx.content
    for screen_id, items in (("indicator", [i.code for i in content.indicators()]),
                             ("route", [r.id for r in content.routes()]),
                             ("chapter", [r[0] for r in content.rows("SELECT id FROM chapters")])):
        assert {item for sid, item in window.item_pages if sid == screen_id} == set(items)
    pages = window.stack.count()
    window.ctx.hub.navigate.emit("indicator", content.indicators()[-1].code)
    window.ctx.hub.navigate.emit("route", content.routes()[-1].id)
    assert window.stack.count() == pages


def test_an_indicator_page_made_by_the_warm_up_is_shown_without_drawing_its_axes_again(kiosk, monkeypatch):
    """The warm-up paints a hidden page twice: its first paint grows the chart's axes to fit their
    tick labels, and the page's first visit then recorded the axes again at the grown size."""
    from kiosk.ui.charts.axis import RememberingAxis
    from kiosk.ui.warmup import Warmup

    window = kiosk.window
    warmup = Warmup(window)
    for name, step in warmup.plan():
        if name.endswith(" indicator") or name == "charts":
            step()
    while warmup.steps:  # the page steps the draw step queued
        warmup.steps.pop(0)[1]()
    recorded = []
    original = RememberingAxis._record
    monkeypatch.setattr(RememberingAxis, "_record", lambda self: (recorded.append(self), original(self))[1])
    code = [i.code for i in window.ctx.content.indicators()][4]
    window.ctx.hub.navigate.emit("indicator", code)
    assert window.stack.currentWidget().indicator.code == code
    assert recorded == []

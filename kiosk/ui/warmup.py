"""Work done ahead while nobody touches the screen: the chart libraries, then every screen built and drawn.

Without it the first visit of the indicator screens waited for pyqtgraph and numpy (~250 ms) and every
screen's first visit paid for building its widgets. The warm-up runs one short step at a time from the
event loop, only after the home screen's first frame, and pauses while someone is touching the screen,
so a touch waits for one step at most.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.main_window import item_key
from kiosk.ui.screens import screen_class

log = logging.getLogger(__name__)

STEP_GAP_MS = 20  # between steps, so input and timers are handled in between
QUIET_S = 1.5  # after a touch, wait this long before the next step
# The most expensive first visits first; the other screens follow in SCREENS order.
FIRST = ("indicators", "sports", "route", "indicator", "eldercare", "search")
# Screens whose open() with their screenshot arguments only loads content (no side effects).
NO_OPEN = ("admin", "search", "home")


class Warmup(QObject):
    """Imports the chart libraries, then builds, opens and draws each screen off screen, one step a time."""

    finished = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.steps: list[tuple[str, Callable[[], None]]] = []
        self.step_ms: dict[str, float] = {}  # what each step cost (bench/ reports the longest)
        self.started = False
        self.done = False
        self.done_once = False

    def plan(self) -> list[tuple[str, Callable[[], None]]]:
        from kiosk.ui.memory import tune_malloc
        from kiosk.ui.screens import SCREENS

        steps: list[tuple[str, Callable[[], None]]] = [("malloc", tune_malloc), ("charts", import_charts)]
        order = list(FIRST) + [s for s in SCREENS if s not in FIRST]
        for screen_id in order:
            if screen_id not in SCREENS:
                continue
            steps.append((f"build {screen_id}", lambda s=screen_id: self.build(s)))
            if screen_id not in NO_OPEN:
                steps.append((f"open {screen_id}", lambda s=screen_id: self.open(s)))
            steps.append((f"draw {screen_id}", lambda s=screen_id: self.draw(s)))
        return steps

    def start(self) -> None:
        """Begin (once): the first step runs on the next turn of the event loop."""
        if self.started:
            return
        self.started = True
        self.steps = self.plan() + self.steps
        QTimer.singleShot(STEP_GAP_MS, self.next_step)

    def catch_up(self, name: str, screen_ids, step: Callable[[str], None]) -> None:
        """Later work of the same kind (hidden screens to reload, retranslate or restyle after a
        content, language or elder switch), done in the same quiet steps; a screen shown before its
        step still catches up when shown."""
        queued = {n for n, _ in self.steps}
        for screen_id in screen_ids:
            if f"{name} {screen_id}" not in queued:
                self.steps.append((f"{name} {screen_id}", lambda s=screen_id: step(s)))
        if self.started and self.done and self.steps:
            self.done = False
            QTimer.singleShot(STEP_GAP_MS, self.next_step)

    def next_step(self) -> None:
        if not self.steps:
            if not self.done_once:
                self.done_once = True
                log.info("warm-up done: %d steps, longest %s", len(self.step_ms),
                         max(self.step_ms.items(), key=lambda kv: kv[1], default=("-", 0)))
            self.done = True
            self.finished.emit()
            return
        quiet = time.monotonic() - self.window.idle.last_input
        if quiet < QUIET_S:  # someone is using the kiosk: do not compete with their taps
            QTimer.singleShot(min(int((QUIET_S - quiet) * 1000) + 1, 500), self.next_step)
            return
        name, step = self.steps.pop(0)
        t0 = time.perf_counter()
        try:
            step()
        except Exception:  # noqa: BLE001 - a failed warm-up only means a slower first visit
            log.exception("warm-up step %s failed", name)
        self.step_ms[name] = round((time.perf_counter() - t0) * 1000, 1)
        QTimer.singleShot(STEP_GAP_MS, self.next_step)

    # -- steps --------------------------------------------------------------------------------------
    def screen(self, screen_id: str):
        """The screen to make ready: for a screen kept per item, the page of the item its screenshots
        show first (the others follow as "page" steps)."""
        window = self.window
        cls = screen_class(screen_id)
        if cls.page_per_item:
            return window.screen(screen_id, cls.screenshot_args(window.ctx)[0][1])
        return window.screen(screen_id)

    def build(self, screen_id: str) -> None:
        window = self.window
        widget = self.screen(screen_id)
        window.style_screen(widget)
        window.translate_screen(widget)

    def open(self, screen_id: str) -> None:
        """Fill the screen once with the arguments its screenshots use (charts, maps), then forget them."""
        widget = self.screen(screen_id)
        if widget is self.window.stack.currentWidget():
            return
        widget.open(type(widget).screenshot_args(self.window.ctx)[0][1])
        widget.reset()

    def page(self, screen_id: str, args) -> None:
        """Build, fill and draw one item's page of a screen kept per item, as its first visit would."""
        window = self.window
        widget = window.screen(screen_id, args)
        if widget is window.stack.currentWidget():
            return
        window.style_screen(widget)
        window.translate_screen(widget)
        widget.open(args)
        widget.reset()
        self.paint_hidden(widget)

    def draw(self, screen_id: str) -> None:
        """Polish, lay out and paint the hidden screen into a throwaway image (style, glyph caches)."""
        window = self.window
        widget = self.screen(screen_id)
        if widget is not window.stack.currentWidget():
            self.paint_hidden(widget)
        prepare = getattr(widget, "prepare_ahead", None)
        if callable(prepare):  # anything else the screen can make ready (pictures, QR codes)
            later = prepare() or []  # ... done now, or as further steps of their own
            self.steps[0:0] = [(f"prepare {screen_id} {i}", step) for i, step in enumerate(later)]
        if widget.page_per_item:  # every other item's page, after all screens
            self.steps += [(f"page {screen_id} {args}", lambda a=args: self.page(screen_id, a))
                           for args in type(widget).item_args(window.ctx)
                           if item_key(screen_id, args) not in window.item_pages]

    def paint_hidden(self, widget) -> None:
        """Lay a hidden screen out at the stack's size, settle it as show_screen does (a chart's axes
        grow to fit the tick labels they draw: left to the first visit, that visit recorded them
        again, ~2.5 ms) and paint it into a throwaway image."""
        widget.resize(self.window.stack.size())
        widget.setUpdatesEnabled(True)  # hidden screens have updates off (see show_screen)
        self.window.lay_out_now()  # the layouts and queued repaints, as show_screen takes them
        widget.settle()
        widget.grab()
        widget.setUpdatesEnabled(False)


def import_charts() -> None:
    """pyqtgraph and numpy, which the indicator, sports and eldercare screens draw with."""
    import kiosk.ui.charts.indicator_charts  # noqa: F401
    import kiosk.ui.charts.shares  # noqa: F401

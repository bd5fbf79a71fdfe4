"""Navigation, a day in a minute and search, driven through the real MainWindow inside app.exec().

Each step runs from a zero-timer inside the real event loop (so deleteLater and other deferred work
happen as they would in the kiosk), then the time is taken from the action to the end of the paint
that shows its result:
    t0 -> action (hub.navigate.emit / keyboard key / switch) -> processEvents() -> t1
processEvents() handles the layout requests and the window's UpdateRequest, whose handler paints
every dirty widget into the backing store and flushes it before returning. An event filter on each
screen notes its Paint events; in the rare case the screen was not painted inside processEvents()
the step forces window.repaint() and counts that as part of the time (`forced_repaints`). Frames of
the window that follow at once (work the action left for the next round of the event loop) are timed
too, to the end of the last one (`follow_up_frames`); whatever is still queued then runs untimed
before the next measurement, so neither the kiosk's nor the floor's time holds the other's work.
Run: python -m bench.ui [--quick]; prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_DATA_DIR", tempfile.mkdtemp(prefix="kiosk-bench-ui-"))
os.environ.setdefault("KIOSK_SETTINGS", str(Path(os.environ["KIOSK_DATA_DIR"]) / "settings.toml"))
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QPixmapCache  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bench.memstat import breakdown  # noqa: E402
from bench.stats import summary  # noqa: E402


def rss_kb() -> int:
    """Resident memory (VmRSS) of this process in kB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class PaintWatch(QObject):
    """Remembers when each watched screen last received a Paint event."""

    def __init__(self):
        super().__init__()
        self.last: dict[int, int] = {}

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.last[id(obj)] = time.perf_counter_ns()
        return False


def quiet_messages(kind, _context, message) -> None:
    """Drop the offscreen plugin's per-show notice; pass everything else on to stderr."""
    if "propagateSizeHints" not in message:
        print(f"qt {kind.name if isinstance(kind, QtMsgType) else kind}: {message}", file=sys.stderr)


class FloorWindow(QMainWindow):
    """The floor for navigation: a stack of two plain pages of 40 labels, same size, same process."""

    def __init__(self, size):
        super().__init__()
        self.stack = QStackedWidget()
        for page_no in range(2):
            page = QWidget()
            layout = QVBoxLayout(page)
            for i in range(40):
                layout.addWidget(QLabel(f"第 {page_no} 页 · line {i} 金山区"))
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.resize(*size)
        self.show()

    def flip(self) -> None:
        self.stack.setCurrentIndex(1 - self.stack.currentIndex())


class Driver:
    """Holds the kiosk and times actions until the screen that shows their result is painted."""

    def __init__(self, db: Path, size=(1920, 1080)):
        from kiosk.ui.application import KioskApplication

        qInstallMessageHandler(quiet_messages)
        self.kiosk = KioskApplication(db_path=db, lang="zh_CN")
        if self.kiosk.startup_error:
            raise SystemExit(self.kiosk.startup_error)
        self.app: QApplication = self.kiosk.app
        self.window = self.kiosk.window
        self.hub = self.kiosk.ctx.hub
        self.ctx = self.kiosk.ctx
        self.watch = PaintWatch()
        self.watched: set = set()  # the screens (widgets) with the paint watch on
        self.forced_repaints = 0
        self.follow_up_frames = 0  # paints after an action's first one (see timed)
        # the running kiosk's input filters (key guard, tap guard, idle watcher) as it runs them; the
        # idle countdown itself is not (no visitor taps here, so it would send the kiosk home in the
        # middle of the run)
        self.kiosk.install_input_filters(kiosk_mode=True)
        self.window.idle.timer.stop()
        self.window.resize(*size)
        self.window.show()
        self.floor = FloorWindow(size)
        self.floor.installEventFilter(self.watch)
        # The kiosk's window is the active one, as on a kiosk. (Up to the eighth pass of issue 14 the
        # floor's window, shown after it, was: the charts then skipped the repaint of every item
        # that QGraphicsView asks for when a chart is shown or hidden in the active window.)
        self.window.activateWindow()
        self.floor_forced_repaints = 0
        self.window.installEventFilter(self.watch)  # every frame of the window (see timed)
        self.app.processEvents()

    def timed_floor(self) -> float:
        """Milliseconds for the floor window to switch page and paint, timed by the kiosk's rule (a
        repaint is forced only if the event loop did not paint). The kiosk's input filters are on
        the kiosk's own window (guard.WindowInput), so the floor window never passes through them.
        (Up to the seventh pass of issue 14 the floor always forced a repaint after the event loop
        had painted: two paints, a floor twice as slow as one page switch, so the ratios were too
        kind by about 2x.)"""
        t0 = time.perf_counter_ns()
        self.floor.flip()
        self.app.processEvents()
        if self.watch.last.get(id(self.floor), 0) < t0:
            self.floor.repaint()
            self.floor_forced_repaints += 1
        ms = (time.perf_counter_ns() - t0) / 1e6
        self.drain()
        return ms

    def drain(self) -> None:
        """Run, untimed, whatever is still queued or due: else it lands in the next measurement. (Up
        to the sixth pass of issue 14 the kiosk's left-over work - a chart's second paint, a table's
        deferred layout - ran in the floor's measurement that came next: a floor too slow, a kiosk
        too fast.)"""
        for _ in range(3):
            self.app.processEvents()

    def current(self):
        widget = self.window.stack.currentWidget()
        self.watch_screen(widget)
        return widget

    def watch_screen(self, widget) -> None:
        if widget not in self.watched:
            widget.installEventFilter(self.watch)
            self.watched.add(widget)

    def watch_all_screens(self) -> None:
        """Every page the window has, watched before an action. (Up to the eighth pass of issue 14
        a page was watched only once it was the current one, after the action: the first time a
        page was shown its paint went unseen and a second paint of the whole window was forced and
        timed. With a kept page per indicator, route and chapter, ~50 such first shows fell among
        the changes 'after first visit', around their p95.)"""
        for widget in self.window.all_screens():
            self.watch_screen(widget)

    def timed(self, action) -> float:
        """Milliseconds from calling action() to the last frame it caused: the current screen painted,
        and any paint of the window that follows at once (work left for later is part of the action:
        the resident sees its frame). What is left after that runs untimed (drain)."""
        self.watch_all_screens()  # the page about to be shown too (see there)
        self.window.idle.activity()  # the tap that starts the action: the warm-up keeps out of its way
        t0 = time.perf_counter_ns()
        action()
        self.app.processEvents()
        end = time.perf_counter_ns()
        screen = self.current()
        if self.watch.last.get(id(screen), 0) < t0:
            self.window.repaint()
            self.forced_repaints += 1
            end = time.perf_counter_ns()
        for _ in range(3):  # frames that follow the first one
            before = self.watch.last.get(id(self.window), 0)
            self.app.processEvents()
            if self.watch.last.get(id(self.window), 0) == before:
                break
            self.follow_up_frames += 1
            end = time.perf_counter_ns()
        self.drain()
        return (end - t0) / 1e6

    def snapshot(self) -> dict:
        gc.collect()
        return {"rss_kb": rss_kb(), "py_objects": len(gc.get_objects()),
                "qt_widgets": len(QApplication.allWidgets()),
                "memory_breakdown": {**breakdown(), "pixmap_cache_limit_kb": QPixmapCache.cacheLimit()}}


def nav_targets(ctx) -> list[tuple[str, object]]:
    """Every screen with every argument set it shows in screenshots, plus every indicator and route."""
    from kiosk.ui.screens import SCREENS, screen_class

    targets: list[tuple[str, object]] = []
    for screen_id in SCREENS:
        for _suffix, args in screen_class(screen_id).screenshot_args(ctx):
            targets.append((screen_id, args))
    content = ctx.content
    targets += [("indicator", i.code) for i in content.indicators()]
    targets += [("route", r.id) for r in content.routes()]
    targets += [("chapter", r[0]) for r in content.rows("SELECT id FROM chapters")]
    targets += [("box", r[0]) for r in content.rows("SELECT number FROM boxes")] \
        if _has_column(content, "boxes", "number") else []
    seen, out = set(), []
    for t in targets:
        key = (t[0], repr(t[1]))
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _has_column(content, table: str, column: str) -> bool:
    return any(r[1] == column for r in content.rows(f"PRAGMA table_info({table})"))


def search_words(ctx, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(form, text) for n items of the search index: pinyin initials, pinyin, English, Chinese."""
    rows = ctx.content.rows("SELECT kind, item_id, title_zh, title_en, pinyin, initials "
                            "FROM search_index ORDER BY kind, item_id")
    rows = rng.sample(list(rows), min(n, len(rows)))
    words = []
    for r in rows:
        words += [("initials", (r["initials"] or "").lower()),
                  ("pinyin", "".join((r["pinyin"] or "").split()).lower()),
                  ("english", (r["title_en"] or "").lower()),
                  ("chinese", r["title_zh"] or "")]
    return [(form, text[:40]) for form, text in words if text]


# ---- scenarios (generators: each yield hands control back to the event loop) ----------------------

def quiet_time(d: Driver, limit_s: float = 30.0):
    """Between visitors the kiosk stands untouched (the idle reset comes after a minute or more):
    its queued quiet work (screens to retranslate, restyle or reload) runs then, outside any timing."""
    w = d.window.warmup
    d.window.idle.last_input = float("-inf")
    t0 = time.perf_counter()
    while w.steps and time.perf_counter() - t0 < limit_s:
        time.sleep(0.002)
        yield


def warmup(d: Driver, out: dict):
    """The kiosk stands untouched after start, as it does before its first visitor, until its warm-up
    (chart libraries imported, every screen built and drawn ahead) is done; the longest warm-up step is
    the most a touch during the warm-up could wait."""
    w = d.window.warmup
    t0 = time.perf_counter()
    w.start()
    while not w.done and time.perf_counter() - t0 < 120:
        time.sleep(0.005)
        yield
    longest = max(w.step_ms.items(), key=lambda kv: kv[1], default=("-", 0.0))
    out["warmup"] = {"done": w.done, "seconds": round(time.perf_counter() - t0, 2), "steps": len(w.step_ms),
                     "work_ms": round(sum(w.step_ms.values()), 1), "longest_step": list(longest),
                     "step_ms": w.step_ms}


def navigation(d: Driver, out: dict, n: int, rng: random.Random):
    targets = nav_targets(d.ctx)
    visited: set[str] = {d.window.current_id}
    first: list[float] = []
    later: list[float] = []
    first_by_screen: dict[str, float] = {}
    later_by_screen: dict[str, list[float]] = {}
    residents: list[float] = []  # the same, without the staff screen
    order = list(targets)
    rng.shuffle(order)  # every target once first (every screen, chart and map), then random
    plan = order + [rng.choice(targets) for _ in range(max(0, n - len(order)))]
    floor: list[float] = []
    reshown: list[float] = []  # the same page shown again by Qt alone: no kiosk work (see below)
    for screen_id, args in plan[:max(n, len(order))]:
        floor.append(d.timed_floor())  # interleaved: floor, kiosk, floor, kiosk ...
        before = d.window.stack.currentWidget()
        ms = d.timed(lambda s=screen_id, a=args: d.hub.navigate.emit(s, a))
        if screen_id in visited:
            later.append(ms)
            later_by_screen.setdefault(screen_id, []).append(ms)
            if screen_id != "admin":
                residents.append(ms)
            reshown.append(time_reshow(d, before))
        else:
            visited.add(screen_id)
            first.append(ms)
            first_by_screen[screen_id] = round(ms, 1)
        yield
    out["navigation"] = {
        "targets": len(targets), "navigations": len(first) + len(later),
        "first_visit": summary(first), "first_visit_by_screen_ms": first_by_screen,
        "after_first_visit": summary(later), "floor_page_switch": summary(floor),
        "same_pages_reshown_by_qt": summary(reshown),
        "after_first_visit_residents": summary(residents),
        "after_first_visit_p95_by_screen_ms": {k: summary(v)["p95"] for k, v in later_by_screen.items()},
        "kiosk_window_active": d.window.isActiveWindow(),
    }


def time_reshow(d: Driver, other) -> float:
    """Milliseconds for Qt alone to show the page just navigated to once more, as it is: the stack
    goes back to the page shown before (untimed), then to this page again, with no kiosk code in
    between (no open, no new texts). What a page costs Qt to show, lay out and paint, as a reference
    for how much of a page change is the kiosk's own work."""
    stack = d.window.stack
    page = stack.currentWidget()
    if other is None or other is page:
        return d.timed(page.update)
    other.setUpdatesEnabled(True)
    stack.setCurrentWidget(other)
    d.drain()
    ms = d.timed(lambda: stack.setCurrentWidget(page))
    other.setUpdatesEnabled(False)  # as show_screen leaves a page that is not shown
    return ms


def search(d: Driver, out: dict, n_names: int, rng: random.Random):
    from kiosk.data.search import SearchIndex

    d.timed(lambda: d.hub.navigate.emit("search", None))
    yield
    screen = d.window.screens["search"]
    words = search_words(d.ctx, n_names, rng)
    by_form: dict[str, list[float]] = {}
    data_only: list[float] = []
    index: SearchIndex = screen.index
    for form, word in words:
        screen.keyboard.cleared.emit()
        d.app.processEvents()
        yield
        for i, ch in enumerate(word):
            ms = d.timed(lambda c=ch: screen.keyboard.typed.emit(c))
            by_form.setdefault(form, []).append(ms)
            t0 = time.perf_counter_ns()
            index.search(word[:i + 1])
            data_only.append((time.perf_counter_ns() - t0) / 1e6)
            yield
    everything = [v for vs in by_form.values() for v in vs]
    out["search"] = {"items": n_names, "words": len(words), "keystrokes": len(everything),
                     "key_to_results_shown": summary(everything),
                     "by_form_p95_ms": {k: summary(v)["p95"] for k, v in by_form.items()},
                     "index_search_only": summary(data_only)}


def canonical_tour(d: Driver):
    """Every screen once with fixed arguments, then home: screens keep their last page, so memory and
    widget counts are only comparable after the same tour."""
    from kiosk.ui.screens import SCREENS, screen_class

    d.hub.idle_reset.emit()
    d.window.attract.hide()
    for screen_id in SCREENS:
        args = screen_class(screen_id).screenshot_args(d.ctx)[0][1]
        d.timed(lambda s=screen_id, a=args: d.hub.navigate.emit(s, a))
        yield
    d.hub.idle_reset.emit()
    d.window.attract.hide()
    d.app.processEvents()
    yield
    yield


def visitor_actions(d: Driver, rng: random.Random, targets, queries):
    """One visitor: maybe the other language, maybe elder mode, a search or two, taps, back."""
    if rng.random() < 0.35:
        yield "language", d.window.toggle_language
    if rng.random() < 0.12:
        yield "elder", lambda: d.window.set_elder_mode(not d.ctx.state.elder_mode)
    for _ in range(rng.randint(4, 24)):
        r = rng.random()
        if r < 0.08:  # a search typed key by key on the on-screen keyboard
            yield "search", lambda: d.hub.navigate.emit("search", None)
            search = d.window.screens["search"]
            for ch in rng.choice(queries)[:rng.randint(1, 6)]:
                yield "search", lambda c=ch, s=search: s.keyboard.typed.emit(c)
        elif r < 0.25:
            yield "back", d.hub.go_back.emit
        else:
            s, a = rng.choice(targets)
            yield "navigate", lambda s=s, a=a: d.hub.navigate.emit(s, a)
    yield "idle_reset", d.hub.idle_reset.emit


def day(d: Driver, out: dict, n: int, warmup: int, rng: random.Random):
    """Visitor after visitor: navigations, language switches, elder mode, searches, idle resets."""
    targets = nav_targets(d.ctx)
    queries = [w for _f, w in search_words(d.ctx, 60, rng)]
    checkpoints: list[dict] = []
    counts = {"navigate": 0, "back": 0, "language": 0, "elder": 0, "search": 0, "idle_reset": 0}
    times: dict[str, list[float]] = {k: [] for k in counts}
    every = max(1, (n - warmup) // 10)
    step, visitors, next_check = 0, 0, warmup
    while step < n:
        visitors += 1
        for kind, action in visitor_actions(d, rng, targets, queries):
            counts[kind] += 1
            times[kind].append(d.timed(action))
            if kind == "idle_reset":
                d.window.attract.hide()  # the attract loop would cover the next visitor's taps
                yield from quiet_time(d)
            step += 1
            yield
        if step >= next_check or step >= n:
            yield from canonical_tour(d)
            checkpoints.append({"action": step, "visitors": visitors, **d.snapshot()})
            next_check += every
    base, end = checkpoints[0], checkpoints[-1]

    def growth(key):
        return round(100 * (end[key] - base[key]) / base[key], 2)

    widgets = [c["qt_widgets"] for c in checkpoints]
    out["day"] = {"actions": step, "visitors": visitors, "warmup_actions": warmup, "counts": counts,
                  "action_time": summary([t for ts in times.values() for t in ts]),
                  "time_by_kind": {k: summary(v) for k, v in times.items() if v},
                  "warm": base, "end": end,
                  "rss_growth_pct": growth("rss_kb"), "py_objects_growth_pct": growth("py_objects"),
                  "qt_widgets_range": [min(widgets), max(widgets)],
                  "checkpoints": checkpoints}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=ROOT / "build" / "content.sqlite")
    p.add_argument("--navs", type=int, default=1000)
    p.add_argument("--day", type=int, default=10_000)
    p.add_argument("--warmup", type=int, default=1000)
    p.add_argument("--search-items", type=int, default=200)
    p.add_argument("--only", choices=("navigation", "search", "day"), action="append")
    p.add_argument("--seed", type=int, default=2035)
    args = p.parse_args(argv)
    d = Driver(args.db)
    out: dict = {}
    rng = random.Random(args.seed)
    parts = args.only or ["navigation", "search", "day"]
    steps = [warmup(d, out)]
    if "navigation" in parts:
        steps.append(navigation(d, out, args.navs, rng))
    if "search" in parts:
        steps.append(search(d, out, args.search_items, rng))
    if "day" in parts:
        steps.append(day(d, out, args.day, min(args.warmup, args.day), rng))
    started = time.perf_counter()

    def tick():
        while steps:
            try:
                next(steps[0])
                QTimer.singleShot(0, tick)
                return
            except StopIteration:
                steps.pop(0)
        d.app.quit()

    QTimer.singleShot(0, tick)
    d.app.exec()
    out["forced_repaints"] = d.forced_repaints
    out["floor_forced_repaints"] = d.floor_forced_repaints
    out["follow_up_frames"] = d.follow_up_frames
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

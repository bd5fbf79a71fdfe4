"""Package apply: verify + validate + install a signed package of 10,000 facility rows and all values.

The package is clearly synthetic (ids `bench-synthetic-NNNNN`, names "合成测试设施 / Synthetic test
facility") and exists only in a temporary folder; it is applied to a temporary data dir, never db/.
Four runs, each on a fresh data dir:
  plain         prepare_package + install_prepared with no event loop: the time, step by step;
  worker        the same calls on a Python worker thread while the UI thread keeps painting;
  ui_thread     the same calls from the event loop on the UI thread (how the admin screen did it
                before it used a worker: kept as the reference for what a blocking apply costs);
  admin_screen  as the admin screen does it: the real kiosk window, the package found on a "stick",
                the screen's own check job (verify + validate + diff) and install job on its worker
                thread (kiosk.ui.worker), then the content switch and re-check on the UI thread.
During the last three a 16 ms QTimer repaints a label and records the gaps between its ticks.
Run: python -m bench.package_apply [--rows N]; prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_DATA_DIR", tempfile.mkdtemp(prefix="kiosk-bench-apply-kiosk-"))
os.environ.setdefault("KIOSK_SETTINGS", str(Path(os.environ["KIOSK_DATA_DIR"]) / "settings.toml"))

from bench.stats import summary  # noqa: E402

FRAME_MS = 16
YEARS = range(2016, 2026)


def synthetic_tables(n_facilities: int, factory: Path) -> dict[str, bytes]:
    """facilities (the real rows plus n synthetic ones) and indicator_values for every indicator."""
    from kiosk.data.diff import read_database_rows
    from kiosk.data.schema import TABLES_BY_NAME

    current = read_database_rows(factory, ["facilities", "indicators", "towns", "facility_types"])
    towns = [t for t in current["towns"] if t.get("lat") is not None] or current["towns"]
    types = current["facility_types"]
    facilities = list(current["facilities"])
    for i in range(n_facilities):
        town, kind = towns[i % len(towns)], types[i % len(types)]
        facilities.append({
            "id": f"bench-synthetic-{i:05d}", "program": kind["program"], "type": kind["id"],
            "town_id": town["id"], "name_zh": f"合成测试设施 {i:05d}",
            "name_en": f"Synthetic test facility {i:05d}", "named": 0, "status": "open",
            "address_zh": f"{town['name_zh']}测试路 {i % 500} 号", "address_en": f"{i % 500} Test Road",
            "hours_zh": "9:00–17:00", "hours_en": "9:00-17:00", "phone": "021-00000000",
            "services_zh": "基准测试数据，非真实设施", "services_en": "benchmark data, not a real facility",
            "beds": i % 120 or None, "lat": town.get("lat"), "lon": town.get("lon"),
            "precision": "town", "datum": "unknown", "source": "bench (synthetic)",
            "confidence": "low"})
    values = [{"indicator_code": ind["code"], "year": year, "value": float(10 + (hash(ind["code"]) % 50) + j),
               "note_zh": "合成基准数据", "note_en": "synthetic benchmark data",
               "source": "bench (synthetic)", "confidence": "low"}
              for ind in current["indicators"] for j, year in enumerate(YEARS)]
    return {"facilities": _csv(TABLES_BY_NAME["facilities"].column_names, facilities),
            "indicator_values": _csv(TABLES_BY_NAME["indicator_values"].column_names, values)}


def _csv(columns, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return out.getvalue().encode("utf-8")


class StepClock:
    """Times the apply steps through generations' crash-test checkpoint hook."""

    def __init__(self):
        from kiosk.data import generations

        self.generations = generations
        self.original = generations._checkpoint
        self.marks: list[tuple[str, int]] = []

    def __enter__(self):
        def mark(step: str) -> None:
            self.marks.append((step, time.perf_counter_ns()))
            self.original(step)

        self.marks = [("start", time.perf_counter_ns())]
        self.generations._checkpoint = mark
        return self

    def __exit__(self, *exc):
        self.generations._checkpoint = self.original

    def steps_ms(self) -> dict[str, float]:
        return {step: round((t - self.marks[i][1]) / 1e6, 1)
                for i, (step, t) in enumerate(self.marks[1:])}


def apply_once(package: Path, trusted: list[str], factory: Path) -> dict:
    """prepare_package + install_prepared on a fresh data dir; the times and the result."""
    from kiosk.data.generations import install_prepared, prepare_package

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-apply-") as data_dir, StepClock() as clock:
        t0 = time.perf_counter_ns()
        prep = prepare_package(package, Path(data_dir), trusted, factory)
        t1 = time.perf_counter_ns()
        result = install_prepared(prep, Path(data_dir), factory)
        t2 = time.perf_counter_ns()
    if not result.ok:
        raise RuntimeError(f"apply refused: {result.code} {result.message_en}")
    return {"total_ms": round((t2 - t0) / 1e6, 1), "prepare_ms": round((t1 - t0) / 1e6, 1),
            "install_ms": round((t2 - t1) / 1e6, 1), "steps_ms": clock.steps_ms()}


def on_worker_thread(work):
    """begin() for with_event_loop: work() on a plain Python thread."""
    def begin(finish):
        def run():
            try:
                finish(work())
            except Exception as exc:  # reported, not raised, so the event loop always ends
                finish(error=repr(exc))

        threading.Thread(target=run, daemon=True).start()

    return begin


def on_ui_thread(work):
    """begin() for with_event_loop: work() right here, blocking the event loop."""
    def begin(finish):
        try:
            finish(work())
        except Exception as exc:
            finish(error=repr(exc))

    return begin


def idle_for(seconds: float):
    """begin() for with_event_loop: no work at all for a while; the gaps the ticker sees then are the
    floor of this machine at this moment (other processes, the OS), measured beside the apply."""
    def begin(finish):
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(seconds * 1000), lambda: finish({"total_ms": seconds * 1000}))

    return begin


def with_event_loop(begin) -> dict:
    """begin(finish) starts the work from the event loop while a 16 ms timer repaints a label;
    the work calls finish(result) or finish(error=...) when it ends (from any thread).
    Returns the result with the gaps between ticks while the work ran."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("0")
    label.resize(400, 100)
    label.show()
    ticks: list[int] = []
    state: dict = {}

    def tick():
        ticks.append(time.perf_counter_ns())
        label.setText(str(len(ticks)))
        label.repaint()
        if "done" in state and ticks[-1] > state["done"] + 100 * 1_000_000:
            app.quit()

    def finish(result=None, error=None):
        if error is not None:
            state["error"] = error
        else:
            state["result"] = result
        state["done"] = time.perf_counter_ns()

    def start():
        state["start"] = time.perf_counter_ns()
        begin(finish)

    gc_pauses: list[float] = []
    gc_start: list[int] = []

    def gc_watch(phase, info):  # a full collection holds the GIL: it stalls the UI from any thread
        if phase == "start":
            gc_start[:] = [time.perf_counter_ns()]
        elif gc_start and info["generation"] == 2:
            gc_pauses.append((time.perf_counter_ns() - gc_start[0]) / 1e6)

    gc.callbacks.append(gc_watch)
    timer = QTimer()
    timer.setInterval(FRAME_MS)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(200, start)
    QTimer.singleShot(120_000, app.quit)  # never hang the bench
    app.exec()
    gc.callbacks.remove(gc_watch)
    timer.stop()
    label.close()
    if "error" in state or "done" not in state:
        raise RuntimeError(state.get("error", "the work did not end within 120 s"))
    during = [t for t in ticks if state["start"] <= t <= state["done"] + FRAME_MS * 1_000_000 * 3]
    # gaps that overlap the work: from the last tick before it started to the first after it ended
    before = [t for t in ticks if t < state["start"]][-1:]
    after = [t for t in ticks if t > state["done"]][:1]
    series = before + [t for t in during if t not in after] + after
    pairs = list(zip(series, series[1:], strict=False))
    gaps = [(b - a) / 1e6 for a, b in pairs]
    result = dict(state["result"])
    marks = result.pop("marks_ns", {})
    out = {**result, "frame_gaps": summary(gaps),
           "max_frame_gap_ms": round(max(gaps), 1) if gaps else None,
           "gaps_over_100ms": sum(g > 100 for g in gaps),
           "gc_full_collections": len(gc_pauses),
           "gc_full_max_ms": round(max(gc_pauses), 1) if gc_pauses else 0.0}
    if pairs and marks:  # which phase the longest gap fell in (the last mark at or before its end)
        a, b = pairs[gaps.index(max(gaps))]
        out["max_frame_gap_phase"] = max(((t, name) for name, t in marks.items() if t <= b),
                                         default=(0, "start"))[1]
        def phase_at(end):
            return max(((t, name) for name, t in marks.items() if t <= end), default=(0, "start"))[1]

        ranked = sorted(zip(gaps, pairs, strict=False), key=lambda gp: -gp[0])[:5]
        out["longest_gaps"] = [[round(g, 1), phase_at(b), round((a - marks.get("start", a)) / 1e6)]
                               for g, (a, b) in ranked]  # ms, phase, ms after the start
        outside = [g for (x, y), g in zip(pairs, gaps, strict=False)
                   if not x <= marks.get("switched", -1) <= y]
        out["max_frame_gap_outside_switch_ms"] = round(max(outside), 1) if outside else None
    return out


class AdminScreenRun:
    """Apply as the admin screen does it, on the real kiosk window: open the (unlocked) admin screen
    with the package on a fake stick, wait for its check job, tap-equivalent do_apply(), wait for the
    install job, the content switch and the re-check. Phases are marked for the report."""

    def __init__(self, stick: Path, trusted: list[str], factory: Path, data_dir: Path):
        from kiosk.data import generations, usb
        from kiosk.ui.application import KioskApplication

        usb.candidate_mount_points = lambda: [stick]  # this process only: the bench's own "stick"
        self.kiosk = KioskApplication(db_path=factory, lang="zh_CN")
        if self.kiosk.startup_error:
            raise RuntimeError(self.kiosk.startup_error)
        window = self.kiosk.window
        self.kiosk.settings.trusted_keys = list(trusted)
        window.staff_tools.data_dir = data_dir
        window.resize(1920, 1080)
        window.show()
        # The read-aloud probe runs 0.4 s after start and blocked the UI thread for seconds on this
        # machine (speech engine start-up), landing inside the check; on a kiosk staff come long
        # after it, so it is done here first and the gaps measured are the apply's own.
        if callable(getattr(window, "init_speech", None)):
            window.init_speech()
        from kiosk.ui import application

        if hasattr(application, "isolate_database_builds"):  # as the running kiosk does after start
            application.isolate_database_builds()
        if hasattr(window, "warmup"):  # the running kiosk's warm-up built the admin screen long ago
            window.screen("admin")
        self.factory = factory
        self.marks: dict[str, int] = {}
        install = generations.install_prepared

        def timed_install(*args, **kwargs):  # on the worker thread: when the install itself ended
            try:
                return install(*args, **kwargs)
            finally:
                self.marks["installed"] = time.perf_counter_ns()

        generations.install_prepared = timed_install
        self.kiosk.ctx.hub.content_switch_requested.connect(  # after MainWindow.switch_content
            lambda _path: self.marks.__setitem__("switched", time.perf_counter_ns()))
        self.phase = ""

    def begin(self, finish) -> None:
        from PySide6.QtCore import QTimer

        window = self.kiosk.window
        self.finish, self.phase = finish, "check"
        self.marks["start"] = time.perf_counter_ns()
        window.staff_access.unlocked = True
        window.ctx.hub.navigate.emit("admin", None)  # open: scan the stick, start the check job
        self.admin = window.screens["admin"]
        self.marks["admin_shown"] = time.perf_counter_ns()
        self.poll = QTimer()
        self.poll.setInterval(2)
        self.poll.timeout.connect(self.step)
        self.poll.start()

    def step(self) -> None:
        admin = self.admin
        if admin.busy:
            return
        now = time.perf_counter_ns()
        if self.phase == "check":
            self.marks["checked"] = now
            if admin.prepared is None:
                self._end(error=f"check refused: {admin.refusal}")
                return
            self.phase = "install"
            admin.do_apply()  # what "Yes, apply" does
            self.marks["apply_started"] = time.perf_counter_ns()
        elif self.phase == "install":
            self.marks["rechecked"] = now
            ok = bool(admin.notice and admin.notice[0])
            if not ok or self.kiosk.ctx.content.path == self.factory:
                self._end(error=f"apply failed: {admin.notice}")
                return
            m = self.marks
            ms = {k: round((m[b] - m[a]) / 1e6, 1) for k, a, b in (
                ("open_ms", "start", "admin_shown"), ("check_ms", "start", "checked"),
                ("install_ms", "apply_started", "installed"),
                ("install_end_to_switched_ms", "installed", "switched"),
                ("recheck_ms", "switched", "rechecked"))}
            self._end(result={"total_ms": round((now - m["start"]) / 1e6, 1), "phases_ms": ms,
                              "marks_ns": dict(m)})

    def _end(self, result=None, error=None) -> None:
        self.poll.stop()
        self.phase = "done"
        self.finish(result, error)


def admin_screen_apply(package: Path, trusted: list[str], factory: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-admin-") as data_dir:
        run = AdminScreenRun(package.parent, trusted, factory, Path(data_dir))
        out = with_event_loop(run.begin)
        run.kiosk.window.close()
        return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--factory", type=Path, default=ROOT / "build" / "content.sqlite")
    args = p.parse_args(argv)
    from tests.data.kpkg import Signer, write_package

    signer = Signer()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-pkg-") as tmp:
        tables = synthetic_tables(args.rows, args.factory)
        package = write_package(Path(tmp) / "jinshan-kiosk-1.kpkg", tables, signer, sequence=1)
        trusted = [signer.public]

        def work():
            return apply_once(package, trusted, args.factory)

        values = tables["indicator_values"].count(b"\n") - 1
        out = {"facility_rows": args.rows, "indicator_values_rows": values,
               "package_bytes": package.stat().st_size,
               "plain": work(),
               "idle_floor": with_event_loop(idle_for(4.0)),
               "worker": with_event_loop(on_worker_thread(work)),
               "ui_thread": with_event_loop(on_ui_thread(work)),
               "admin_screen": admin_screen_apply(package, trusted, args.factory)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Package apply: verify + validate + install a signed package of 10,000 facility rows and all values.

The package is clearly synthetic (ids `bench-synthetic-NNNNN`, names "合成测试设施 / Synthetic test
facility") and exists only in a temporary folder; it is applied to a temporary data dir, never db/.
Three runs, each on a fresh data dir:
  plain      prepare_package + install_prepared with no event loop: the time, step by step;
  ui_thread  as the admin screen calls them today (from the event loop, on the UI thread);
  worker     the same calls on a Python worker thread while the UI thread keeps painting.
During the last two a 16 ms QTimer repaints a label and records the gaps between its ticks.
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


def with_event_loop(work, on_ui_thread: bool) -> dict:
    """Run work() while a 16 ms timer repaints a label; the gaps between ticks while it ran."""
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

    def run_work():
        state["start"] = time.perf_counter_ns()
        try:
            state["result"] = work()
        except Exception as exc:  # reported, not raised, so the event loop always ends
            state["error"] = repr(exc)
        state["done"] = time.perf_counter_ns()

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
    if on_ui_thread:
        QTimer.singleShot(200, run_work)
    else:
        QTimer.singleShot(200, lambda: threading.Thread(target=run_work, daemon=True).start())
    QTimer.singleShot(120_000, app.quit)  # never hang the bench
    app.exec()
    gc.callbacks.remove(gc_watch)
    timer.stop()
    label.close()
    if "error" in state:
        raise RuntimeError(state["error"])
    during = [t for t in ticks if state["start"] <= t <= state["done"] + FRAME_MS * 1_000_000 * 3]
    # gaps that overlap the work: from the last tick before it started to the first after it ended
    before = [t for t in ticks if t < state["start"]][-1:]
    after = [t for t in ticks if t > state["done"]][:1]
    series = before + [t for t in during if t not in after] + after
    gaps = [(b - a) / 1e6 for a, b in zip(series, series[1:], strict=False)]
    return {**state["result"], "frame_gaps": summary(gaps),
            "max_frame_gap_ms": round(max(gaps), 1) if gaps else None,
            "gaps_over_100ms": sum(g > 100 for g in gaps),
            "gc_full_collections": len(gc_pauses),
            "gc_full_max_ms": round(max(gc_pauses), 1) if gc_pauses else 0.0}


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
               "worker": with_event_loop(work, on_ui_thread=False),
               "ui_thread": with_event_loop(work, on_ui_thread=True)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

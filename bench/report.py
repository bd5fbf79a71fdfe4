"""The bench report: one table (measure | result | goal | met?), the machine, and notes on method."""

from __future__ import annotations

from pathlib import Path


def _row(measure: str, result: str, goal: str, met: bool | None) -> dict:
    return {"measure": measure, "result": result, "goal": goal, "met": met}


def _against_floor(stats: dict, floor: dict) -> str:
    """"p50 …, p95 … = N× the floor's p95" for a set of page changes."""
    return (f"p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms = "
            f"{stats['p95'] / floor['p95']:.2f}× the floor's p95")


def verdicts(r: dict) -> list[dict]:
    """Every goal of the issue, judged on these results (met=None: a reference, or not measured)."""
    rows = []
    st = r["startup"]
    bare = st["bare"]["median"]
    rows.append(_row("Start-up, bare PySide6 window (floor), median", f"{bare:.0f} ms", "reference", None))
    if "cpu_ms" in st["bare"]:
        rows.append(_row("Start-up, bare PySide6 window (floor), CPU time of the process, median",
                         f"{st['bare']['cpu_ms']['median']:.0f} ms", "reference", None))
    for name, what in (("source", "kiosk from source"), ("bundle", "kiosk bundle")):
        if name in st:
            ratio = st[name]["ratio_to_bare"]
            rows.append(_row(f"Start-up to first home frame, {what}, median of {st[name]['n']}",
                             f"{st[name]['median']:.0f} ms = {ratio:.2f}× bare", "≤ 1.6× bare", ratio <= 1.6))
            if "cpu_ms" in st[name]:
                rows.append(_row(f"Start-up to first home frame, {what}, CPU time (less noisy)",
                                 f"{st[name]['cpu_ms']['median']:.0f} ms = "
                                 f"{st[name]['cpu_ratio_to_bare']:.2f}× bare", "reference", None))
        else:
            rows.append(_row(f"Start-up to first home frame, {what}", "not built", "≤ 1.6× bare", None))

    ui = r["ui"]
    nav = ui["navigation"]
    later, first, floor = nav["after_first_visit"], nav["first_visit"], nav["floor_page_switch"]
    if "warmup" in ui:
        w = ui["warmup"]
        rows.append(_row("Warm-up after the first frame (charts imported, every screen built and drawn)",
                         f"{w['steps']} steps, {w['work_ms'] / 1000:.1f} s of work in {w['seconds']:.1f} s; "
                         f"longest step {w['longest_step'][1]:.0f} ms ({w['longest_step'][0]})",
                         "reference: the most a touch during it waits", None))
    nav_ratio = later["p95"] / floor["p95"]
    rows.append(_row(f"Navigation tap → painted, after first visit ({later['n']} navs)",
                     f"{_against_floor(later, floor)} ({floor['p95']:.1f} ms)", "p95 ≤ 1.3× floor p95",
                     nav_ratio <= 1.3))
    if "after_first_visit_residents" in nav:
        rows.append(_row("The same without the staff screen (its offscreen screenshot arguments check a "
                         "sample package inline, which no running kiosk does)",
                         _against_floor(nav["after_first_visit_residents"], floor), "reference", None))
    slowest = max(nav["first_visit_by_screen_ms"].items(), key=lambda kv: kv[1])
    rows.append(_row(f"Navigation, first visit of each screen ({first['n']} screens)",
                     f"p50 {first['p50']:.0f} ms, max {first['max']:.0f} ms ({slowest[0]})",
                     "each ≤ 100 ms", first["max"] <= 100))
    rows.append(_row("Navigation floor: plain 2-page QStackedWidget, same size, interleaved, one paint",
                     f"p50 {floor['p50']:.1f} ms, p95 {floor['p95']:.1f} ms", "reference", None))
    if "same_pages_reshown_by_qt" in nav:
        rows.append(_row("The kiosk's pages shown again by Qt alone (no kiosk code: each page just "
                         "navigated to, switched away and back as it is)",
                         _against_floor(nav["same_pages_reshown_by_qt"], floor), "reference", None))

    day = ui["day"]
    rows.append(_row(f"A day: resident memory, warm → end of {day['actions']:,} actions",
                     f"{day['warm']['rss_kb'] / 1024:.0f} → {day['end']['rss_kb'] / 1024:.0f} MiB "
                     f"({day['rss_growth_pct']:+.1f}%)", "growth ≤ 3%", day["rss_growth_pct"] <= 3))
    rows.append(_row("A day: Python objects (after gc), warm → end",
                     f"{day['warm']['py_objects']:,} → {day['end']['py_objects']:,} "
                     f"({day['py_objects_growth_pct']:+.1f}%)", "growth ≤ 5%",
                     day["py_objects_growth_pct"] <= 5))
    lo, hi = day["qt_widgets_range"]
    rows.append(_row("A day: Qt widgets at every checkpoint", f"{lo:,}–{hi:,}", "flat", lo == hi))
    by_kind = day["time_by_kind"]
    for kind in ("language", "elder", "idle_reset"):
        if kind in by_kind:
            k = by_kind[kind]
            goal = "p95 ≤ 50 ms" if kind in ("language", "elder") else "no goal set"
            rows.append(_row(f"A day: {kind.replace('_', ' ')} action → painted ({k['n']})",
                             f"p50 {k['p50']:.0f} ms, p95 {k['p95']:.0f} ms", goal,
                             k["p95"] <= 50 if kind in ("language", "elder") else None))

    se = ui["search"]
    rows.append(_row(f"Search key → results shown ({se['keystrokes']:,} keys, {se['items']} items × 4 forms)",
                     f"p50 {se['key_to_results_shown']['p50']:.1f} ms, "
                     f"p95 {se['key_to_results_shown']['p95']:.1f} ms", "p95 ≤ 20 ms",
                     se["key_to_results_shown"]["p95"] <= 20))

    pa = r["package_apply"]
    rows.append(_row(f"Package apply ({pa['facility_rows']:,} facilities + {pa['indicator_values_rows']} "
                     "values): verify + validate + apply", f"{pa['plain']['total_ms'] / 1000:.2f} s "
                     f"(worker thread run {pa['worker']['total_ms'] / 1000:.2f} s)", "≤ 2 s",
                     max(pa["plain"]["total_ms"], pa["worker"]["total_ms"]) <= 2000))
    if "idle_floor" in pa:
        rows.append(_row("Longest frame gap with no work at all, 4 s (floor, same run)",
                         f"{pa['idle_floor']['max_frame_gap_ms']:.0f} ms", "reference", None))
    rows.append(_row("Longest frame gap during apply, apply on a plain worker thread",
                     f"{pa['worker']['max_frame_gap_ms']:.0f} ms (frame floor 16 ms)", "reference",
                     None))
    if "admin_screen" in pa:
        ad = pa["admin_screen"]
        rows.append(_row("Longest frame gap during apply, through the admin screen (its worker job)",
                         f"{ad['max_frame_gap_ms']:.0f} ms = {ad['max_frame_gap_ms'] / 16:.1f}× the 16 ms "
                         f"frame (in phase {ad.get('max_frame_gap_phase', '?')}; outside the content "
                         f"switch {ad.get('max_frame_gap_outside_switch_ms', 0):.0f} ms)", "≤ 50 ms",
                         ad["max_frame_gap_ms"] <= 50))
    rows.append(_row("Longest frame gap during apply on the UI thread (the old way, for reference)",
                     f"{pa['ui_thread']['max_frame_gap_ms']:.0f} ms", "reference", None))

    b = r["bundle"]
    rows.append(_row("Bundle size on disk", f"{b['mb']:.1f} MB" if b["built"] else "not built", "≤ 170 MB",
                     b["mb"] <= 170 if b["built"] else None))
    return rows


def _mark(met: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "—"}[met]


def render(r: dict) -> str:
    m = r["machine"]
    lines = ["# Jinshan kiosk benchmarks", "",
             f"Run {r['date']}{' with --quick (tiny settings: not a measurement)' if r['quick'] else ''}; "
             f"{r['seconds']['total']:.0f} s in all. Numbers: bench/results.json."
             + ("" if not r.get("part_dates") else " Parts run at: " + ", ".join(
                 f"{k} {v}" for k, v in r["part_dates"].items()) + "."), "",
             "| measure | result | goal | met? |", "|---|---|---|---|"]
    for row in r["goals"]:
        lines.append(f"| {row['measure']} | {row['result']} | {row['goal']} | {_mark(row['met'])} |")
    nav = r["ui"]["navigation"]
    lines += ["", "Slowest screens: first visit (ms) "
              + ", ".join(f"{k} {v:.0f}" for k, v in sorted(nav["first_visit_by_screen_ms"].items(),
                                                           key=lambda kv: -kv[1])[:5])
              + "; p95 after first visit (ms) "
              + ", ".join(f"{k} {v:.0f}" for k, v in sorted(nav["after_first_visit_p95_by_screen_ms"].items(),
                                                           key=lambda kv: -kv[1])[:5]) + "."]
    se = r["ui"]["search"]
    forms = ", ".join(f"{k} {v:.1f}" for k, v in se["by_form_p95_ms"].items())
    lines += [f"Search p95 by form (ms): {forms}"
              + f"; the search itself (data layer only) p95 {se['index_search_only']['p95']:.1f} ms."]
    pa = r["package_apply"]
    lines += ["Package apply steps, plain run (ms): "
              + ", ".join(f"{k} {v:.0f}" for k, v in pa["plain"]["steps_ms"].items()) + "."]
    if r["bundle"].get("built"):
        lines += ["Largest parts of the bundle (MB): "
                  + ", ".join(f"{k} {v}" for k, v in r["bundle"]["largest_mb"].items()) + "."]
    lines += ["", "## Machine", "",
              f"{m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, PySide6 {m['pyside6']}, Qt {m['qt']}, "
              f"{m['platform']}, QT_QPA_PLATFORM={m['qpa']}"
              + (f", load average {m['loadavg'][0]:.1f} when the run began" if m.get("loadavg") else "")
              + ". Machines here are shared and noisy: compare "
              "each result with the floor measured beside it in the same run, not with other runs.", "",
              "## Method", "",
              "- **Start-up**: the parent takes the time before spawning the process and again when Qt's "
              "own `qt.widgets.painting` log line saying the window's backing store was flushed arrives on "
              "the child's stderr, counted only once the home screen (`HomeScreen`; `QLabel` for the bare "
              "window) was drawn into that frame; then it kills the child. Nothing is injected into the "
              "measured program, so source, bundle and bare window are measured the same way. Variants run "
              "interleaved (bare, source, bundle, bare, …), full screen, offscreen; the first round is "
              "dropped (cold file cache). Fresh empty data dir, default settings.",
              "  The kiosk's modules are byte-compiled first (as in any checkout after its first start; the "
              "bundle and PySide6 are compiled too), and the CPU time the child used until it was killed "
              "is reported beside the wall time: it hardly moves when other jobs share the machine.",
              "- **Warm-up**: after its start the kiosk stands untouched, as before its first visitor, "
              "until its warm-up (pyqtgraph and numpy imported, every screen built, opened once and drawn "
              "off screen) is done; the longest step is the most a touch during the warm-up would wait. "
              "Every timed action below counts as a tap (the warm-up and other quiet work keep out of "
              "its way for 1.5 s), and between visitors (after each idle reset) queued quiet work "
              "(screens to retranslate, restyle or reload) runs untimed, as it would while the kiosk "
              "waits for the next visitor.",
              "- **Navigation**: the real `KioskApplication`/`MainWindow` at 1920×1080 on "
              "build/content.sqlite, driven from zero-timers inside `app.exec()` so deferred deletes "
              "happen as in the kiosk, with the running kiosk's input filters on its window (key guard, "
              "tap guard, idle watcher) and its window the active one, as on a kiosk. Time = "
              "`hub.navigate.emit` → `processEvents()` (layout, then the UpdateRequest that paints and "
              "flushes) → end; an event filter on every page (put on before the action) confirms the "
              "page shown was painted, else `window.repaint()` is forced and counted. Every screen × "
              "argument set used for screenshots, plus every indicator, route and chapter, is "
              "visited once in random order (the first of each screen counts as its first visit), then "
              "random targets. The floor is a plain two-page stack in a window of its own, flipped in "
              "the same loop; the kiosk's input filters are on the kiosk's window only.",
              "- **A day**: visitor after visitor (35% switch language, 12% elder mode, 4–24 taps of which "
              "8% start a search typed key by key and 17% go back, then an idle reset). Memory is compared "
              "only at checkpoints after the same canonical tour of every screen (screens keep their last "
              "page), after `gc.collect()`: VmRSS, `len(gc.get_objects())`, "
              "`len(QApplication.allWidgets())`. "
              "The first checkpoint after the warm-up is the baseline. Each checkpoint also records "
              "where resident memory is (bench/memstat.py: mappings by kind, glibc's heap in use and "
              "free, SQLite's allocator) in results.json.",
              "- **Search**: each prefix of each item's pinyin initials, joined pinyin, English title and "
              "Chinese title (≤ 40 chars), typed through the on-screen keyboard's `typed` signal on the "
              "real search screen (Chinese characters arrive one at a time, as an IME commits them); time "
              "to the results painted.",
              "- **Package apply**: the read-aloud probe (which blocked the UI thread for seconds when "
              "the speech engine starts slowly) runs before the apply is timed. A signed package "
              "(test signer from tests/data/kpkg.py) with the real "
              "facilities plus N synthetic ones (`bench-synthetic-NNNNN`, temp dir only) and indicator "
              "values for every indicator and year 2016–2025; `prepare_package` + `install_prepared` on a "
              "fresh temp data dir. A 16 ms QTimer repaints a label and records gaps between ticks while "
              "the apply runs on a worker thread, through the admin screen's own worker job, and on the UI "
              "thread (the old way) for reference.",
              "- **Bundle**: allocated blocks of every file under dist/jinshan-kiosk.",
              "- Times are not asserted anywhere in the test suite; tests/test_bench.py only runs "
              "`python -m bench --quick` end to end so this script cannot rot.",
              "- One part can be run alone (`python -m bench --only ui`); the other parts are then "
              "kept from results.json with the time they ran.", ""]
    analysis = Path(__file__).with_name("ANALYSIS.md")
    if analysis.exists():  # the hand-written profile of each remaining miss
        lines += [analysis.read_text(encoding="utf-8")]
    return "\n".join(lines)

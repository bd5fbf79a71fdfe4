"""Start-up: wall time from spawning a process to its first frame flushed with the home screen in it.

The same observer is used for every variant (bare window, kiosk from source, kiosk bundle), so no
code is injected into what is measured: Qt's own `qt.widgets.painting` log says when the window's
backing store is flushed, and which widgets were drawn into it. The parent takes the time when that
line arrives on the child's stderr pipe (microseconds after the flush), then kills the child.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import summary

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "jinshan-kiosk" / "jinshan-kiosk"
FLUSH = re.compile(r"^Flushing .* to QWidgetWindow")
DRAWN = re.compile(r"^Drawing .* of (\w+)\(")
TIMEOUT_S = 60


def commands() -> dict[str, tuple[list[str], str]]:
    """variant -> (argv, the widget class that must be drawn before the flush counts)."""
    out = {
        "bare": ([sys.executable, str(ROOT / "bench" / "bare_window.py")], "QLabel"),
        "source": ([sys.executable, str(ROOT / "main.py")], "HomeScreen"),
    }
    if BUNDLE.exists():
        out["bundle"] = ([str(BUNDLE)], "HomeScreen")
    return out


def child_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.widgets.painting=true",
               QT_MESSAGE_PATTERN="%{message}", KIOSK_DATA_DIR=data_dir,
               KIOSK_SETTINGS=str(Path(data_dir) / "settings.toml"), PYTHONDONTWRITEBYTECODE="1")
    env.pop("NOTIFY_SOCKET", None)
    return env


def time_first_frame(argv: list[str], must_draw: str, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from spawn to the first flush of a frame in which `must_draw` was drawn, and the
    CPU milliseconds (user + system) the child had used when it was killed just after that flush.

    Wall time is what a resident waits; CPU time hardly moves when other jobs share the machine, so it
    shows where a change helped even when the wall times are noisy."""
    t0 = time.perf_counter_ns()
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            errors="replace")
    seen, tail, wall = False, [], None
    try:
        deadline = time.monotonic() + TIMEOUT_S
        for line in proc.stderr:
            if FLUSH.match(line) and seen:
                wall = (time.perf_counter_ns() - t0) / 1e6
                break
            drawn = DRAWN.match(line)
            if drawn and drawn.group(1) == must_draw:
                seen = True
            elif not drawn and not line.startswith(("Marking", "Sync", "Sending", "Painting")):
                tail = (tail + [line.rstrip()])[-20:]
            if time.monotonic() > deadline:
                break
        if wall is None:
            raise RuntimeError(f"{argv[-1]}: no frame with {must_draw}; last output:\n" + "\n".join(tail))
    finally:
        cpu = reap(proc)
    return wall, cpu


def reap(proc: subprocess.Popen) -> float:
    """Kill the child (if still running), wait for it and return its CPU milliseconds."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    cpu = float("nan")
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = (usage.ru_utime + usage.ru_stime) * 1000
    except ChildProcessError:  # already reaped by poll()
        proc.wait()
    proc.stderr.close()
    return cpu


def compile_sources() -> None:
    """Byte-compile the kiosk's modules first, as any checkout has them after its first start: the
    children run with PYTHONDONTWRITEBYTECODE, so without this the source variant compiled every module
    on every start (~35 ms) while the bundle and PySide6 read compiled code."""
    import compileall

    compileall.compile_dir(ROOT / "kiosk", quiet=1)


def run(runs: int = 10, warmup: int = 1) -> dict:
    """Interleaved rounds (bare, source, bundle, bare, source, ...); the first `warmup` are dropped."""
    compile_sources()
    variants = commands()
    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-start-") as data_dir:
        env = child_env(data_dir)
        for round_no in range(warmup + runs):
            for name, (argv, must_draw) in variants.items():
                ms, cpu_ms = time_first_frame(argv, must_draw, env)
                if round_no >= warmup:
                    times[name].append(ms)
                    cpu[name].append(cpu_ms)
    result = {name: summary(values) | {"runs_ms": [round(v, 1) for v in values],
                                       "cpu_ms": summary(cpu[name])}
              for name, values in times.items()}
    bare = result["bare"]["median"]
    for name in ("source", "bundle"):
        if name in result:
            result[name]["ratio_to_bare"] = round(result[name]["median"] / bare, 2)
            result[name]["cpu_ratio_to_bare"] = round(
                result[name]["cpu_ms"]["median"] / result["bare"]["cpu_ms"]["median"], 2)
    result["bundle_built"] = "bundle" in variants
    result["runs"] = runs
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 3), indent=1))

"""Crash-loop protection: notice unclean exits at start-up and decide when new content is to blame.

A running kiosk keeps a 'running' marker in the data folder and removes it on a clean exit. A marker
found at the next start means the previous run crashed (killed, hung and restarted by the watchdog,
or quit after too many errors). When that has happened CRASHES times within WINDOW_S seconds and all
of those crashes came after the content generation in use was applied, the kiosk rolls back.
"""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string annotation,
# and these records are defined before the kiosk's first frame (issue 14, start-up).
import json
import logging
import os
import time
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger("kiosk.crashguard")

STATE_FILE = "crashguard.json"
CRASHES = 3
WINDOW_S = 10 * 60
KEEP = 20  # starts and crashes remembered (for the log and the health report)


class GuardState:
    """What the data folder remembers between runs (wall-clock seconds since the epoch). A plain
    class: it is read before the first frame, where a dataclass costs its generated methods."""

    __slots__ = ("running", "starts", "crashes")

    def __init__(self, running: float | None = None, starts: list[float] | None = None,
                 crashes: list[float] | None = None):
        self.running = running
        self.starts = starts if starts is not None else []
        self.crashes = crashes if crashes is not None else []


class StartCheck(NamedTuple):
    """The verdict at start-up: did the last run crash, and should the content be rolled back?"""

    crashed: bool
    roll_back: bool
    recent_crashes: int
    reason: str = ""


def load(data_dir: Path) -> GuardState:
    try:
        raw = json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return GuardState()
    if not isinstance(raw, dict):
        return GuardState()

    def times(key: str) -> list[float]:
        values = raw.get(key, [])
        return [float(v) for v in values if isinstance(v, (int, float))] if isinstance(values, list) else []

    running = raw.get("running")
    return GuardState(float(running) if isinstance(running, (int, float)) else None,
                      times("starts")[-KEEP:], times("crashes")[-KEEP:])


def save(data_dir: Path, state: GuardState) -> None:
    """Write the state atomically (a crash while writing must not lose the marker logic)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / STATE_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"running": state.running, "starts": state.starts[-KEEP:],
                               "crashes": state.crashes[-KEEP:]}), encoding="utf-8")
    os.replace(tmp, path)


def parse_applied(text: str) -> float | None:
    """The time a generation was applied (ISO-8601 with zone, as generations writes it), or None."""
    from datetime import datetime  # only after a crash: not on every start

    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return when.timestamp() if when.tzinfo else None


def decide(crashes: list[float], now: float, applied: float | None) -> tuple[bool, str]:
    """Pure rule: roll back when CRASHES crashes fall within WINDOW_S and all came after the apply."""
    recent = sorted(t for t in crashes if now - t <= WINDOW_S)
    if len(recent) < CRASHES:
        return False, f"{len(recent)} crash(es) in the last {WINDOW_S // 60} minutes"
    if applied is None:
        return False, "crash loop, but the factory content is in use: nothing to roll back"
    first = recent[-CRASHES]
    if applied > first:
        return False, "crash loop began before the current content was applied: not rolling back"
    return True, f"{len(recent)} crashes in {WINDOW_S // 60} minutes since the content was applied"


def check_start(data_dir: Path, applied: str = "", now: float | None = None) -> StartCheck:
    """At start-up: turn a leftover 'running' marker into a crash and decide about rolling back."""
    now = time.time() if now is None else now
    state = load(data_dir)
    crashed = state.running is not None
    if crashed:
        state.crashes.append(now)
        state.running = None
        save(data_dir, state)
    roll, reason = decide(state.crashes, now, parse_applied(applied)) if crashed else (False, "")
    recent = sum(1 for t in state.crashes if now - t <= WINDOW_S)
    return StartCheck(crashed, roll, recent, reason)


def rolled_back(data_dir: Path) -> None:
    """Forget the crashes that led to a rollback, so the older content gets a fresh start."""
    state = load(data_dir)
    state.crashes = []
    save(data_dir, state)


def mark_running(data_dir: Path, now: float | None = None) -> None:
    """Record a start and leave the marker that only a clean exit removes."""
    now = time.time() if now is None else now
    state = load(data_dir)
    state.running = now
    state.starts.append(now)
    save(data_dir, state)


def mark_clean_exit(data_dir: Path) -> None:
    state = load(data_dir)
    state.running = None
    save(data_dir, state)

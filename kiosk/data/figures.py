"""Every figure a chart draws and a text states, worked out once so the two cannot disagree (no Qt)."""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string annotation,
# and these records are defined before the kiosk's first frame (issue 14, start-up).
from collections import Counter
from typing import NamedTuple

from kiosk.data import facilities as fac
from kiosk.data import status as st
from kiosk.data.content import Content, Indicator, Observation


class Point(NamedTuple):
    """One point of an indicator chart: drawn at (year, value) and labelled with text."""

    year: int
    value: float
    text: str
    kind: str  # "published" (a value, or the running total for a plan total) or "baseline"


class IndicatorFigures(NamedTuple):
    """What the indicator chart draws; the numbers table and the labels read the same points."""

    line: tuple[Point, ...]  # joined in year order: the published values and a one-year baseline
    baseline: Point | None  # the plan's baseline when it is one year's value (the square marker)
    target: float | None
    target_year: int

    def value_at(self, year: int) -> float | None:
        """The value the line passes through in a year with a point (None between points)."""
        return next((p.value for p in self.line if p.year == year), None)

    @property
    def published(self) -> tuple[Point, ...]:
        return tuple(p for p in self.line if p.kind == "published")


def drawable_baseline(ind: Indicator) -> bool:
    """A baseline that is one year's value of the same series (not a 2016-2020 sum or average)."""
    return (ind.baseline_value is not None and ind.baseline_year is not None
            and not st.baseline_is_aggregate(ind) and not st.is_period_total(ind))


def indicator_figures(ind: Indicator, observations: list[Observation],
                      result: st.IndicatorStatus | None, lang: str) -> IndicatorFigures:
    """The chart's points: the baseline sits on the line, so the line never contradicts it."""
    if st.is_period_total(ind) and result is not None and result.series:
        pairs = list(result.series)  # the running total the status is computed from
    else:
        pairs = [(o.year, o.value) for o in observations]
    points = [Point(y, float(v), st.format_value(ind, v, lang), "published") for y, v in pairs]
    baseline = None
    if drawable_baseline(ind):
        value = float(ind.baseline_value or 0.0)
        baseline = Point(int(ind.baseline_year or 0), value, st.format_value(ind, value, lang),
                         "baseline")
        if all(p.year != baseline.year for p in points):
            points.append(baseline)
    points.sort(key=lambda p: p.year)
    return IndicatorFigures(tuple(points), baseline, ind.target_value, ind.target_year)


def latest_value(ind: Indicator, observations: list[Observation],
                 result: st.IndicatorStatus | None) -> tuple[int, float] | None:
    """The latest value in the plan period, as the card says it: the status's own, else the last
    one published (a target in words gets no status, but its values are still shown)."""
    if result is not None and result.latest is not None and result.latest_year is not None:
        return result.latest_year, result.latest
    in_period = [o for o in observations if o.year > st.plan_start(ind)]
    return (in_period[-1].year, in_period[-1].value) if in_period else None


class PartProgress(NamedTuple):
    """One component of a programme (e.g. the 11 fitness centres) and its facilities by status."""

    part: fac.ProgramPart
    statuses: tuple[str, ...]  # one per planned place: open first, then under construction, planned

    @property
    def total(self) -> int:
        return len(self.statuses)

    @property
    def open(self) -> int:
        return self.statuses.count("open")


class ProgrammeProgress(NamedTuple):
    """A programme's components and the other facilities listed that count toward none of them."""

    parts: tuple[PartProgress, ...]
    other_total: int
    other_open: int

    @property
    def planned_total(self) -> int:
        return sum(p.total for p in self.parts)

    @property
    def planned_open(self) -> int:
        return sum(p.open for p in self.parts)


def programme_progress(content: Content, program: str) -> ProgrammeProgress:
    """Blocks per component from facility status; facilities of other types are counted apart."""
    parts = fac.program_parts(content, program, "component")
    # SQLite counts per type and status: making a Facility per row (as fac.facilities does), or even
    # a tuple per row, held the UI thread for ~60 ms with 10,000 rows when home reloaded after an apply.
    groups = [(r["type"], r["status"], r["n"]) for r in content.rows(
        "SELECT type, COALESCE(NULLIF(status, ''), 'unknown') AS status, COUNT(*) AS n "
        "FROM facilities WHERE program=? GROUP BY 1, 2", program)]
    progress = []
    for part in parts:
        counts = Counter()
        for kind, status, n in groups:
            if kind == (part.facility_type or ""):
                counts[status] += n
        statuses = [s for s in fac.STATUSES for _ in range(counts.get(s, 0))]
        statuses += ["planned"] * max(0, int(part.value or 0) - len(statuses))
        progress.append(PartProgress(part, tuple(statuses)))
    counted = {p.facility_type for p in parts if p.facility_type}
    others = [(status, n) for kind, status, n in groups if kind not in counted]
    return ProgrammeProgress(tuple(progress), sum(n for _, n in others),
                             sum(n for status, n in others if status == "open"))

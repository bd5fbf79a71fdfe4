"""The 9073 and 11157 programmes: parts, facility types, facilities, targets and distances (no Qt)."""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string annotation,
# and these records are defined before the kiosk's first frame (issue 14, start-up).
import math
from collections import Counter
from typing import NamedTuple

from kiosk.data.content import Content, Text, _opt_text, _text

EARTH_RADIUS_KM = 6371.0088
STATUSES = ("open", "under_construction", "planned", "unknown")


class ProgramPart(NamedTuple):
    """A share (90/7/3), a network level (院/所/点) or a component (1-1-1-5-7) of a programme."""

    id: str
    program: str
    seq: int
    kind: str
    label: Text
    value: float | None
    text: Text
    facility_type: str | None


class FacilityType(NamedTuple):
    id: str
    program: str
    seq: int
    name: Text
    description: Text | None


class Town(NamedTuple):
    id: str
    seq: int
    name: Text
    lat: float | None
    lon: float | None


class Facility(NamedTuple):
    """One facility as the database holds it; absent fields are None, never invented."""

    id: str
    program: str
    type: str
    town_id: str | None
    name: Text
    named: bool
    status: str
    address: Text | None
    hours: Text | None
    phone: str | None
    services: Text | None
    beds: int | None
    lat: float | None
    lon: float | None
    precision: str | None
    source: str | None = None
    confidence: str | None = None

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


class PlacedFacility(NamedTuple):
    """A facility with its distance from the kiosk (None when either location is unknown)."""

    facility: Facility
    distance_km: float | None
    approximate: bool


class TargetValue(NamedTuple):
    year: int
    value: float
    source: str | None


class PlanTarget(NamedTuple):
    """A quantified commitment of the plan (targets table) with the actual values staff added."""

    id: str
    topic: str | None
    name: Text
    value: float | None
    unit: Text | None
    bound: str | None
    measure: str | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    sentence: Text
    values: tuple[TargetValue, ...]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def program_parts(content: Content, program: str, kind: str | None = None) -> list[ProgramPart]:
    sql = "SELECT * FROM programs WHERE program=?" + (" AND kind=?" if kind else "") + " ORDER BY seq"
    params = (program, kind) if kind else (program,)
    return [ProgramPart(r["id"], r["program"], r["seq"], r["kind"], _text(r, "label"), r["value"],
                        _text(r, "text"), r["facility_type"] or None)
            for r in content.rows(sql, *params)]


def facility_types(content: Content, program: str) -> list[FacilityType]:
    return [FacilityType(r["id"], r["program"], r["seq"], _text(r, "name"), _opt_text(r, "description"))
            for r in content.rows("SELECT * FROM facility_types WHERE program=? ORDER BY seq", program)]


def towns(content: Content) -> list[Town]:
    return [Town(r["id"], r["seq"], _text(r, "name"), r["lat"], r["lon"])
            for r in content.rows("SELECT * FROM towns ORDER BY seq")]


def facilities(content: Content, program: str) -> list[Facility]:
    return [_facility(r) for r in content.rows(
        "SELECT * FROM facilities WHERE program=? ORDER BY id", program)]


def _facility(r) -> Facility:
    phone = (r["phone"] or "").strip() or None
    return Facility(
        id=r["id"], program=r["program"], type=r["type"], town_id=r["town_id"] or None,
        name=_text(r, "name"), named=str(r["named"]) == "1", status=r["status"] or "unknown",
        address=_opt_text(r, "address"), hours=_opt_text(r, "hours"), phone=phone,
        services=_opt_text(r, "services"), beds=r["beds"], lat=r["lat"], lon=r["lon"],
        precision=r["precision"] or None, source=r["source"] or None,
        confidence=r["confidence"] or None,
    )


def status_counts(items: list[Facility], facility_type: str) -> Counter:
    """How many facilities of a type are open, under construction, planned or unknown."""
    return Counter(f.status for f in items if f.type == facility_type)


def place_facilities(items: list[Facility], town_order: dict[str, int],
                     lat: float | None, lon: float | None) -> list[PlacedFacility]:
    """Nearest first from (lat, lon); without a kiosk location, by town then name."""
    placed = []
    for f in items:
        km = haversine_km(lat, lon, f.lat, f.lon) if (
            lat is not None and lon is not None and f.has_location) else None
        placed.append(PlacedFacility(f, km, f.precision != "exact"))

    def by_town(p: PlacedFacility):
        return (town_order.get(p.facility.town_id or "", 99), p.facility.name.zh)

    if lat is None or lon is None:
        return sorted(placed, key=by_town)
    return sorted(placed, key=lambda p: (p.distance_km is None, p.distance_km or 0.0, *by_town(p)))


def plan_targets(content: Content, topic: str) -> list[PlanTarget]:
    """The targets of a topic (e.g. 9073) with their yearly actuals, in the plan's order."""
    out = []
    for r in content.rows("SELECT * FROM targets WHERE topic=? ORDER BY id", topic):
        values = tuple(TargetValue(v["year"], v["value"], v["source"]) for v in content.rows(
            "SELECT * FROM target_values WHERE target_id=? ORDER BY year", r["id"]))
        out.append(PlanTarget(
            id=r["id"], topic=r["topic"], name=_text(r, "name"), value=r["value"],
            unit=_opt_text(r, "unit"), bound=r["bound"], measure=r["measure"],
            baseline_year=r["baseline_year"], baseline_value=r["baseline_value"],
            target_year=r["target_year"], sentence=_text(r, "sentence"), values=values))
    return out


def target_status(target: PlanTarget):
    """The Open SDG-style status of a target (kiosk.data.status), via an Indicator-shaped view of it."""
    from kiosk.data.content import Indicator, Observation
    from kiosk.data.status import indicator_status

    if target.target_year is None:
        return None
    as_indicator = Indicator(
        code=target.id, seq=0, area="", name=target.name, unit=target.unit or Text("", ""),
        kind="expected", measure=target.measure or "level", direction="up",
        baseline_year=target.baseline_year, baseline_value=target.baseline_value,
        target_year=target.target_year, target_value=target.value, target_approx=False,
        target_bound=target.bound, target_text=target.sentence, chapter_id="", source="")
    observations = [Observation(v.year, v.value, v.source, None, None) for v in target.values]
    return indicator_status(as_indicator, observations)

"""Read-only typed access to the content database with the standard sqlite3 module."""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string annotation,
# and these records are defined before the kiosk's first frame (issue 14, start-up).
import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")


class Text(NamedTuple):
    """A text in both languages; screens pick one with .get(lang)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


def _text(row: sqlite3.Row, stem: str) -> Text:
    return Text(row[f"{stem}_zh"] or "", row[f"{stem}_en"] or "")


def _opt_text(row: sqlite3.Row, stem: str) -> Text | None:
    zh, en = row[f"{stem}_zh"], row[f"{stem}_en"]
    return Text(zh or "", en or "") if (zh or en) else None


class HomeCounts(NamedTuple):
    """Live numbers the home tiles show."""

    chapters: int
    indicators: int  # the plan's main indicators (Table 1 numbers 31; 4.1 is part of 4)
    indicators_with_data: int  # of those, how many have a value from 2021 on (their own or a part's)
    eldercare_facilities: int
    sports_facilities: int
    routes: int


class Area(NamedTuple):
    id: str
    name: Text


class Indicator(NamedTuple):
    """A row of the plan's Table 1."""

    code: str
    seq: int
    area: str
    name: Text
    unit: Text
    kind: str
    measure: str
    direction: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int
    target_value: float | None
    target_approx: bool
    target_bound: str | None
    target_text: Text
    chapter_id: str
    source: str
    period: str | None = None  # cumulative only: plan_total (sum of yearly amounts) or year_end
    baseline_note: Text | None = None  # e.g. 2016-2020 average: the baseline is not one year's


class Observation(NamedTuple):
    """An actual value published for a year, with where it comes from."""

    year: int
    value: float
    source: str | None
    confidence: str | None
    note: Text | None


class Poi(NamedTuple):
    """A place on the map (tourism site, station…) with how precisely its location is known."""

    id: str
    name: Text
    kind: str
    town_id: str | None
    address: Text | None
    hours: Text | None
    description: Text
    lat: float | None
    lon: float | None
    precision: str | None  # exact / approximate / town (None: not known)
    datum: str | None

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


class Town(NamedTuple):
    """A street-level unit with the point its label is drawn at."""

    id: str
    name: Text
    kind: str
    lat: float | None
    lon: float | None
    precision: str | None


class RouteStop(NamedTuple):
    """One stop of a route: the place, time there and how to reach the next stop (None: not known)."""

    seq: int
    poi: Poi
    stay_min: int | None
    travel_mode: str | None
    travel_min: int | None
    note: Text | None


class Route(NamedTuple):
    """A tourism route with its stops in order."""

    id: str
    seq: int
    name: Text
    theme: Text
    description: Text
    length_km: float | None
    duration_min: int | None
    plan_ref: str | None
    stops: tuple[RouteStop, ...]


class ContentError(Exception):
    """The content database cannot be opened or is not a kiosk database."""


class Content:
    """One open content database; every query returns plain dataclasses."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise ContentError(f"content database not found: {self.path}")
        try:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self._meta = {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}
        except sqlite3.Error as exc:
            raise ContentError(f"not a kiosk content database: {self.path} ({exc})") from exc

    def close(self) -> None:
        self.conn.close()

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, *params: Any) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- meta -------------------------------------------------------------------------------
    def meta(self, key: str, default: str = "") -> str:
        return self._meta.get(key, default)

    @property
    def content_version(self) -> str:
        return self.meta("content_version", "?")

    @property
    def content_date(self) -> str:
        return self.meta("content_date", "")

    # -- home -------------------------------------------------------------------------------
    def home_counts(self) -> HomeCounts:
        q = self.scalar
        return HomeCounts(
            chapters=q("SELECT count(*) FROM chapters WHERE coalesce(number_zh, '') != ''"),
            indicators=self.main_indicator_count(),
            # progress means a value inside the plan period (2021 on), not an older reference value;
            # a part's value (4.1) is progress of its main indicator (4)
            indicators_with_data=q(
                "SELECT count(DISTINCT CASE WHEN instr(indicator_code, '.') > 0 "
                "THEN substr(indicator_code, 1, instr(indicator_code, '.') - 1) ELSE indicator_code END) "
                "FROM indicator_values WHERE year >= 2021"),
            eldercare_facilities=q("SELECT count(*) FROM facilities WHERE program='9073'"),
            sports_facilities=q("SELECT count(*) FROM facilities WHERE program='11157'"),
            routes=q("SELECT count(*) FROM routes"),
        )

    # -- indicators ---------------------------------------------------------------------------
    def main_indicator_count(self) -> int:
        """The plan's main indicators: Table 1 numbers 31; a part (4.1, "of which: industrial
        investment") has its own row and card but belongs to its main indicator (4)."""
        return self.scalar("SELECT count(*) FROM indicators WHERE instr(code, '.') = 0")

    def areas(self) -> list[Area]:
        return [Area(r["id"], _text(r, "name"))
                for r in self.rows("SELECT * FROM indicator_areas ORDER BY seq")]

    def indicators(self) -> list[Indicator]:
        return [self._indicator(r) for r in self.rows("SELECT * FROM indicators ORDER BY seq")]

    def indicator(self, code: str) -> Indicator | None:
        row = self.conn.execute("SELECT * FROM indicators WHERE code=?", (code,)).fetchone()
        return self._indicator(row) if row else None

    @staticmethod
    def _indicator(r: sqlite3.Row) -> Indicator:
        columns = set(r.keys())  # a generation built before period/baseline_note has neither
        return Indicator(
            code=r["code"], seq=r["seq"], area=r["area"], name=_text(r, "name"),
            unit=_text(r, "unit"), kind=r["kind"], measure=r["measure"], direction=r["direction"],
            baseline_year=r["baseline_year"], baseline_value=r["baseline_value"],
            target_year=r["target_year"], target_value=r["target_value"],
            target_approx=bool(r["target_approx"]), target_bound=r["target_bound"],
            target_text=_text(r, "target_text"), chapter_id=r["chapter_id"], source=r["source"],
            period=r["period"] if "period" in columns else None,
            baseline_note=_opt_text(r, "baseline_note") if "baseline_note_zh" in columns else None,
        )

    def observations(self, code: str) -> list[Observation]:
        return [
            Observation(r["year"], r["value"], r["source"], r["confidence"], _opt_text(r, "note"))
            for r in self.rows(
                "SELECT * FROM indicator_values WHERE indicator_code=? ORDER BY year", code)
        ]

    # -- routes and places -----------------------------------------------------------------
    def routes(self) -> list[Route]:
        """Every route in display order, each with its stops."""
        return [self._route(r) for r in self.rows("SELECT * FROM routes ORDER BY seq, id")]

    def route(self, route_id: str) -> Route | None:
        row = self.conn.execute("SELECT * FROM routes WHERE id=?", (route_id,)).fetchone()
        return self._route(row) if row else None

    def _route(self, r: sqlite3.Row) -> Route:
        stops = tuple(
            RouteStop(s["seq"], self._poi(s), s["stay_min"], s["travel_mode"] or None,
                      s["travel_min"], _opt_text(s, "note"))
            for s in self.rows(
                "SELECT rs.seq, rs.stay_min, rs.travel_mode, rs.travel_min, rs.note_zh, rs.note_en, "
                "p.* FROM route_stops rs JOIN pois p ON p.id = rs.poi_id "
                "WHERE rs.route_id=? ORDER BY rs.seq", r["id"]))
        return Route(r["id"], r["seq"], _text(r, "name"), _text(r, "theme"), _text(r, "description"),
                     r["length_km"], r["duration_min"], r["plan_ref"], stops)

    def pois(self) -> list[Poi]:
        return [self._poi(r) for r in self.rows("SELECT * FROM pois ORDER BY id")]

    @staticmethod
    def _poi(r: sqlite3.Row) -> Poi:
        return Poi(r["id"], _text(r, "name"), r["kind"], r["town_id"] or None, _opt_text(r, "address"),
                   _opt_text(r, "hours"), _text(r, "description"), r["lat"], r["lon"],
                   r["precision"] or None, r["datum"] or None)

    def towns(self) -> list[Town]:
        return [Town(r["id"], _text(r, "name"), r["kind"], r["lat"], r["lon"], r["precision"] or None)
                for r in self.rows("SELECT * FROM towns ORDER BY seq")]

    # -- generic ----------------------------------------------------------------------------
    def records(self, cls: type[T], sql: str, *params: Any) -> list[T]:
        """Map rows onto a record class (NamedTuple or dataclass) by column name (columns it lacks are
        ignored)."""
        names = set(getattr(cls, "_fields", ())) or {f.name for f in fields(cls)}  # type: ignore[arg-type]
        out = []
        for r in self.rows(sql, *params):
            out.append(cls(**{k: r[k] for k in r.keys() if k in names}))  # noqa: SIM118 (Row iterates values)
        return out

"""Read-only typed access to the content database with the standard sqlite3 module."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Text:
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


@dataclass(frozen=True)
class HomeCounts:
    """Live numbers the home tiles show."""

    chapters: int
    indicators: int
    indicators_with_data: int
    eldercare_facilities: int
    sports_facilities: int
    sports_open: int
    routes: int


@dataclass(frozen=True)
class Area:
    id: str
    name: Text


@dataclass(frozen=True)
class Indicator:
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


@dataclass(frozen=True)
class Observation:
    """An actual value published for a year, with where it comes from."""

    year: int
    value: float
    source: str | None
    confidence: str | None
    note: Text | None


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
            chapters=q("SELECT count(*) FROM chapters"),
            indicators=q("SELECT count(*) FROM indicators"),
            indicators_with_data=q("SELECT count(DISTINCT indicator_code) FROM indicator_values"),
            eldercare_facilities=q("SELECT count(*) FROM facilities WHERE program='9073'"),
            sports_facilities=q("SELECT count(*) FROM facilities WHERE program='11157'"),
            sports_open=q("SELECT count(*) FROM facilities WHERE program='11157' AND status='open'"),
            routes=q("SELECT count(*) FROM routes"),
        )

    # -- indicators ---------------------------------------------------------------------------
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
        return Indicator(
            code=r["code"], seq=r["seq"], area=r["area"], name=_text(r, "name"),
            unit=_text(r, "unit"), kind=r["kind"], measure=r["measure"], direction=r["direction"],
            baseline_year=r["baseline_year"], baseline_value=r["baseline_value"],
            target_year=r["target_year"], target_value=r["target_value"],
            target_approx=bool(r["target_approx"]), target_bound=r["target_bound"],
            target_text=_text(r, "target_text"), chapter_id=r["chapter_id"], source=r["source"],
        )

    def observations(self, code: str) -> list[Observation]:
        return [
            Observation(r["year"], r["value"], r["source"], r["confidence"], _opt_text(r, "note"))
            for r in self.rows(
                "SELECT * FROM indicator_values WHERE indicator_code=? ORDER BY year", code)
        ]

    # -- generic ----------------------------------------------------------------------------
    def records(self, cls: type[T], sql: str, *params: Any) -> list[T]:
        """Map rows onto a dataclass by column name (columns the class lacks are ignored)."""
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        out = []
        for r in self.rows(sql, *params):
            out.append(cls(**{k: r[k] for k in r.keys() if k in names}))  # noqa: SIM118 (Row iterates values)
        return out

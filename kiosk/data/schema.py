"""The content tables: one declaration used by the build, the validators, packages and docs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

# Column types as stored in SQLite. "text_zh"/"text_en" are TEXT with a language rule:
# English fields may not contain Chinese characters; Chinese fields must be present when required.
TEXT = "text"
TEXT_ZH = "text_zh"
TEXT_EN = "text_en"
INT = "int"
FLOAT = "float"


@dataclass(frozen=True)
class Column:
    """One column of a content table, with the rules every row must satisfy."""

    name: str
    type: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""

    @property
    def sql_type(self) -> str:
        return {INT: "INTEGER", FLOAT: "REAL"}.get(self.type, "TEXT")


@dataclass(frozen=True)
class ForeignKey:
    """A column whose value must name a row of another table (empty allowed unless required)."""

    column: str
    table: str
    other: str = "id"


@dataclass(frozen=True)
class Table:
    """A content table: its columns, its key and the other tables its rows point at."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    pk: tuple[str, ...] = ("id",)
    foreign_keys: tuple[ForeignKey, ...] = ()
    search: tuple[str, ...] = field(default=())  # columns the search index reads

    def column(self, name: str) -> Column:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(name) from None

    # Cached: validating a 10,000-row package asks for a column ~260,000 times (a linear search was
    # ~0.3 s of it) and for the names ~50,000 times.
    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {col.name: col for col in self.columns}

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _bilingual(stem: str, required: bool = True, doc: str = "") -> tuple[Column, Column]:
    return (
        Column(f"{stem}_zh", TEXT_ZH, required, doc=f"{doc} (Chinese)".strip()),
        Column(f"{stem}_en", TEXT_EN, required, doc=f"{doc} (English)".strip()),
    )


PRECISION = ("exact", "approximate", "town")
SOURCE = (
    Column("source", TEXT, doc="where the row comes from: a place in the plan or a URL"),
    Column("confidence", TEXT, choices=("high", "medium", "low"), doc="how far the source is trusted"),
)
LOCATION = (
    Column("lat", FLOAT, doc="latitude, WGS84 where known (see datum)"),
    Column("lon", FLOAT, doc="longitude"),
    Column("precision", TEXT, choices=PRECISION, doc="exact / approximate / town-level location"),
    Column("datum", TEXT, doc="coordinate datum as stated by the source (WGS84, GCJ-02, unknown)"),
)

TABLES: tuple[Table, ...] = (
    Table(
        "meta",
        "Key/value facts about this content: version, date, source document.",
        (Column("key", required=True), Column("value", required=True)),
        pk=("key",),
    ),
    Table(
        "chapters",
        "The plan's ten chapters (plus preface/implementation parts) with plain summaries.",
        (
            Column("id", required=True, doc="short code, e.g. ch1"),
            Column("seq", INT, required=True, doc="display order"),
            Column("number_zh", TEXT_ZH, doc="the plan's own numbering, e.g. 一"),
            *_bilingual("title", doc="chapter title"),
            *_bilingual("summary", doc="plain-language summary, 2-4 sentences"),
        ),
        search=("title_zh", "title_en", "summary_zh", "summary_en"),
    ),
    Table(
        "sections",
        "Sections (（一）（二）…) of each chapter with plain summaries.",
        (
            Column("id", required=True, doc="e.g. ch2-s1"),
            Column("chapter_id", required=True),
            Column("seq", INT, required=True),
            *_bilingual("title", doc="section title"),
            *_bilingual("summary", doc="plain-language summary"),
        ),
        foreign_keys=(ForeignKey("chapter_id", "chapters"),),
        search=("title_zh", "title_en", "summary_zh", "summary_en"),
    ),
    Table(
        "goals",
        "The 2035 vision statements and the six 2025 goals.",
        (
            Column("id", required=True),
            Column("kind", required=True, choices=("vision_2035", "goal_2025")),
            Column("seq", INT, required=True),
            *_bilingual("title", doc="short heading"),
            *_bilingual("text", doc="the goal in full, plan wording / faithful translation"),
        ),
        search=("title_zh", "title_en", "text_zh", "text_en"),
    ),
    Table(
        "boxes",
        "The seven boxes (专栏 1-7) in full.",
        (
            Column("id", INT, required=True, doc="box number 1-7"),
            Column("chapter_id", required=True),
            *_bilingual("title", doc="box title"),
            *_bilingual("body", doc="full text, paragraphs separated by blank lines"),
        ),
        foreign_keys=(ForeignKey("chapter_id", "chapters"),),
        search=("title_zh", "title_en", "body_zh", "body_en"),
    ),
    Table(
        "glossary",
        "The 33 terms explained in the plan's appendix.",
        (
            Column("id", INT, required=True, doc="order in the appendix"),
            Column("term_zh", TEXT_ZH, required=True),
            Column("term_en", TEXT_EN, required=True),
            *_bilingual("definition", doc="the appendix explanation"),
        ),
        search=("term_zh", "term_en", "definition_zh", "definition_en"),
    ),
    Table(
        "indicators",
        "Table 1 of the plan: the 31 main indicators plus 4.1.",
        (
            Column("code", required=True, doc='"1".."31" or "4.1"'),
            Column("seq", INT, required=True, doc="display order"),
            Column("area", required=True, doc="area code, see indicator_areas"),
            *_bilingual("name", doc="indicator name"),
            Column("unit_zh", TEXT_ZH, required=True),
            Column("unit_en", TEXT_EN, required=True),
            Column("kind", required=True, choices=("expected", "binding"),
                   doc="预期性 expected / 约束性 binding"),
            Column("measure", required=True,
                   choices=("level", "annual_rate", "cumulative", "qualitative"),
                   doc="how the target is expressed"),
            Column("direction", required=True, choices=("up", "down", "none"),
                   doc="which way is better"),
            Column("period", choices=("plan_total", "year_end"),
                   doc="for a cumulative measure only (empty otherwise, required then): "
                       "plan_total = the target is the sum of yearly amounts over 2021-2025; staff "
                       "send each year's own amount in indicator_values, never a running total, "
                       "and the kiosk adds them up. year_end = the value at the end of each year "
                       "(e.g. the number of enterprises or villages so far), assessed like a level"),
            Column("baseline_year", INT, doc="year of the baseline the plan states (for a "
                                             "period aggregate, its last year)"),
            Column("baseline_value", FLOAT, doc="baseline in the same measure as the target"),
            *_bilingual("baseline_note", required=False,
                        doc="what the baseline covers when it is not a single year's value, e.g. "
                            "2016-2020 average / 2016-2020 total; shown next to the baseline, and "
                            "such a baseline is not drawn as a point on the chart"),
            Column("target_year", INT, required=True),
            Column("target_value", FLOAT, doc="NULL for a qualitative target"),
            Column("target_approx", INT, choices=("0", "1"), doc="1 where the plan says 左右"),
            Column("target_bound", choices=("reach", "at_least", "at_most", "about"),
                   doc="reach the value / at least / stay within / about"),
            *_bilingual("target_text", doc="the plan's target wording"),
            Column("chapter_id", required=True),
            Column("source", required=True, doc="where in the plan the row comes from"),
        ),
        pk=("code",),
        foreign_keys=(ForeignKey("chapter_id", "chapters"), ForeignKey("area", "indicator_areas")),
        search=("name_zh", "name_en"),
    ),
    Table(
        "indicator_areas",
        "The groups the indicator dashboard shows (economy, innovation, …).",
        (
            Column("id", required=True),
            Column("seq", INT, required=True),
            *_bilingual("name", doc="area name"),
        ),
    ),
    Table(
        "indicator_values",
        "Yearly actual values, added by staff packages; empty until published figures arrive.",
        (
            Column("indicator_code", required=True),
            Column("year", INT, required=True),
            Column("value", FLOAT, required=True),
            *_bilingual("note", required=False, doc="remark shown with the value"),
            *SOURCE,
        ),
        pk=("indicator_code", "year"),
        foreign_keys=(ForeignKey("indicator_code", "indicators", "code"),),
    ),
    Table(
        "facts",
        "Published figures and ratings that are not a yearly value of an indicator: monthly "
        "readings, thresholds (more than 1,000), milestones, A-level ratings, visitor records. "
        "Each keeps the source's own words; only high- and medium-confidence rows are accepted, "
        "and rows with the same conflict code disagree and are shown side by side.",
        (
            Column("id", required=True, doc="e.g. f-aqi-2025-12"),
            Column("subject", required=True, choices=("indicator", "poi", "facility", "route",
                                                      "program"),
                   doc="what the figure is about"),
            Column("subject_id", required=True,
                   doc="its id there: an indicator code, poi id, facility id, route id or "
                       "programme (9073, 11157)"),
            Column("seq", INT, required=True, doc="display order within the subject"),
            *_bilingual("period", doc="when: 2025年12月 / December 2025"),
            *_bilingual("what", doc="what the figure is, in a few words"),
            Column("value", FLOAT, doc="the number, where there is one; the value texts must "
                                       "contain it as printed"),
            *_bilingual("value_text", doc="the figure as shown: 82.1% / 突破1000家"),
            Column("basis", required=True, choices=("printed", "derived"),
                   doc="printed by the source, or derived from its words (the note says how)"),
            *_bilingual("note", required=False, doc="what the reader must know to read it right"),
            Column("quote_zh", TEXT_ZH, required=True, doc="the source's words, verbatim"),
            Column("conflict", doc="rows sharing this code disagree: each is shown with its source"),
            Column("source", required=True, doc="the address (URL) of the source"),
            Column("confidence", required=True, choices=("high", "medium"),
                   doc="how far the source is trusted; low-confidence findings are not facts"),
        ),
    ),
    Table(
        "sources",
        "Names of the sources cited by address (URL) in the other tables: pages show the name "
        "and keep the address for the detail and the QR code.",
        (
            Column("url", required=True, doc="the address exactly as cited in a source column"),
            *_bilingual("name", doc="publisher and title as a reader would name them"),
            Column("published", doc="date of publication, YYYY-MM-DD, where known"),
        ),
        pk=("url",),
    ),
    Table(
        "targets",
        "Every other quantified commitment in the plan text, with its sentence.",
        (
            Column("id", required=True, doc="e.g. t001"),
            Column("chapter_id", required=True),
            Column("section_id", doc="section it sits in, when known"),
            Column("topic", doc="program or theme code, e.g. 9073, 11157, green"),
            *_bilingual("name", doc="short name"),
            Column("value", FLOAT, doc="the number, where there is one"),
            *_bilingual("unit", required=False),
            Column("bound", choices=("reach", "at_least", "at_most", "about")),
            Column("measure", choices=("level", "annual_rate", "cumulative", "qualitative")),
            Column("baseline_year", INT),
            Column("baseline_value", FLOAT),
            Column("target_year", INT),
            *_bilingual("sentence", doc="the plan's sentence / translation"),
        ),
        foreign_keys=(ForeignKey("chapter_id", "chapters"), ForeignKey("section_id", "sections")),
        search=("name_zh", "name_en"),
    ),
    Table(
        "target_values",
        "Yearly actuals for the targets (e.g. elderly-care beds), from staff packages.",
        (
            Column("target_id", required=True),
            Column("year", INT, required=True),
            Column("value", FLOAT, required=True),
            *SOURCE,
        ),
        pk=("target_id", "year"),
        foreign_keys=(ForeignKey("target_id", "targets"),),
    ),
    Table(
        "towns",
        "The 11 street-level units: 9 towns, 石化街道 and 金山工业区.",
        (
            Column("id", required=True, doc="pinyin code, e.g. fengjing"),
            Column("seq", INT, required=True),
            *_bilingual("name", doc="name"),
            Column("kind", required=True, choices=("town", "subdistrict", "industrial_zone")),
            *LOCATION,
            *SOURCE,
        ),
        search=("name_zh", "name_en"),
    ),
    Table(
        "programs",
        "The 9073 and 11157 programmes: parts, shares and levels as the plan defines them.",
        (
            Column("id", required=True, doc="e.g. 9073-home"),
            Column("program", required=True, choices=("9073", "11157")),
            Column("seq", INT, required=True),
            Column("kind", required=True, choices=("share", "level", "component")),
            *_bilingual("label", doc="short label"),
            Column("value", FLOAT, doc="share in % or count of facilities"),
            *_bilingual("text", doc="one or two plain sentences"),
            Column("facility_type", doc="facility type this part counts, if any"),
            Column("source", required=True),
        ),
    ),
    Table(
        "facility_types",
        "Kinds of facility in the directories, with bilingual labels.",
        (
            Column("id", required=True),
            Column("program", required=True, choices=("9073", "11157")),
            Column("seq", INT, required=True),
            *_bilingual("name", doc="type name"),
            *_bilingual("description", required=False, doc="what it offers"),
        ),
    ),
    Table(
        "facilities",
        "Elderly-care and sports facilities; planned ones carry no invented name or address.",
        (
            Column("id", required=True),
            Column("program", required=True, choices=("9073", "11157")),
            Column("type", required=True),
            Column("town_id", doc="town it lies in (empty for district-wide)"),
            *_bilingual("name", doc="name; for a planned facility a descriptive label"),
            Column("named", INT, choices=("0", "1"), doc="1 when name is a real facility name"),
            Column("status", required=True,
                   choices=("planned", "under_construction", "open", "unknown")),
            *_bilingual("address", required=False),
            Column("hours_zh", TEXT_ZH), Column("hours_en", TEXT_EN),
            Column("phone"),
            *_bilingual("services", required=False),
            Column("beds", INT),
            *LOCATION,
            *SOURCE,
        ),
        foreign_keys=(ForeignKey("town_id", "towns"), ForeignKey("type", "facility_types")),
        search=("name_zh", "name_en", "services_zh", "services_en"),
    ),
    Table(
        "pois",
        "Places: tourism sites the plan names, rail stations and other map points.",
        (
            Column("id", required=True),
            *_bilingual("name", doc="name"),
            Column("kind", required=True, doc="scenic, heritage, park, station, …"),
            Column("town_id"),
            *_bilingual("address", required=False),
            *_bilingual("hours", required=False),
            *_bilingual("description", doc="one to three plain sentences"),
            *LOCATION,
            Column("plan_ref", doc="where the plan names it"),
            *SOURCE,
        ),
        foreign_keys=(ForeignKey("town_id", "towns"),),
        search=("name_zh", "name_en", "description_zh", "description_en"),
    ),
    Table(
        "routes",
        "Tourism routes: the plan's lines and corridors and other themed routes.",
        (
            Column("id", required=True),
            Column("seq", INT, required=True),
            *_bilingual("name", doc="route name"),
            *_bilingual("theme", doc="one-line theme"),
            *_bilingual("description", doc="plain description"),
            Column("length_km", FLOAT, doc="approximate length along the stops"),
            Column("duration_min", INT, doc="suggested duration in minutes"),
            Column("plan_ref", doc="where the plan describes it"),
            *SOURCE,
        ),
        search=("name_zh", "name_en", "theme_zh", "theme_en"),
    ),
    Table(
        "route_stops",
        "Ordered stops of a route with time there and how to get to the next.",
        (
            Column("route_id", required=True),
            Column("seq", INT, required=True),
            Column("poi_id", required=True),
            Column("stay_min", INT, doc="suggested minutes at the stop"),
            Column("travel_mode", choices=("walk", "bus", "rail", "car", "bike", "boat"),
                   doc="how to reach the next stop"),
            Column("travel_min", INT, doc="minutes to the next stop, where known"),
            *_bilingual("note", required=False, doc="what to see / transit hint"),
        ),
        pk=("route_id", "seq"),
        foreign_keys=(ForeignKey("route_id", "routes"), ForeignKey("poi_id", "pois")),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

"""The plan's text for residents: vision, goals, chapters, sections, boxes, glossary and targets."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.data.content import Content, Text


@dataclass(frozen=True)
class Goal:
    id: str
    kind: str
    title: Text
    text: Text


@dataclass(frozen=True)
class Chapter:
    id: str
    seq: int
    number_zh: str
    title: Text
    summary: Text


@dataclass(frozen=True)
class Section:
    id: str
    chapter_id: str
    seq: int
    title: Text
    summary: Text


@dataclass(frozen=True)
class Box:
    id: int
    chapter_id: str
    title: Text
    body: Text


@dataclass(frozen=True)
class Term:
    id: int
    term: Text
    definition: Text


@dataclass(frozen=True)
class Commitment:
    """A quantified promise from the plan's text (the targets table)."""

    id: str
    chapter_id: str
    section_id: str | None
    topic: str | None
    name: Text
    sentence: Text


def _t(row, stem: str) -> Text:
    return Text(row[f"{stem}_zh"] or "", row[f"{stem}_en"] or "")


def goals(c: Content, kind: str) -> list[Goal]:
    return [Goal(r["id"], r["kind"], _t(r, "title"), _t(r, "text"))
            for r in c.rows("SELECT * FROM goals WHERE kind=? ORDER BY seq", kind)]


def chapters(c: Content) -> list[Chapter]:
    return [Chapter(r["id"], r["seq"], r["number_zh"] or "", _t(r, "title"), _t(r, "summary"))
            for r in c.rows("SELECT * FROM chapters ORDER BY seq")]


def chapter(c: Content, chapter_id: str) -> Chapter | None:
    return next((ch for ch in chapters(c) if ch.id == chapter_id), None)


def sections(c: Content, chapter_id: str) -> list[Section]:
    return [Section(r["id"], r["chapter_id"], r["seq"], _t(r, "title"), _t(r, "summary"))
            for r in c.rows("SELECT * FROM sections WHERE chapter_id=? ORDER BY seq", chapter_id)]


def section(c: Content, section_id: str) -> Section | None:
    rows = c.rows("SELECT * FROM sections WHERE id=?", section_id)
    return Section(rows[0]["id"], rows[0]["chapter_id"], rows[0]["seq"], _t(rows[0], "title"),
                   _t(rows[0], "summary")) if rows else None


def boxes(c: Content, chapter_id: str | None = None) -> list[Box]:
    sql, args = "SELECT * FROM boxes ORDER BY id", ()
    if chapter_id:
        sql, args = "SELECT * FROM boxes WHERE chapter_id=? ORDER BY id", (chapter_id,)
    return [Box(r["id"], r["chapter_id"], _t(r, "title"), _t(r, "body")) for r in c.rows(sql, *args)]


def box(c: Content, box_id: int) -> Box | None:
    return next((b for b in boxes(c) if b.id == int(box_id)), None)


def glossary(c: Content) -> list[Term]:
    return [Term(r["id"], _t(r, "term"), _t(r, "definition"))
            for r in c.rows("SELECT * FROM glossary ORDER BY id")]


def commitments(c: Content, chapter_id: str) -> list[Commitment]:
    return [Commitment(r["id"], r["chapter_id"], r["section_id"], r["topic"], _t(r, "name"),
                       _t(r, "sentence"))
            for r in c.rows("SELECT * FROM targets WHERE chapter_id=? ORDER BY id", chapter_id)]


def terms_in(text: str, terms: list[Term]) -> list[Term]:
    """Glossary terms whose Chinese or English name appears in a text (so a reader can open them)."""
    found = []
    plain = _plain(text)
    for term in terms:
        names = [_plain(n) for n in (term.term.zh, term.term.en) if n]
        if any(len(n) >= 2 and n in plain for n in names):
            found.append(term)
    return found


def _plain(text: str) -> str:
    """Lowercased text without quotes, so '工业互联网“133255”工程' matches either spelling."""
    for ch in "“”\"‘’'《》":
        text = text.replace(ch, "")
    return text.lower()


SENTENCE_ENDS = "。！？；.!?;"


def whole_sentences(text: str, limit: int = 160) -> str:
    """As many whole sentences as fit in limit characters; a longer first sentence is kept whole
    (a highlight never stops mid-sentence)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = 0
    for i, char in enumerate(text):
        if char in SENTENCE_ENDS and (char in "。！？；" or i + 1 == len(text) or text[i + 1].isspace()):
            if i + 1 > limit and cut:
                break
            cut = i + 1
            if i + 1 >= limit:
                break
    return text[:cut].strip() if cut else text


def highlights(c: Content, lang: str) -> list[tuple[str, str]]:
    """Short (heading, text) pairs for the attract loop: goals, indicator targets, boxes, routes."""
    from kiosk.data.status import target_words

    zh = lang.startswith("zh")
    out = [(g.title.get(lang), whole_sentences(g.text.get(lang))) for g in goals(c, "goal_2025")]
    for ind in c.indicators():
        if ind.target_value is None:  # a target in words: the plan's own wording, no unit pasted on
            target = ind.target_text.get(lang)
        else:
            en, zh_words = target_words(ind, tolerance_note=False)  # the plan's words only
            target = zh_words if zh else en
        out.append((ind.name.get(lang), ("规划目标：" if zh else "Plan target: ") + target))
    for b in boxes(c):
        out.append((b.title.get(lang), whole_sentences(b.body.get(lang).split("\n")[0])))
    for r in c.rows("SELECT name_zh, name_en, theme_zh, theme_en FROM routes"):
        out.append((r["name_zh"] if zh else r["name_en"], r["theme_zh"] if zh else r["theme_en"]))
    return out

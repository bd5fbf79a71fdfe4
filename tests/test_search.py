"""The search data layer: pinyin initials, full pinyin, English words and Chinese, ranked and safe."""

from __future__ import annotations

import pytest

from kiosk.data.search import (
    MAX_QUERY,
    TEXT_MATCH,
    TITLE_PREFIX,
    WORD_PART,
    SearchIndex,
    normalize_query,
)


@pytest.fixture(scope="module")
def index(content) -> SearchIndex:
    return SearchIndex.from_connection(content.conn)


def titles(groups, kind=None) -> list[str]:
    return [h.title.zh for g in groups if kind in (None, g.kind) for h in g.hits]


def kinds(groups) -> list[str]:
    return [g.kind for g in groups]


def test_pinyin_initials_find_elderly_care(index):
    groups = index.search("yl")
    assert any("养老" in t for t in titles(groups)[:5])
    assert "“9073”养老服务格局" in titles(groups, "box")


def test_full_pinyin_finds_elderly_care(index):
    found = titles(index.search("yanglao"))
    assert "“9073”养老服务格局" in found
    assert all("养老" in t or "yanglao" in t for t in found)


def test_pinyin_only_matches_from_a_syllable_start(index):
    # "anglao" is inside "yanglao" but starts mid-syllable: residents never mean that.
    assert "“9073”养老服务格局" not in titles(index.search("anglao"))


def test_english_word_prefix_finds_elderly_care(index):
    groups = index.search("elderly")
    assert "养老机构床位总数" in titles(groups, "target")
    assert set(titles(groups)) <= set(titles(index.search("elder")))  # a word prefix matches too


@pytest.mark.parametrize("query, expected", [
    ("养老", "“9073”养老服务格局"),
    ("健身", "枫泾镇市民健身中心（规划）"),
    ("公园", "人均公园绿地面积"),
    ("枫泾", "枫泾古镇"),
])
def test_two_character_chinese_queries_work(index, query, expected):
    """The common case SQLite's trigram LIKE gets wrong: every hit contains the two characters."""
    groups = index.search(query)
    found = titles(groups)
    assert expected in found
    for group in groups:
        for hit in group.hits:
            entry = next(e for e in index.entries if e.kind == hit.kind and e.item_id == hit.item_id)
            assert query in entry.title_zh or query in entry.haystack


def test_two_character_search_matches_a_plain_python_scan(content, index):
    """Same items as a brute-force substring scan over the stored rows (no SQL LIKE involved)."""
    rows = content.rows("SELECT kind, item_id, title_zh, haystack FROM search_index")
    for query in ("养老", "健身", "公园", "枫泾"):
        want = {(r["kind"], r["item_id"]) for r in rows if query in r["title_zh"] or query in r["haystack"]}
        got = {(h.kind, h.item_id) for g in index.search(query) for h in g.hits}
        assert got == want, query


def test_fengjing_by_pinyin_and_initials_finds_the_town_places(index):
    for query in ("fengjing", "fj", "枫泾"):
        found = titles(index.search(query))
        assert "枫泾古镇" in found, query
        assert "枫泾镇市民健身中心（规划）" in found, query


def test_title_prefix_ranks_before_text_matches(index):
    groups = index.search("健身")
    assert groups[0].hits[0].tier == TITLE_PREFIX or groups[0].hits[0].tier < TEXT_MATCH
    tiers = [h.tier for g in groups for h in g.hits[:1]]
    assert tiers == sorted(tiers)
    for group in groups:
        assert [h.tier for h in group.hits] == sorted(h.tier for h in group.hits)


def test_u_umlaut_can_be_typed_as_v_or_u(index):
    assert "吕巷水果公园" in titles(index.search("lvxiang"))
    assert "吕巷水果公园" in titles(index.search("luxiang"))


@pytest.mark.parametrize("query", ["'", "%", '"', "_", "\\", "' OR 1=1 --", "%%_", "\x00", "   ",
                                   "yl" * 500, "养" * 500, "😀", "ｙｌ"])
def test_odd_input_never_breaks(index, query):
    groups = index.search(query)
    assert isinstance(groups, list)
    assert len(normalize_query(query)) <= MAX_QUERY


def test_full_width_letters_are_read_as_ascii(index):
    assert titles(index.search("ｙｌ")) == titles(index.search("yl"))


def test_results_come_grouped_by_kind_each_kind_once(index):
    for query in ("yl", "park", "9073", "金山"):
        found = kinds(index.search(query))
        assert len(found) == len(set(found))


def test_every_keystroke_of_a_typed_word_searches(index):
    # How fast each keystroke is answered is measured by `make bench` (ui.search), not here.
    for word in ("yanglao", "elderly", "养老"):
        for end in range(1, len(word) + 1):
            assert isinstance(index.search(word[:end]), list)
    assert index.search("yanglao") and index.search("养老") and index.search("elderly")


def test_scales_to_500_rows(content):
    rows = content.rows("SELECT kind, item_id, title_zh, title_en, haystack, pinyin, initials "
                        "FROM search_index")
    big = [dict(r) | {"item_id": f"{r['item_id']}-{i}"} for i in range(2) for r in rows]
    index = SearchIndex(big)
    assert len(index.entries) >= 500
    for q in ("yl", "elderly", "健身", "gy"):
        assert len(index.search(q)) >= 2  # each item found in both of its copies


def test_destinations(index):
    def first(query, kind):
        return next(h for g in index.search(query) if g.kind == kind for h in g.hits)

    box = index.destination(first("9073", "box"))
    assert (box.screen_id, box.args) == ("box", 6)
    facility = index.destination(first("枫泾镇市民", "facility"))
    assert facility.screen_id == "place" and facility.args == {"kind": "facility", "id": "11157-fc-fengjing"}
    place = index.destination(first("枫泾古镇", "place"))  # the place's own page, not the route list
    assert (place.screen_id, place.args) == ("place", {"kind": "place", "id": "fengjing_ancient_town"})
    assert index.destination(first("养老机构床位", "target")).screen_id == "eldercare"
    indicator = first("人均公园", "indicator")
    assert index.destination(indicator).args == indicator.item_id


def test_yl_ranks_whole_word_initials_above_part_of_a_longer_word(index):
    """Issue 13: "yl" is 养老, not 业领 inside 农业领域 or 用率 inside 利用率."""
    targets = next(g for g in index.search("yl") if g.kind == "target")
    order = [h.title.zh for h in targets.hits]
    elderly = [t for t in order if "养老" in t]
    assert elderly and order[:len(elderly)] == elderly  # every 养老 target before the rest
    tiers = {h.title.zh: h.tier for h in targets.hits}
    assert tiers["农业领域创新人才"] == WORD_PART
    assert tiers["污染地块安全利用率"] == WORD_PART
    assert all(tiers[t] < WORD_PART for t in elderly)
    assert targets.strong == sum(1 for h in targets.hits if h.tier < WORD_PART) < len(targets.hits)
    # full pinyin follows the same rule: "yeling" is 业领, across 农业|领域
    partial = [h.tier for g in index.search("yeling") for h in g.hits if h.title.zh == "农业领域创新人才"]
    assert partial in ([], [WORD_PART])


def test_groups_with_only_partial_matches_come_last(index):
    groups = index.search("yl")
    strong = [g.strong > 0 for g in groups]
    assert strong == sorted(strong, reverse=True)
    indicators = next(g for g in groups if g.kind == "indicator")
    assert indicators.strong == 0  # 失业率, 利用率…: "yl" only inside longer words

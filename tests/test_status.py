"""Indicator status rules (Statistics Canada method adapted to the plan), without Qt."""

from __future__ import annotations

import pytest

from kiosk.data.content import Indicator, Observation, Text
from kiosk.data.status import (
    ACHIEVED,
    DETERIORATING,
    LIMITED_PROGRESS,
    NEEDS_ACCELERATION,
    NO_DATA,
    NOT_ASSESSED,
    ON_TRACK,
    QUALITATIVE,
    indicator_status,
    is_period_total,
    status_from_ratio,
    tolerance,
)


def make(measure="level", **kw) -> Indicator:
    base = dict(code="x", seq=1, area="green", name=Text("指标", "Indicator"), unit=Text("%", "%"),
                kind="binding", measure=measure, direction="up", baseline_year=None,
                baseline_value=None, target_year=2025, target_value=None, target_approx=False,
                target_bound="reach", target_text=Text("目标", "target"), chapter_id="ch7",
                source="表1")
    base.update(kw)
    return Indicator(**base)


def obs(*pairs) -> list[Observation]:
    return [Observation(y, v, "bulletin", "high", None) for y, v in pairs]


FOREST = make(baseline_year=2020, baseline_value=14.2, target_value=16.5,
              name=Text("森林覆盖率", "Forest coverage"))
GDP = make("annual_rate", target_value=6, target_approx=True, target_bound="about")
VISITORS = make("cumulative", baseline_year=2020, baseline_value=3500, target_value=6000,
                unit=Text("万人次", "10,000 visits"), period="plan_total",
                name=Text("接待游客数（累计）", "Visitors (cumulative, 2021-2025)"))
VILLAGES = make("cumulative", baseline_year=2020, baseline_value=5, target_value=15, period="year_end",
                unit=Text("家", "villages"), name=Text("示范村（累计）", "Villages (cumulative total)"))
AQI = make(baseline_year=2020, baseline_value=88.2, target_value=85, target_approx=True,
           target_bound="about")
DEATHS = make(direction="down", target_value=0.0281, target_bound="at_most",
              unit=Text("人", "persons"))
INCOME = make("qualitative", baseline_year=2020, baseline_value=8.2,
              target_text=Text("高于经济发展速度", "higher than economic growth"))


@pytest.mark.parametrize("ratio, status", [
    (1.2, ON_TRACK), (0.95, ON_TRACK), (0.9499, NEEDS_ACCELERATION), (0.6, NEEDS_ACCELERATION),
    (0.5999, LIMITED_PROGRESS), (0.0, LIMITED_PROGRESS), (-0.0001, DETERIORATING),
])
def test_ratio_boundaries(ratio, status):
    assert status_from_ratio(ratio) == status


# -- level ------------------------------------------------------------------------------------
@pytest.mark.parametrize("latest, status", [
    (15.58, ON_TRACK),          # needed 0.46/yr; (15.58-14.2)/3 = 0.46 -> 100%
    (15.511, ON_TRACK),         # 0.437/yr = 95%
    (15.4, NEEDS_ACCELERATION),  # 0.4/yr = 87%
    (15.0, LIMITED_PROGRESS),   # 0.267/yr = 58%
    (14.2, LIMITED_PROGRESS),   # no change: 0%
    (14.0, DETERIORATING),
    (16.5, ACHIEVED),
])
def test_level_target_compares_rates_of_progress(latest, status):
    result = indicator_status(FOREST, obs((2023, latest)))
    assert result.status == status
    assert result.needed == pytest.approx(0.46)
    assert result.latest == latest and result.latest_year == 2023


def test_level_explanation_names_the_numbers_in_both_languages():
    result = indicator_status(FOREST, obs((2023, 15.4)))
    assert result.ratio == pytest.approx(0.4 / 0.46)
    for text in (result.explanation_en, result.explanation_zh):
        assert "14.2%" in text and "15.4%" in text and "16.5%" in text and "0.46%" in text
        assert "87%" in text and "2023" in text
    assert "needs acceleration" in result.explanation_en
    assert "需要加快" in result.explanation_zh


def test_level_without_baseline_uses_the_earliest_value_and_needs_two_years():
    five_g = make(target_value=100)
    assert indicator_status(five_g, obs((2022, 80))).status == NOT_ASSESSED
    # from 80 (2022): needs 20/3 a year; 86 in 2023 is 6 a year = 90%
    assert indicator_status(five_g, obs((2022, 80), (2023, 86))).status == NEEDS_ACCELERATION
    assert indicator_status(five_g, obs((2022, 100))).status == ACHIEVED


def test_values_before_the_plan_period_are_not_progress():
    result = indicator_status(FOREST, obs((2017, 13.0)))
    assert result.status == NO_DATA
    assert "2020" in result.explanation_en


def test_no_values_is_no_data():
    result = indicator_status(FOREST, [])
    assert result.status == NO_DATA and result.ratio is None and result.latest is None
    assert "No progress data has been published yet" in result.explanation_en
    assert "尚未发布进展数据" in result.explanation_zh


def test_level_down_direction():
    # a rate to cut from 10 (2020) to 5 (2025): -1 a year
    cut = make(direction="down", baseline_year=2020, baseline_value=10, target_value=5)
    assert indicator_status(cut, obs((2022, 8))).status == ON_TRACK            # -1/yr
    assert indicator_status(cut, obs((2022, 9))).status == LIMITED_PROGRESS    # 50%
    assert indicator_status(cut, obs((2022, 11))).status == DETERIORATING
    assert indicator_status(cut, obs((2022, 5))).status == ACHIEVED
    assert "fall by 1" in indicator_status(cut, obs((2022, 8))).explanation_en


def test_at_least_target_with_a_lower_baseline_is_progress_towards_it():
    patents = make(baseline_year=2020, baseline_value=42, target_value=60, target_bound="at_least",
                   unit=Text("件", "patents"))
    assert indicator_status(patents, obs((2022, 49.2))).status == ON_TRACK   # 3.6/yr = 100%
    assert indicator_status(patents, obs((2022, 61))).status == ACHIEVED


# -- annual rate ------------------------------------------------------------------------------------
@pytest.mark.parametrize("rates, status", [
    ((6.0, 6.2), ON_TRACK),
    ((5.5, 5.5), ON_TRACK),                # within the 0.5-point tolerance of "about 6"
    ((5.4, 5.4), NEEDS_ACCELERATION),      # 90%
    ((3.0, 3.0), LIMITED_PROGRESS),        # 50%
    ((-2.0, 1.0), DETERIORATING),          # average -0.5
    ((6, 6, 6, 6, 6), ACHIEVED),           # the whole period published
])
def test_annual_rate_compares_the_average_rate_with_the_target(rates, status):
    result = indicator_status(GDP, obs(*[(2021 + i, r) for i, r in enumerate(rates)]))
    assert result.status == status
    assert result.actual == pytest.approx(sum(rates) / len(rates))


def test_annual_rate_tolerance_only_for_about_targets():
    exact = make("annual_rate", target_value=12)
    assert tolerance(GDP) == 0.5 and tolerance(exact) == 0
    assert indicator_status(exact, obs((2021, 11.5))).status == ON_TRACK    # 95.8%
    assert indicator_status(exact, obs((2021, 11.3))).status == NEEDS_ACCELERATION
    result = indicator_status(GDP, obs((2021, 5.0), (2022, 5.4)))
    assert "5.2%" in result.explanation_en and "2021-2022" in result.explanation_en
    assert "5.5% or more counts as met" in result.explanation_en
    assert "5.2%" in result.explanation_zh and "5.5%及以上即视为达到" in result.explanation_zh


# -- cumulative ---------------------------------------------------------------------------------------
def test_period_total_compares_the_sum_with_the_pro_rata_share():
    assert is_period_total(VISITORS) and not is_period_total(VILLAGES)
    # share after 2 years: 2,400; 1,300 + 1,100 = 2,400 -> 100%
    result = indicator_status(VISITORS, obs((2021, 1300), (2022, 1100)))
    assert result.status == ON_TRACK
    assert result.needed == pytest.approx(2400) and result.actual == pytest.approx(2400)
    assert result.series == ((2021, 1300), (2022, 2400))
    assert "24 million visits" in result.explanation_en and "2,400万人次" in result.explanation_zh
    assert indicator_status(VISITORS, obs((2021, 1000), (2022, 1100))).status == NEEDS_ACCELERATION
    assert indicator_status(VISITORS, obs((2021, 500))).status == LIMITED_PROGRESS
    assert indicator_status(VISITORS, obs((2021, 3000), (2022, 3000))).status == ACHIEVED


def test_about_total_gets_a_relative_tolerance():
    investment = make("cumulative", target_value=1800, target_approx=True, target_bound="about",
                      period="plan_total",
                      name=Text("投资（累计）", "Investment (cumulative, 2021-2025)"))
    assert tolerance(investment) == pytest.approx(36)
    years = obs(*[(y, 353) for y in range(2021, 2026)])    # 1,765 >= 1,764
    assert indicator_status(investment, years).status == ACHIEVED


def test_cumulative_stock_is_assessed_like_a_level():
    # 5 villages (2020) -> 15 (2025): 2 a year; 9 by 2022 is 2 a year
    assert indicator_status(VILLAGES, obs((2022, 9))).status == ON_TRACK
    assert indicator_status(VILLAGES, obs((2022, 7))).status == LIMITED_PROGRESS


# -- bounds to keep ------------------------------------------------------------------------------------
def test_aqi_within_an_about_target_already_met_at_baseline_is_on_track():
    result = indicator_status(AQI, obs((2017, 75.3), (2022, 86.6)))
    assert result.status == ON_TRACK and result.latest == 86.6 and result.latest_year == 2022
    assert result.series == ((2022, 86.6),)
    assert "86.6%" in result.explanation_en and "83.3%" in result.explanation_en
    assert "86.6%" in result.explanation_zh
    assert indicator_status(AQI, obs((2025, 84.0))).status == ACHIEVED      # within tolerance


def test_outside_a_bound_is_deteriorating_or_needs_acceleration_by_direction():
    assert indicator_status(AQI, obs((2022, 80.0))).status == DETERIORATING       # below 88.2
    assert indicator_status(AQI, obs((2022, 78.0), (2023, 80.0))).status == NEEDS_ACCELERATION
    assert indicator_status(DEATHS, obs((2022, 0.02))).status == ON_TRACK
    assert indicator_status(DEATHS, obs((2025, 0.0281))).status == ACHIEVED
    assert indicator_status(DEATHS, obs((2022, 0.03))).status == NEEDS_ACCELERATION  # no reference
    assert indicator_status(DEATHS, obs((2022, 0.03), (2023, 0.04))).status == DETERIORATING
    assert indicator_status(DEATHS, obs((2022, 0.04), (2023, 0.03))).status == NEEDS_ACCELERATION


# -- qualitative ----------------------------------------------------------------------------------------
def test_qualitative_targets_are_never_given_a_status():
    for values in ([], obs((2021, 9.0), (2022, 9.5))):
        result = indicator_status(INCOME, values)
        assert result.status == QUALITATIVE and result.ratio is None
        assert "higher than economic growth" in result.explanation_en
        assert "高于经济发展速度" in result.explanation_zh


def test_every_indicator_in_the_database_gets_a_status(content):
    statuses = {i.code: indicator_status(i, content.observations(i.code))
                for i in content.indicators()}
    assert len(statuses) == 32
    assert statuses["20"].status == ON_TRACK
    for code, result in statuses.items():
        ind = content.indicator(code)
        if ind.measure == "qualitative":
            assert result.status == QUALITATIVE
        elif not content.observations(code):
            assert result.status == NO_DATA
        assert result.explanation_en and result.explanation_zh


# -- period column and baseline notes ---------------------------------------------------------------
def test_the_period_column_not_the_english_name_decides_a_plan_total():
    named = make("cumulative", target_value=15, period="year_end",
                 name=Text("外资（累计）", "Foreign investment (cumulative, 2021-2025)"))
    unnamed = make("cumulative", target_value=15, period="plan_total",
                   name=Text("外资（累计）", "Foreign investment received"))
    assert not is_period_total(named) and is_period_total(unnamed)
    # yearly amounts 3 + 3 after two of five years: the pro-rata share 6 is met
    assert indicator_status(unnamed, obs((2021, 3), (2022, 3))).status == ON_TRACK


@pytest.mark.parametrize("measure, period", [
    ("cumulative", None), ("cumulative", "sometimes"), ("level", "plan_total"),
    ("annual_rate", "year_end"),
])
def test_a_missing_or_misplaced_period_is_not_assessed(measure, period):
    ind = make(measure, target_value=15, period=period)
    result = indicator_status(ind, obs((2021, 3), (2022, 6)))
    assert result.status == NOT_ASSESSED and "period" in result.explanation_en


def test_every_cumulative_row_of_the_plan_has_its_period():
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "db" / "indicators.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    rows = {r["code"]: r for r in csv.DictReader(text)}
    assert {c: r["period"] for c, r in rows.items() if r["period"]} == {
        "4": "plan_total", "4.1": "plan_total", "9": "plan_total", "10": "plan_total",
        "11": "year_end", "13": "year_end", "14": "year_end", "16": "year_end"}
    assert all(bool(r["period"]) == (r["measure"] == "cumulative") for r in rows.values())
    noted = {c for c, r in rows.items() if r["baseline_note_en"]}
    assert noted == {"3", "4", "5", "10", "27", "28"}


def test_a_period_aggregate_baseline_is_named_in_the_explanation():
    from kiosk.data.status import baseline_is_aggregate

    investment = make("cumulative", baseline_year=2020, baseline_value=1233.5, target_value=1800,
                      period="plan_total", unit=Text("亿元", "100 million yuan"),
                      baseline_note=Text("2016–2020 累计", "2016–2020 total"))
    assert baseline_is_aggregate(investment) and not baseline_is_aggregate(FOREST)
    result = indicator_status(investment, obs((2021, 380)))
    assert "(2016–2020 total)" in result.explanation_en
    assert "（2016–2020 累计）" in result.explanation_zh
    income = make("qualitative", baseline_year=2020, baseline_value=8.2,
                  baseline_note=Text("2016–2020 年均", "2016–2020 average"))
    assert "8.2% (2016–2020 average)" in indicator_status(income, []).explanation_en
    assert "None" not in indicator_status(make(baseline_value=3.0, target_value=5),
                                          obs((2021, 4))).explanation_en

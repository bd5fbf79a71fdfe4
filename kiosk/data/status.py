"""Indicator status by the Statistics Canada method (as in Open SDG), adapted to the plan's targets.

Pure functions, no Qt: `indicator_status(indicator, observations)` returns an `IndicatorStatus`
with the verdict, the numbers used and an explanation in both languages.

The rules (ratio = actual rate of progress / rate needed):
- ratio >= 95 %: on track; 60-95 %: needs acceleration; 0-60 %: limited progress;
  below 0: deteriorating. The target met: achieved. No value in the plan period: no data.
- level (and a cumulative measure with period "year_end", e.g. villages): needed = (target - baseline) /
  (target year - baseline year) per year, actual = (latest - baseline) / (latest year - baseline
  year). Without a stated baseline the earliest value in the period serves as one.
- annual rate: ratio = average of the yearly rates published / target rate.
- cumulative with period "plan_total" (e.g. visitors 2021-2025): values are the yearly amounts;
  ratio = sum so far / the pro-rata share of the target for the years elapsed. A cumulative
  indicator without a valid period (or a period on another measure) is not assessed.
- a bound to keep (at most / at least, or a baseline already meeting the target, e.g. AQI): within
  the bound is on track (achieved once the target year is reached); outside it, deteriorating when
  the latest value moved the wrong way, else needs acceleration.
- "about" (左右) targets count as met within a tolerance: 0.5 percentage points for an annual rate,
  2 % of the target otherwise.
- qualitative targets (与经济发展同步) are shown in the plan's words and never given a status.
"""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string annotation,
# and these records are defined before the kiosk's first frame (issue 14, start-up).
from typing import NamedTuple

from kiosk.data.content import Indicator, Observation
from kiosk.i18n import format_large, format_number

ACHIEVED = "achieved"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED_PROGRESS = "limited_progress"
DETERIORATING = "deteriorating"
NO_DATA = "no_data"
NOT_ASSESSED = "not_assessed"
QUALITATIVE = "qualitative"

# Display order, best first; the dashboard's overview chart stacks them in this order.
STATUSES = (ACHIEVED, ON_TRACK, NEEDS_ACCELERATION, LIMITED_PROGRESS, DETERIORATING,
            NOT_ASSESSED, QUALITATIVE, NO_DATA)

ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.60
PLAN_YEARS = 5
RATE_TOLERANCE = 0.5  # percentage points around an "about" annual rate
RELATIVE_TOLERANCE = 0.02  # share of the target around an "about" level or total

_ZH_STATUS = {ACHIEVED: "已达成目标", ON_TRACK: "进展顺利", NEEDS_ACCELERATION: "需要加快",
              LIMITED_PROGRESS: "进展有限", DETERIORATING: "出现倒退", NO_DATA: "暂无数据",
              NOT_ASSESSED: "暂不评估", QUALITATIVE: "定性目标，不评估"}
_EN_STATUS = {ACHIEVED: "target achieved", ON_TRACK: "on track",
              NEEDS_ACCELERATION: "needs acceleration", LIMITED_PROGRESS: "limited progress",
              DETERIORATING: "deteriorating", NO_DATA: "no data", NOT_ASSESSED: "not assessed",
              QUALITATIVE: "qualitative target, not assessed"}


class IndicatorStatus(NamedTuple):
    """The verdict for one indicator, the numbers behind it and how it was reached, in words."""

    code: str
    status: str
    ratio: float | None
    explanation_en: str
    explanation_zh: str
    latest: float | None = None
    latest_year: int | None = None
    needed: float | None = None  # rate needed per year, target rate, or pro-rata share so far
    actual: float | None = None  # actual rate per year, average rate, or sum so far
    tolerance: float = 0.0
    # (year, value) pairs compared with the target: the observations in the plan period, or for a
    # plan-period total their running sum.
    series: tuple[tuple[int, float], ...] = ()

    def explanation(self, lang: str) -> str:
        return self.explanation_zh if lang.startswith("zh") else self.explanation_en


def status_from_ratio(ratio: float) -> str:
    """The Statistics Canada category for a ratio of actual to needed progress."""
    ratio = round(ratio, 9)  # 0.95 computed as 0.9499999999 is still on track
    if ratio >= ON_TRACK_RATIO:
        return ON_TRACK
    if ratio >= ACCELERATION_RATIO:
        return NEEDS_ACCELERATION
    if ratio >= 0:
        return LIMITED_PROGRESS
    return DETERIORATING


PERIODS = ("plan_total", "year_end")


def is_period_total(ind: Indicator) -> bool:
    """A cumulative target summed over the plan years (period plan_total), not a year-end stock."""
    return ind.measure == "cumulative" and ind.period == "plan_total"


def period_consistent(ind: Indicator) -> bool:
    """A cumulative measure names its period; no other measure has one."""
    if ind.measure == "cumulative":
        return ind.period in PERIODS
    return not ind.period


def baseline_is_aggregate(ind: Indicator) -> bool:
    """The baseline sums or averages several years (it has a note and is a rate or plan total)."""
    return (ind.baseline_value is not None and ind.baseline_note is not None
            and (ind.measure in ("annual_rate", "qualitative") or is_period_total(ind)))


def plan_start(ind: Indicator) -> int:
    """The plan's base year (2020 for a 2025 target)."""
    return ind.target_year - PLAN_YEARS


def tolerance(ind: Indicator) -> float:
    """How far from an "about" (左右) target still counts as meeting it."""
    if not (ind.target_approx or ind.target_bound == "about") or ind.target_value is None:
        return 0.0
    if ind.measure == "annual_rate":
        return RATE_TOLERANCE
    return abs(ind.target_value) * RELATIVE_TOLERANCE


def _down(ind: Indicator) -> bool:
    return ind.direction == "down" or ind.target_bound == "at_most"


def meets(ind: Indicator, value: float) -> bool:
    """Whether a value meets the target (in the better direction, within the tolerance)."""
    assert ind.target_value is not None
    tol = tolerance(ind)
    if _down(ind):
        return value <= ind.target_value + tol + 1e-12
    return value >= ind.target_value - tol - 1e-12


# -- formatting -------------------------------------------------------------------------------
def _num(value: float, lang: str, digits: int = 2) -> str:
    return format_number(round(value, digits), lang=lang)


def format_value(ind: Indicator, value: float, lang: str) -> str:
    """A value with its unit: 86.6%, 1,800亿元, 1,800 (100 million yuan); 万/亿 beyond 10,000."""
    unit = ind.unit.get(lang)
    if not lang.startswith("zh"):
        for prefix, factor in (("10,000 ", 1e4), ("100 million ", 1e8)):
            if unit.startswith(prefix):  # 3,500 "10,000 visits" reads better as 35 million visits
                return f"{format_large(value * factor, lang=lang)} {unit[len(prefix):]}"
    text = format_large(value, lang=lang) if abs(value) >= 10_000 else _num(value, lang, 4)
    if unit == "%":
        return text + "%"
    if lang.startswith("zh"):
        return text + unit
    return f"{text} ({unit})" if " " in unit else f"{text} {unit}"


_val = format_value


def _pct(ratio: float, lang: str) -> str:
    return _num(ratio * 100, lang, 0) + "%"


def baseline_words(ind: Indicator) -> tuple[str, str]:
    """The stated baseline with what it covers (its note, else its year); empty without one."""
    if ind.baseline_value is None:
        return "", ""
    en, zh = _val(ind, ind.baseline_value, "en"), _val(ind, ind.baseline_value, "zh_CN")
    note_en, note_zh = (ind.baseline_note.en, ind.baseline_note.zh) if ind.baseline_note else (
        "", "")
    year = "" if ind.baseline_year is None else str(ind.baseline_year)
    when_en = note_en or year
    when_zh = note_zh or (f"{year}年" if year else "")
    return (f"{en} ({when_en})" if when_en else en), (f"{zh}（{when_zh}）" if when_zh else zh)


def _baseline_sentence(ind: Indicator) -> tuple[str, str]:
    b_en, b_zh = baseline_words(ind)
    if not b_en:
        return "", ""
    return f" For comparison, the plan's baseline is {b_en}.", f"作为对照，规划基期值为{b_zh}。"


def _verdict(status: str) -> tuple[str, str]:
    return _EN_STATUS[status], _ZH_STATUS[status]


def _target_words(ind: Indicator, tolerance_note: bool = True) -> tuple[str, str]:
    """The target in words with its unit (about 85% by 2025) plus, for "about", the range counted."""
    value = float(ind.target_value or 0)
    v_en, v_zh = _val(ind, value, "en"), _val(ind, value, "zh_CN")
    bound = "about" if ind.target_approx else (ind.target_bound or "reach")
    en = {"about": f"about {v_en}", "at_least": f"at least {v_en}",
          "at_most": f"no more than {v_en}"}.get(bound, v_en)
    zh = {"about": f"{v_zh}左右", "at_least": f"{v_zh}以上", "at_most": f"控制在{v_zh}以内"}.get(
        bound, f"达到{v_zh}")
    if ind.measure == "annual_rate":
        en, zh = f"{en} a year on average", f"年均{zh}"
    en, zh = f"{en} by {ind.target_year}", f"到{ind.target_year}年{zh}"
    tol = tolerance(ind)
    if tol and tolerance_note:
        edge = value + tol if _down(ind) else value - tol
        word_en, word_zh = ("or less", "及以下") if _down(ind) else ("or more", "及以上")
        en += f" ({_val(ind, edge, 'en')} {word_en} counts as met)"
        zh += f"（{_val(ind, edge, 'zh_CN')}{word_zh}即视为达到）"
    return en, zh


target_words = _target_words  # public: the attract loop shows targets the same way


# -- the rules ----------------------------------------------------------------------------------
def indicator_status(ind: Indicator, observations: list[Observation]) -> IndicatorStatus:
    """The status of one indicator from its published values (see the module docstring)."""
    if ind.measure == "qualitative" or ind.target_value is None:
        return _qualitative(ind)
    if not period_consistent(ind):
        return _bad_period(ind)
    in_period = [(o.year, o.value) for o in observations if o.year > plan_start(ind)]
    if not in_period:
        return _no_data(ind, observations)
    if ind.measure == "annual_rate":
        return _annual_rate(ind, in_period)
    if is_period_total(ind):
        return _period_total(ind, in_period)
    return _level(ind, in_period)


def _qualitative(ind: Indicator) -> IndicatorStatus:
    base_en, base_zh = _baseline_sentence(ind)
    return IndicatorStatus(
        ind.code, QUALITATIVE, None,
        f"The plan sets this target in words, not as a number: \"{ind.target_text.en}\". "
        f"The kiosk shows the wording and does not compute a status for it.{base_en}",
        f"规划以文字而非数值表述此目标：“{ind.target_text.zh}”。本机只展示原文，不计算进展状态。{base_zh}",
    )


def _bad_period(ind: Indicator) -> IndicatorStatus:
    return IndicatorStatus(
        ind.code, NOT_ASSESSED, None,
        "The content does not say whether this cumulative target is a total of yearly amounts or a "
        "year-end value (or gives a period where none applies), so no status is computed.",
        "内容未说明此累计目标是各年数值之和还是年末数值（或对非累计指标填写了期间），因此不计算进展状态。",
    )


def _no_data(ind: Indicator, observations: list[Observation]) -> IndicatorStatus:
    start = plan_start(ind)
    en = "No progress data has been published yet, so no status can be computed."
    zh = "尚未发布进展数据，因此无法计算进展状态。"
    if observations:
        en = (f"Values have been published only for years up to {start}, before the plan period "
              f"({start + 1}-{ind.target_year}); no status can be computed yet.")
        zh = (f"目前只有{start}年及以前（规划期{start + 1}—{ind.target_year}年之前）的数据，"
              "暂无法计算进展状态。")
    return IndicatorStatus(ind.code, NO_DATA, None, en, zh)


def _annual_rate(ind: Indicator, obs: list[tuple[int, float]]) -> IndicatorStatus:
    target = float(ind.target_value or 0)
    rates = [v for _, v in obs]
    average = sum(rates) / len(rates)
    latest_year, latest = obs[-1]
    t_en, t_zh = _target_words(ind)
    years_en = f"{obs[0][0]}-{latest_year}" if len(obs) > 1 else str(latest_year)
    years_zh = f"{obs[0][0]}—{latest_year}年" if len(obs) > 1 else f"{latest_year}年"
    avg_en, avg_zh = _val(ind, average, "en"), _val(ind, average, "zh_CN")
    ratio = average / target if target else None
    base_en, base_zh = _baseline_sentence(ind)
    if meets(ind, average):
        status = ACHIEVED if latest_year >= ind.target_year else ON_TRACK
        how_en = "the average meets the target"
        how_zh = "平均值达到目标"
    elif _down(ind):
        status = NEEDS_ACCELERATION if ratio is None or average <= rates[0] else DETERIORATING
        how_en, how_zh = "the average is above the limit", "平均值高于上限"
    else:
        status = status_from_ratio(ratio if ratio is not None else 0.0)
        how_en = f"the average is {_pct(ratio or 0, 'en')} of the target rate"
        how_zh = f"平均值为目标增速的{_pct(ratio or 0, 'zh_CN')}"
    v_en, v_zh = _verdict(status)
    return IndicatorStatus(
        ind.code, status, ratio,
        f"Target: {t_en}. The average of the yearly rates published for {years_en} is {avg_en}; "
        f"{how_en}, so the indicator is rated \"{v_en}\" "
        f"(95% or more of the target rate is on track, 60-95% needs acceleration, "
        f"below 60% limited progress, below zero deteriorating).{base_en}",
        f"目标：{t_zh}。已发布的{years_zh}各年增速平均为{avg_zh}；{how_zh}，"
        f"因此评为“{v_zh}”（达到目标增速95%及以上为进展顺利，60%—95%为需要加快，"
        f"60%以下为进展有限，低于零为出现倒退）。{base_zh}",
        latest=latest, latest_year=latest_year, needed=target, actual=average,
        tolerance=tolerance(ind), series=tuple(obs),
    )


def _period_total(ind: Indicator, obs: list[tuple[int, float]]) -> IndicatorStatus:
    target = float(ind.target_value or 0)
    start = plan_start(ind)
    running, total = [], 0.0
    for year, value in obs:
        total += value
        running.append((year, total))
    latest_year = obs[-1][0]
    elapsed = min(latest_year, ind.target_year) - start
    share = target * elapsed / PLAN_YEARS
    ratio = total / share if share else None
    t_en, t_zh = _target_words(ind)
    sum_en, sum_zh = _val(ind, total, "en"), _val(ind, total, "zh_CN")
    base_en, base_zh = _baseline_sentence(ind)
    share_en, share_zh = _val(ind, share, "en"), _val(ind, share, "zh_CN")
    if meets(ind, total):
        status = ACHIEVED
        how_en, how_zh = "the total already meets the target", "累计已达到目标"
    else:
        status = status_from_ratio(ratio if ratio is not None else 0.0)
        how_en = f"that is {_pct(ratio or 0, 'en')} of the share due"
        how_zh = f"为应完成进度的{_pct(ratio or 0, 'zh_CN')}"
    v_en, v_zh = _verdict(status)
    return IndicatorStatus(
        ind.code, status, ratio,
        f"Target: {t_en}, counted over {start + 1}-{ind.target_year}. The yearly values published "
        f"add up to {sum_en} by {latest_year}. After {elapsed} of {PLAN_YEARS} years the "
        f"pro-rata share of the target is {share_en}; {how_en}, so the indicator is rated "
        f"\"{v_en}\" (95% or more of the share is on track, 60-95% needs acceleration, "
        f"below 60% limited progress).{base_en}",
        f"目标：{t_zh}，按{start + 1}—{ind.target_year}年累计。已发布的各年数值至{latest_year}年"
        f"累计为{sum_zh}。{PLAN_YEARS}年中已过{elapsed}年，按比例应完成{share_zh}；{how_zh}，"
        f"因此评为“{v_zh}”（达到应完成进度95%及以上为进展顺利，60%—95%为需要加快，"
        f"60%以下为进展有限）。{base_zh}",
        latest=obs[-1][1], latest_year=latest_year, needed=share, actual=total,
        tolerance=tolerance(ind), series=tuple(running),
    )


def _level(ind: Indicator, obs: list[tuple[int, float]]) -> IndicatorStatus:
    target = float(ind.target_value or 0)
    latest_year, latest = obs[-1]
    t_en, t_zh = _target_words(ind)
    if ind.baseline_value is not None and ind.baseline_year is not None:
        base_year, base, stated = ind.baseline_year, float(ind.baseline_value), True
    else:
        (base_year, base), stated = obs[0], False
    holding = (ind.target_bound in ("at_most", "at_least") and not stated) or (
        stated and meets(ind, base))
    if holding:
        return _bound(ind, obs, base if stated else None)
    lat_en, lat_zh = _val(ind, latest, "en"), _val(ind, latest, "zh_CN")
    assessable = latest_year > base_year and ind.target_year > base_year
    needed = (target - base) / (ind.target_year - base_year) if assessable else None
    actual = (latest - base) / (latest_year - base_year) if assessable else None
    ratio = actual / needed if needed and actual is not None else None
    common = dict(latest=latest, latest_year=latest_year, tolerance=tolerance(ind),
                  series=tuple(obs), needed=needed, actual=actual)
    if meets(ind, latest):
        return IndicatorStatus(
            ind.code, ACHIEVED, ratio,
            f"Target: {t_en}. The latest value, {lat_en} ({latest_year}), meets it, so the target "
            "is rated \"target achieved\".",
            f"目标：{t_zh}。最新数值{lat_zh}（{latest_year}年）已达到目标，因此评为“已达成目标”。",
            **common)
    b_en, b_zh = f"{_val(ind, base, 'en')} ({base_year})", f"{_val(ind, base, 'zh_CN')}（{base_year}年）"
    if stated:
        b_en, b_zh = baseline_words(ind)
    origin_en = "the plan's baseline" if stated else "the earliest value published"
    origin_zh = "规划基期值" if stated else "最早发布的数值"
    if needed is None or actual is None or ratio is None:
        return IndicatorStatus(
            ind.code, NOT_ASSESSED, None,
            f"Target: {t_en}. The latest value is {lat_en} ({latest_year}). A rate of progress "
            "needs a baseline and a later value; until a second year is published no status is "
            "computed.",
            f"目标：{t_zh}。最新数值为{lat_zh}（{latest_year}年）。计算进展速度需要基期值和之后年份的"
            "数值；在发布第二个年份的数据之前不计算进展状态。",
            **common)
    status = status_from_ratio(ratio)
    v_en, v_zh = _verdict(status)
    n_en, n_zh = _val(ind, abs(needed), "en"), _val(ind, abs(needed), "zh_CN")
    a_en, a_zh = _val(ind, abs(actual), "en"), _val(ind, abs(actual), "zh_CN")
    verb_en = "fall" if needed < 0 else "rise"
    moved_en = ("fallen" if actual < 0 else "risen") if actual else "stayed the same"
    verb_zh = "下降" if needed < 0 else "提高"
    moved_zh = ("平均每年下降" if actual < 0 else "平均每年提高") + a_zh if actual else "没有变化"
    return IndicatorStatus(
        ind.code, status, ratio,
        f"Target: {t_en}. From {origin_en}, {b_en}, it must {verb_en} by {n_en} a "
        f"year. By {latest_year} it is {lat_en}: it has {moved_en}"
        f"{f' by {a_en} a year' if actual else ''}, {_pct(ratio, 'en')} of the rate needed, so the "
        f"indicator is rated \"{v_en}\" (95% or more is on track, 60-95% needs "
        "acceleration, below 60% limited progress, moving the wrong way deteriorating).",
        f"目标：{t_zh}。从{origin_zh}{b_zh}起，每年需{verb_zh}{n_zh}。"
        f"{latest_year}年为{lat_zh}，{moved_zh}，为所需速度的{_pct(ratio, 'zh_CN')}，"
        f"因此评为“{v_zh}”（达到所需速度95%及以上为进展顺利，60%—95%为需要加快，"
        "60%以下为进展有限，反方向变化为出现倒退）。",
        latest=latest, latest_year=latest_year, needed=needed, actual=actual,
        tolerance=tolerance(ind), series=tuple(obs),
    )


def _bound(ind: Indicator, obs: list[tuple[int, float]], baseline: float | None) -> IndicatorStatus:
    """A bound to keep: within it on track (achieved from the target year), else by direction."""
    latest_year, latest = obs[-1]
    t_en, t_zh = _target_words(ind)
    lat_en, lat_zh = _val(ind, latest, "en"), _val(ind, latest, "zh_CN")
    if meets(ind, latest):
        status = ACHIEVED if latest_year >= ind.target_year else ON_TRACK
        how_en = ("is within the target" + ("" if status == ACHIEVED else
                  f", which must hold until {ind.target_year}"))
        how_zh = "在目标范围内" + ("" if status == ACHIEVED else f"，需保持到{ind.target_year}年")
    else:
        reference = obs[-2][1] if len(obs) > 1 else baseline
        worse = reference is not None and (latest > reference if _down(ind) else latest < reference)
        status = DETERIORATING if worse else NEEDS_ACCELERATION
        how_en = "is outside the target and " + (
            "has moved the wrong way since the previous value" if worse else
            "must move further towards it")
        how_zh = "不在目标范围内，" + ("且比上一个数值更差" if worse else "需进一步改善")
    v_en, v_zh = _verdict(status)
    return IndicatorStatus(
        ind.code, status, None,
        f"Target: {t_en}, a bound to keep. The latest value, {lat_en} ({latest_year}), {how_en}, "
        f"so the indicator is rated \"{v_en}\".",
        f"目标：{t_zh}，为需保持的界限。最新数值{lat_zh}（{latest_year}年）{how_zh}，"
        f"因此评为“{v_zh}”。",
        latest=latest, latest_year=latest_year, tolerance=tolerance(ind), series=tuple(obs),
    )

"""Past performance as a criterion's input: at the opening, each valid bid's figure is taken from the
register for its insurer over the 12 months before the opening day (Beijing dates), and kept with
the bid's opened content under "register" with where it came from (period, number of claims or
ratings). Later changes to the register do not touch it.

A bidder with no record in the period (no claim that reached the step, no rating) is given what
its criterion states (`no_record`, chosen in the criteria editor): by default the worst figure among
the bidders that have one — the most hours, the lowest satisfaction —, or their median, or a fixed
figure the criterion states (`no_record_value`); the source says 无记录 and which. When no bidder
has a record, the worst and the median give every bidder 0, so the criterion ranks none above
another; a fixed figure is given as stated. The engine reads the figure like any bid value: its
input does not change. The opening record's words are Chinese only, as its other official text.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from procurement import clock
from procurement.bids.fields import REGISTER_SOURCES
from procurement.register.performance import claim_hours, percentile, satisfaction, year_before

STEP_NAMES = {"survey": "查勘", "assessment": "定损", "payment": "支付"}
# How a bidder without a record is scored (a criterion's "no_record"; absent: the worst figure).
NO_RECORD_RULES = ("worst", "median", "fixed")
NO_RECORD_WORDS = {
    "worst": "按有记录投标人的最差值计",
    "median": "按有记录投标人的中位数计",
    "fixed": "按评分标准规定的数值{value}计",
}


def no_record_rule(criterion: dict[str, Any]) -> tuple[str, float | None]:
    """(the rule, the fixed figure or None) of a criterion taking a register figure."""
    rule, value = str(criterion.get("no_record") or "worst"), criterion.get("no_record_value")
    if rule == "fixed" and value is not None:
        return rule, float(value)
    return (rule if rule == "median" else "worst"), None


def _rules(criteria: list[dict[str, Any]]) -> dict[str, tuple[str, float | None]]:
    """Each register source's rule, from the first criterion taking it (the tender's criteria
    rules refuse two criteria of one source that differ)."""
    rules: dict[str, tuple[str, float | None]] = {}
    for criterion in criteria:
        if str(criterion.get("source")) in REGISTER_SOURCES:
            rules.setdefault(str(criterion["source"]), no_record_rule(criterion))
    return rules


def _stand_in(rule: tuple[str, float | None], known: list[float], lower_is_better: bool) -> float:
    """The figure a bidder without a record is given."""
    name, fixed = rule
    if fixed is not None:
        return fixed
    if not known:
        return 0.0
    if name == "median":
        return float(statistics.median(known))
    return max(known) if lower_is_better else min(known)


def period_of(at: datetime) -> tuple[date, date]:
    """[start, end) of the 12 months before the Beijing day of `at`."""
    return year_before(clock.to_local(at).date())


def _figure(
    source: str, insurer_id: int, hours: dict[int, Any], start: date, end: date
) -> tuple[float | None, int]:
    """(the figure or None without a record, the number of claims or ratings behind it)."""
    step, p = REGISTER_SOURCES[source]
    if step == "satisfaction":
        count, mean = satisfaction(insurer_id, start, end)
        return (float(mean) if mean is not None else None), count
    entry = hours.get(insurer_id)
    values = entry[step] if entry else []
    found = percentile(values, p)
    return (float(found) if found is not None else None), len(values)


def _words(
    source: str, start: date, end: date, n: int, found: bool, rule: tuple[str, float | None]
) -> str:
    step, _p = REGISTER_SOURCES[source]
    period = f"{start.isoformat()}至{(end - timedelta(days=1)).isoformat()}"
    if not found:
        what = "无满意度测评" if step == "satisfaction" else f"无已{STEP_NAMES[step]}的赔案"
        how = NO_RECORD_WORDS[rule[0]].format(value=f"{rule[1]:g}" if rule[1] is not None else "")
        return f"无记录（电梯保险登记册{period}期间{what}），{how}"
    counted = f"测评{n}次" if step == "satisfaction" else f"已{STEP_NAMES[step]}赔案{n}件"
    return f"电梯保险登记册{period}，{counted}"


def fill(criteria: list[dict[str, Any]], bids: Iterable[Any], at: datetime) -> None:
    """Give every valid bid (opened content read) its register figures for the criteria that take
    one, as {"value", "n", "from", "to", "found", "source"} under its content's "register"."""
    sources = sorted({str(c.get("source")) for c in criteria} & set(REGISTER_SOURCES))
    valid = [bid for bid in bids if bid.opened_content is not None]
    if not sources or not valid:
        return
    start, end = period_of(at)
    rules = _rules(criteria)
    hours = claim_hours(start, end, sorted({bid.insurer_id for bid in valid}))
    figures: dict[int, dict[str, Any]] = {bid.id: {} for bid in valid}
    for source in sources:
        found = {bid.id: _figure(source, bid.insurer_id, hours, start, end) for bid in valid}
        known = [value for value, _n in found.values() if value is not None]
        lower_is_better = REGISTER_SOURCES[source][0] != "satisfaction"
        stand_in = _stand_in(rules[source], known, lower_is_better)
        for bid in valid:
            value, n = found[bid.id]
            figures[bid.id][source] = {
                "value": stand_in if value is None else value,
                "n": n,
                "from": start.isoformat(),
                "to": (end - timedelta(days=1)).isoformat(),
                "found": value is not None,
                "source": _words(source, start, end, n, value is not None, rules[source]),
            }
    for bid in valid:  # a new dict: the JSON column sees the change
        bid.opened_content = {**bid.opened_content, "register": figures[bid.id]}


def figure_of(source: str, content: dict[str, Any] | None) -> dict[str, Any] | None:
    """The register figure a bid was given at the opening, if the source is the register's."""
    if source not in REGISTER_SOURCES or not content:
        return None
    found: dict[str, Any] | None = content.get("register", {}).get(source)
    return found


def record_rows(
    criteria: list[dict[str, Any]], bids: list[Any]
) -> list[tuple[str, list[tuple[Any, dict[str, Any]]]]]:
    """For the opening record: each criterion taking a register figure, with each valid bid's."""
    rows = []
    for criterion in criteria:
        figures = [
            (bid, figure_of(criterion.get("source", ""), bid.opened_content)) for bid in bids
        ]
        shown = [(bid, figure) for bid, figure in figures if figure is not None]
        if shown:
            rows.append((str(criterion["name"]), shown))
    return rows

"""Engagement: how much a company's people have been engaging with us lately, from 0 to 100.

Each event gives its kind's points (a page view whose address or title names the prices
counts as a pricing page) halved every `half_life_days`; the sum saturates towards 100:
`half_score_points` make 50, twice as many 75. Events older than `FORGOTTEN_AFTER` half-lives
(under a four-thousandth of their points) are not read at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from agent.qualification.icp import EngagementRules
from agent.qualification.parts import Part, Reason, bounded, by_weight

FORGOTTEN_AFTER = 12  # half-lives
PRICING = "pricing_page"


def engagement_since(today: date, half_life_days: float) -> datetime:
    """The oldest moment an event still counts from."""
    return datetime.combine(today, datetime.min.time()) - timedelta(
        days=FORGOTTEN_AFTER * half_life_days
    )


def event_code(kind: str, detail: str | None, rules: EngagementRules) -> str:
    """What an event counts as: its kind, or a pricing page."""
    if kind == "page_view" and detail:
        text = detail.casefold()
        if any(word.casefold() in text for word in rules.pricing_words):
            return PRICING
    return kind


def event_points(code: str, rules: EngagementRules) -> float:
    """The points of a fresh event counted as `code`."""
    if code == PRICING:
        return rules.pricing_page
    return rules.weights.get(code, 0.0)  # type: ignore[call-overload]


def decay(age_days: float, half_life_days: float) -> float:
    """What is left of an event's points after `age_days`: ½ at one half-life."""
    return 0.5 ** (max(0.0, age_days) / half_life_days)


def saturate(points: float, half_score_points: float) -> int:
    """Points as a score out of 100: `half_score_points` give 50, and 100 is never passed."""
    if points <= 0:
        return 0
    return bounded(100 * (1 - 0.5 ** (points / half_score_points)))


def score_engagement(
    events: Iterable[Any], rules: EngagementRules, *, half_life_days: float, today: date
) -> Part:
    """Score one company's events (objects with kind, detail, occurred_at); a reason per kind:
    how many events, and the points they still give."""
    counts: dict[str, int] = defaultdict(int)
    points: dict[str, float] = defaultdict(float)
    for event in events:
        code = event_code(str(event.kind), event.detail, rules)
        occurred = event.occurred_at
        day = occurred.date() if isinstance(occurred, datetime) else occurred
        counts[code] += 1
        points[code] += event_points(code, rules) * decay((today - day).days, half_life_days)
    reasons = [
        Reason(code, str(counts[code]), round(points[code], 1)) for code in counts if points[code]
    ]
    return Part(saturate(sum(points.values()), rules.half_score_points), by_weight(reasons))

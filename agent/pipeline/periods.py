"""Reporting periods: the calendar week, month, quarter or year around a day, or given dates.

A period is a closed range of days [start, end]. The previous period is the calendar one
before it (last week, last month, …) or, for given dates, as many days just before them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

PeriodName = Literal["week", "month", "quarter", "year"]


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included."""

    label: str
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The period as a UTC half-open range [start 00:00, day after end 00:00)."""
        return _midnight(self.start), _midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        """How many days the period spans."""
        return (self.end - self.start).days + 1


def resolve_period(
    *,
    period: PeriodName = "week",
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> tuple[Period, Period]:
    """The period asked for and the one before it; `start`/`end` override `period`."""
    if start is not None or end is not None:
        first = start or (end or today) - timedelta(days=6)
        last = end or today
        if first > last:
            raise ValueError(f"start ({first}) is after end ({last}): swap the two dates")
        current = Period("custom", first, last)
        length = timedelta(days=current.days)
        return current, Period("custom", first - length, first - timedelta(days=1))
    first = _period_start(period, today)
    current = Period(period, first, _next_start(period, first) - _DAY)
    previous_start = _period_start(period, first - _DAY)
    return current, Period(period, previous_start, first - _DAY)


_DAY = timedelta(days=1)


def _period_start(period: PeriodName, day: date) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _next_start(period: PeriodName, first: date) -> date:
    if period == "week":
        return first + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)

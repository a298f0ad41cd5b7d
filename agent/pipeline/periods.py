"""Reporting periods and the period each is compared with. A period is a closed range of days.

- `week`, `month`, `quarter`, `year`: the calendar period containing today, *to date* — from
  its first day to today — compared with the same span of the period before: this week Monday
  to Wednesday against last week Monday to Wednesday, November 1–18 against October 1–18,
  March 1–31 against February 1–28 (a day the shorter month lacks is clamped to its last day).
  A Monday is compared with last Monday, never with a whole week.
- `last_week`, `last_month`, `last_quarter`, `last_year`: the whole calendar period before the
  current one ("le mois dernier" in November: October 1–31), compared with the whole period
  before it (September 1–30).
- Given dates (`start` and/or `end`; `since` is a `start` up to today, "depuis le 1er
  octobre"): those days, compared with as many days just before them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args

PeriodName = Literal[
    "week", "month", "quarter", "year", "last_week", "last_month", "last_quarter", "last_year"
]
PERIOD_NAMES: tuple[str, ...] = get_args(PeriodName)
Unit = Literal["week", "month", "quarter", "year"]
_MONTHS: dict[Unit, int] = {"week": 0, "month": 1, "quarter": 3, "year": 12}
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included."""

    label: str
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The period as a UTC half-open range [start 00:00, day after end 00:00)."""
        return _midnight(self.start), _midnight(self.end + _DAY)

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
    since: date | None = None,
) -> tuple[Period, Period]:
    """The period asked for and the one it is compared with (see the module docstring);
    given dates override `period`. Raises ValueError for dates that make no range."""
    if since is not None:
        if start is not None and start != since:
            raise ValueError("give start or since, not both: since is a start up to today")
        start = since
    if start is not None or end is not None:
        return _custom(start, end, today)
    if period.startswith("last_"):
        unit: Unit = period.removeprefix("last_")  # type: ignore[assignment]
        first = _start_of(unit, _start_of(unit, today) - _DAY)
        current = Period(period, first, _start_of(unit, today) - _DAY)
        before = _start_of(unit, first - _DAY)
        return current, Period(period, before, first - _DAY)
    unit = period  # type: ignore[assignment]
    first = _start_of(unit, today)
    before = _start_of(unit, first - _DAY)
    # The same span of the period before: today moved back one period, within that period.
    previous_end = min(_back_one(unit, today), first - _DAY)
    return Period(period, first, today), Period(period, before, previous_end)


def _custom(start: date | None, end: date | None, today: date) -> tuple[Period, Period]:
    first = start or (end or today) - timedelta(days=6)
    last = end or today
    if first > last:
        raise ValueError(f"start ({first}) is after end ({last}): swap the two dates")
    current = Period("custom", first, last)
    length = timedelta(days=current.days)
    return current, Period("custom", first - length, first - _DAY)


def _start_of(unit: Unit, day: date) -> date:
    """The first day of the week (Monday), month, quarter or year containing `day`."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _back_one(unit: Unit, day: date) -> date:
    """`day` one week, month, quarter or year earlier; the 31st becomes the month's last day."""
    if unit == "week":
        return day - timedelta(days=7)
    index = day.year * 12 + day.month - 1 - _MONTHS[unit]
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)

"""ISO weeks for trends, and this week to date against the same span of last week, to the minute.

Weeks run Monday 00:00 to the next Monday 00:00, UTC (the stage timestamps are UTC). A trend is
the `count` complete weeks before the current one, oldest first: the current week is not done,
and a half week drawn beside whole ones would read as a fall. The current week is the week to
date: from Monday 00:00 to now, against last Monday 00:00 to the same weekday and time a week
ago — Wednesday 15:20 is compared with last Wednesday 15:20, never with a whole week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class IsoWeek:
    """One ISO week: its year and number ("2026-W47") and its Monday."""

    year: int
    number: int
    monday: date

    @property
    def label(self) -> str:
        """The ISO 8601 name of the week: "2026-W47"."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def sunday(self) -> date:
        """The week's last day."""
        return self.monday + timedelta(days=6)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[Monday 00:00, next Monday 00:00) in UTC."""
        start = datetime.combine(self.monday, time(0), tzinfo=UTC)
        return start, start + WEEK


@dataclass(frozen=True, slots=True)
class WeekToDate:
    """This week from Monday 00:00 to `end` (now), and last week's same span."""

    start: datetime
    end: datetime

    @property
    def previous(self) -> tuple[datetime, datetime]:
        """Last Monday 00:00 to the same weekday and time a week ago."""
        return self.start - WEEK, self.end - WEEK


def iso_week(day: date) -> IsoWeek:
    """The ISO week containing `day` (30 December 2024 is in 2025-W01)."""
    year, number, weekday = day.isocalendar()
    return IsoWeek(year, number, day - timedelta(days=weekday - 1))


def weeks_before(today: date, count: int) -> list[IsoWeek]:
    """The `count` complete ISO weeks before the one containing `today`, oldest first."""
    if count < 1:
        raise ValueError(f"a trend needs one week or more, not {count}")
    monday = iso_week(today).monday
    return [iso_week(monday - WEEK * back) for back in range(count, 0, -1)]


def week_to_date(now: datetime) -> WeekToDate:
    """The current ISO week up to `now` (an aware datetime, read in UTC)."""
    if now.tzinfo is None:
        raise ValueError("week_to_date needs an aware datetime: the stage timestamps are UTC")
    now = now.astimezone(UTC)
    monday = iso_week(now.date()).monday
    return WeekToDate(datetime.combine(monday, time(0), tzinfo=UTC), now)

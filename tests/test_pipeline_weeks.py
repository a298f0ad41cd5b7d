"""ISO weeks for the trends and the week to date: a Monday, a Sunday, New Year's week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.pipeline.weeks import iso_week, week_to_date, weeks_before


def labels(today: date, count: int) -> list[str]:
    return [week.label for week in weeks_before(today, count)]


def test_a_monday_and_a_sunday_end_the_trend_at_the_week_before() -> None:
    monday, sunday = date(2026, 11, 16), date(2026, 11, 22)
    assert labels(monday, 2) == labels(sunday, 2) == ["2026-W45", "2026-W46"]
    last = weeks_before(sunday, 1)[0]
    assert (last.monday, last.sunday) == (date(2026, 11, 9), date(2026, 11, 15))
    assert last.bounds == (
        datetime(2026, 11, 9, tzinfo=UTC),
        datetime(2026, 11, 16, tzinfo=UTC),
    )


def test_new_years_week_belongs_to_the_iso_year_of_its_thursday() -> None:
    # Wednesday 31 December 2025 is in 2026-W01 (29 December to 4 January)
    assert iso_week(date(2025, 12, 31)).label == "2026-W01"
    assert iso_week(date(2025, 12, 31)).monday == date(2025, 12, 29)
    assert labels(date(2025, 12, 31), 3) == ["2025-W50", "2025-W51", "2025-W52"]
    assert labels(date(2026, 1, 5), 2) == ["2025-W52", "2026-W01"]
    # 2026 has 53 ISO weeks: 1 January 2027 (a Friday) is in 2026-W53
    assert iso_week(date(2027, 1, 1)).label == "2026-W53"


def test_week_to_date_on_a_monday_at_midnight_is_empty() -> None:
    monday = datetime(2026, 11, 16, tzinfo=UTC)
    span = week_to_date(monday)
    assert (span.start, span.end) == (monday, monday)
    assert span.previous == (monday - timedelta(days=7), monday - timedelta(days=7))


def test_week_to_date_on_a_sunday_night_and_across_new_year() -> None:
    sunday = datetime(2026, 11, 22, 23, 59, tzinfo=UTC)
    span = week_to_date(sunday)
    assert span.start == datetime(2026, 11, 16, tzinfo=UTC)
    assert span.previous == (
        datetime(2026, 11, 9, tzinfo=UTC),
        datetime(2026, 11, 15, 23, 59, tzinfo=UTC),
    )
    new_year = week_to_date(datetime(2026, 1, 1, 9, 30, tzinfo=UTC))
    assert new_year.start == datetime(2025, 12, 29, tzinfo=UTC)
    assert new_year.previous[1] == datetime(2025, 12, 25, 9, 30, tzinfo=UTC)


def test_a_time_elsewhere_is_read_in_utc() -> None:
    # Monday 00:30 in Paris is still Sunday in UTC: last week's
    paris = ZoneInfo("Europe/Paris")
    assert week_to_date(datetime(2026, 11, 16, 0, 30, tzinfo=paris)).start == datetime(
        2026, 11, 9, tzinfo=UTC
    )
    assert week_to_date(datetime(2026, 11, 16, 1, 30, tzinfo=paris)).end.tzinfo == UTC
    with pytest.raises(ValueError, match="aware"):
        week_to_date(datetime(2026, 11, 16, 9))

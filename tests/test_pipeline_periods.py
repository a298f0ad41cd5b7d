"""Reporting periods as reps say them: "le mois dernier" is October in November, "cette semaine"
on a Monday is compared with last Monday, "ce trimestre" counts wins of the quarter only, and
"depuis le 1er octobre" runs to today; the tool's text states the exact days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from tool_runner import Call, ok, refused, tool_runner

from agent.pipeline import pipeline_summary, resolve_period
from agent.settings import Settings
from store.models import Company, Lead, LeadList, LeadStage

WEDNESDAY = date(2026, 11, 18)
MONDAY = date(2026, 11, 16)


def span(period: object) -> tuple[date, date]:
    return period.start, period.end  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("period", "today", "current", "previous"),
    [
        # to date, against the same span of the period before
        ("week", WEDNESDAY, (MONDAY, WEDNESDAY), (date(2026, 11, 9), date(2026, 11, 11))),
        ("week", MONDAY, (MONDAY, MONDAY), (date(2026, 11, 9), date(2026, 11, 9))),
        ("month", WEDNESDAY, (date(2026, 11, 1), WEDNESDAY),
         (date(2026, 10, 1), date(2026, 10, 18))),
        ("month", date(2026, 3, 31), (date(2026, 3, 1), date(2026, 3, 31)),
         (date(2026, 2, 1), date(2026, 2, 28))),
        ("quarter", WEDNESDAY, (date(2026, 10, 1), WEDNESDAY),
         (date(2026, 7, 1), date(2026, 8, 18))),
        ("quarter", date(2026, 5, 31), (date(2026, 4, 1), date(2026, 5, 31)),
         (date(2026, 1, 1), date(2026, 2, 28))),
        ("year", date(2028, 2, 29), (date(2028, 1, 1), date(2028, 2, 29)),
         (date(2027, 1, 1), date(2027, 2, 28))),
        # whole previous periods, against the whole one before
        ("last_week", WEDNESDAY, (date(2026, 11, 9), date(2026, 11, 15)),
         (date(2026, 11, 2), date(2026, 11, 8))),
        ("last_month", WEDNESDAY, (date(2026, 10, 1), date(2026, 10, 31)),
         (date(2026, 9, 1), date(2026, 9, 30))),
        ("last_month", date(2026, 1, 5), (date(2025, 12, 1), date(2025, 12, 31)),
         (date(2025, 11, 1), date(2025, 11, 30))),
        ("last_quarter", WEDNESDAY, (date(2026, 7, 1), date(2026, 9, 30)),
         (date(2026, 4, 1), date(2026, 6, 30))),
        ("last_year", WEDNESDAY, (date(2025, 1, 1), date(2025, 12, 31)),
         (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)  # fmt: skip
def test_periods_and_what_they_are_compared_with(period, today, current, previous) -> None:  # type: ignore[no-untyped-def]
    now, before = resolve_period(period=period, today=today)
    assert (span(now), span(before)) == (current, previous)
    assert now.label == before.label == period


def test_since_runs_to_today_against_as_many_days_before() -> None:
    now, before = resolve_period(today=WEDNESDAY, since=date(2026, 10, 1))
    assert now.label == "custom"
    assert span(now) == (date(2026, 10, 1), WEDNESDAY)
    assert span(before) == (date(2026, 8, 13), date(2026, 9, 30))
    assert now.days == before.days == 49
    with pytest.raises(ValueError, match="swap"):
        resolve_period(today=WEDNESDAY, since=date(2026, 12, 1))
    with pytest.raises(ValueError, match="start or since"):
        resolve_period(today=WEDNESDAY, since=date(2026, 10, 1), start=date(2026, 9, 1))


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def wins(engine: Engine) -> Engine:
    """Won leads: one in the last quarter, two this quarter (one of them on Monday)."""
    closed = [date(2026, 8, 10), date(2026, 10, 2), MONDAY]
    with Session(engine) as session:
        lead_list = LeadList(name="Gagnés", owner="alice")
        session.add(lead_list)
        session.add_all(Company(siren=f"{index:09d}", name=f"C{index}") for index in range(3))
        session.flush()
        for index, day in enumerate(closed):
            session.add(
                Lead(
                    list_id=lead_list.id or 0,
                    company_siren=f"{index:09d}",
                    owner="alice",
                    stage=LeadStage.won,
                    created_at=at(date(2026, 6, 1)),
                    sql_at=at(date(2026, 7, 1)),
                    closed_at=at(day),
                )
            )
        session.commit()
    return engine


def test_won_this_quarter_counts_the_quarters_wins_only(wins: Engine) -> None:
    summary = pipeline_summary(wins, today=WEDNESDAY, period="quarter")
    assert summary.stages["won"] == 3  # all time
    assert (summary.won.current, summary.won.previous) == (2, 1)  # 1 Oct–18 Nov vs 1 Jul–18 Aug
    monday = pipeline_summary(wins, today=MONDAY, period="week")
    assert (monday.won.current, monday.won.previous) == (1, 0)
    assert span(monday.period) == (MONDAY, MONDAY)


async def test_the_tool_states_both_periods_and_what_counts(
    wins: Engine, settings: Settings
) -> None:
    run: Call = tool_runner(wins, settings, WEDNESDAY)
    message = await run("pipeline_summary", {"period": "last_month"})
    artifact = ok(message)
    assert (artifact["period"]["start"], artifact["period"]["end"]) == ("2026-10-01", "2026-10-31")
    text = str(message.content)
    assert "last month, 2026-10-01 to 2026-10-31, compared with 2026-09-01 to 2026-09-30" in text
    assert "won 1 (previous period 0) (leads closed as won within the period)" in text
    assert "Now (all time, whatever the period): 3 leads" in text

    since = ok(await run("pipeline_summary", {"since": "2026-10-01"}))
    assert (since["period"]["start"], since["period"]["end"]) == ("2026-10-01", "2026-11-18")
    assert since["won"]["current"] == 2
    refused(await run("pipeline_summary", {"since": "2026-12-01"}), "swap")
    refused(await run("pipeline_summary", {"period": "fortnight"}))

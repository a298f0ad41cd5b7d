"""Pipeline summary on hand-made leads with known timestamps: counts, conversion, trend,
per owner, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.pipeline import pipeline_summary, resolve_period
from store.models import Company, Lead, LeadList, LeadStage

TODAY = date(2026, 11, 18)  # a Wednesday: this week to date is 16–18 November, against 9–11


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=UTC)


# (owner, stage, created, mql_at, sql_at, closed_at)
LEADS = [
    ("alice", "new", at(16), None, None, None),
    ("alice", "mql", at(10), at(12), None, None),
    ("alice", "sql", at(2), at(3), at(17), None),
    ("alice", "won", at(1, 10), at(5, 10), at(20, 10), at(17)),
    ("bruno", "new", at(11), None, None, None),
    ("bruno", "sql", at(9), None, at(14), None),  # straight to SQL: counts as reached MQL
    ("bruno", "lost", at(1, 10), at(2, 10), at(3, 10), at(10)),
    ("bruno", "disqualified", at(17), None, None, at(18)),
]


@pytest.fixture
def pipeline(engine: Engine) -> Engine:
    with Session(engine) as session:
        session.add_all(
            Company(siren=f"{index:09d}", name=f"Company {index}") for index in range(len(LEADS))
        )
        lead_list = LeadList(name="Test", owner="alice")
        session.add(lead_list)
        session.flush()
        assert lead_list.id is not None
        for index, (owner, stage, created, mql_at, sql_at, closed_at) in enumerate(LEADS):
            session.add(
                Lead(
                    list_id=lead_list.id,
                    company_siren=f"{index:09d}",
                    owner=owner,
                    stage=LeadStage(stage),
                    created_at=created,
                    mql_at=mql_at,
                    sql_at=sql_at,
                    closed_at=closed_at,
                )
            )
        session.commit()
    return engine


def test_week_counts_conversion_and_trend(pipeline: Engine) -> None:
    summary = pipeline_summary(pipeline, today=TODAY, period="week")

    assert (summary.period.start, summary.period.end) == (date(2026, 11, 16), date(2026, 11, 18))
    assert (summary.previous.start, summary.previous.end) == (date(2026, 11, 9), date(2026, 11, 11))
    assert summary.stages == {
        "new": 2, "mql": 1, "sql": 2, "won": 1, "lost": 1, "disqualified": 1,
    }  # fmt: skip
    assert summary.total == 8
    conversion = {name: (c.reached, c.converted) for name, c in summary.conversion.items()}
    assert conversion == {"new_to_mql": (8, 5), "mql_to_sql": (5, 4), "sql_to_won": (4, 1)}
    assert summary.conversion["sql_to_won"].rate == 0.25
    # Monday to Wednesday: created 16th (alice) and 17th (bruno); SQL on the 17th; won on the
    # 17th. Last Monday to Wednesday: created 9th, 10th, 11th; bruno's SQL of the 14th is later.
    assert (summary.new_leads.current, summary.new_leads.previous) == (2, 3)
    assert (summary.new_sqls.current, summary.new_sqls.previous) == (1, 0)
    assert (summary.won.current, summary.won.previous) == (1, 0)
    assert summary.new_leads.change_pct == -33.3
    assert summary.new_sqls.change_pct is None
    assert summary.won.change_pct is None


def test_per_owner(pipeline: Engine) -> None:
    summary = pipeline_summary(pipeline, today=TODAY, period="week")

    owners = {item.owner: item for item in summary.owners}
    assert list(owners) == ["alice", "bruno"]
    assert owners["alice"].stages["won"] == 1
    assert owners["bruno"].stages["sql"] == 1
    assert (owners["alice"].new_leads, owners["alice"].new_sqls, owners["alice"].won) == (1, 1, 1)
    assert (owners["bruno"].new_leads, owners["bruno"].new_sqls, owners["bruno"].won) == (1, 0, 0)


def test_one_owner_only(pipeline: Engine) -> None:
    summary = pipeline_summary(pipeline, today=TODAY, period="week", owner="Bruno")

    assert summary.total == 4
    assert [item.owner for item in summary.owners] == ["bruno"]
    assert (
        summary.conversion["new_to_mql"].reached,
        summary.conversion["new_to_mql"].converted,
    ) == (4, 2)
    assert summary.new_leads.previous == 2


def test_month_and_custom_range(pipeline: Engine) -> None:
    month = pipeline_summary(pipeline, today=TODAY, period="month")
    assert (month.period.start, month.period.end) == (date(2026, 11, 1), date(2026, 11, 18))
    assert (month.previous.start, month.previous.end) == (date(2026, 10, 1), date(2026, 10, 18))
    assert (month.new_leads.current, month.new_leads.previous) == (6, 2)
    assert (month.won.current, month.won.previous) == (1, 0)

    custom = pipeline_summary(
        pipeline, today=TODAY, start=date(2026, 11, 9), end=date(2026, 11, 15)
    )
    assert custom.period.label == "custom"
    assert (custom.previous.start, custom.previous.end) == (date(2026, 11, 2), date(2026, 11, 8))
    assert (custom.new_leads.current, custom.new_leads.previous) == (3, 1)


def test_empty_store_has_no_rates(engine: Engine) -> None:
    summary = pipeline_summary(engine, today=TODAY)

    assert summary.total == 0
    assert all(item.rate is None for item in summary.conversion.values())
    assert summary.owners == []


@pytest.mark.parametrize(
    ("period", "start", "end", "previous"),
    [
        ("quarter", date(2026, 10, 1), date(2026, 11, 18), (date(2026, 7, 1), date(2026, 8, 18))),
        ("year", date(2026, 1, 1), date(2026, 11, 18), (date(2025, 1, 1), date(2025, 11, 18))),
    ],
)
def test_periods(period, start, end, previous) -> None:  # type: ignore[no-untyped-def]
    current, before = resolve_period(period=period, today=TODAY)
    assert (current.start, current.end) == (start, end)
    assert (before.start, before.end) == previous


def test_reversed_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="swap"):
        resolve_period(today=TODAY, start=date(2026, 11, 20), end=date(2026, 11, 1))

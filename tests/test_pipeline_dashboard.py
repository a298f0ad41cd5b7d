"""The manager's dashboard against figures computed by hand (tests/dashboard_store.py), on
SQLite and PostgreSQL: weekly trends, this week to date to the minute, stale leads, each
person's activity, and who sees what once Filon has users."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from dashboard_store import ALICE, BRUNO, CHLOE, NOW, SOPHIE, seed_dashboard
from sqlalchemy.engine import Engine

from agent.leads.errors import NotOwnPipeline
from agent.pipeline import build_dashboard, pipeline_summary, pipeline_trends, stale_leads
from agent.users import add_user


@pytest.fixture
def store(engine: Engine) -> Engine:
    return seed_dashboard(engine)


def test_weekly_trends_in_total_and_per_owner(store: Engine) -> None:
    trends = pipeline_trends(store, now=NOW, weeks=3)

    assert [(w.label, w.start, w.end) for w in trends.weeks] == [
        ("2026-W44", date(2026, 10, 26), date(2026, 11, 1)),
        ("2026-W45", date(2026, 11, 2), date(2026, 11, 8)),
        ("2026-W46", date(2026, 11, 9), date(2026, 11, 15)),
    ]
    assert trends.totals == {
        "new_leads": [1, 3, 1],  # lead 3; leads 4, 5 and 8 (Sunday 23:59:59); lead 2
        "new_mqls": [1, 0, 1],
        "new_sqls": [0, 1, 1],  # lead 3 on 3 Nov, lead 4 on 11 Nov
        "won": [0, 0, 1],  # lead 3 on 12 Nov; lead 8 on Monday 16 Nov is this week's
        "lost": [0, 0, 0],
    }
    owners = {item.owner: item.series for item in trends.owners}
    assert list(owners) == [ALICE, BRUNO, CHLOE]
    assert owners[ALICE]["new_leads"] == [1, 0, 1]
    assert owners[ALICE]["won"] == [0, 0, 1]
    assert owners[BRUNO]["new_leads"] == [0, 2, 0]
    assert owners[BRUNO]["new_sqls"] == [0, 0, 1]
    assert owners[CHLOE]["new_leads"] == [0, 1, 0]
    assert trends.owners[0].owner_name == "Alice Martin"


def test_twelve_weeks_by_default(store: Engine) -> None:
    trends = pipeline_trends(store, now=NOW)

    assert len(trends.weeks) == 12 and trends.weeks[-1].label == "2026-W46"
    assert trends.weeks[0].label == "2026-W35"
    # lead 9 reached SQL on 1 October (W40), lead 12 was won on 10 September (W37)
    assert trends.totals["new_sqls"][5] == 1 and trends.totals["won"][2] == 1


def test_week_to_date_against_the_same_span_to_the_minute(store: Engine) -> None:
    span = pipeline_trends(store, now=NOW, weeks=1).week_to_date

    assert (span.start, span.end) == (datetime(2026, 11, 16, tzinfo=UTC), NOW)
    assert (span.previous_start, span.previous_end) == (
        datetime(2026, 11, 9, tzinfo=UTC),
        datetime(2026, 11, 11, 15, 20, tzinfo=UTC),
    )
    counts = {name: (item.current, item.previous) for name, item in span.totals.items()}
    # Monday 00:00 (lead 7) is in, lead 2's MQL at 15:00 last Wednesday is in, lead 4's SQL at
    # 16:00 last Wednesday is out
    assert counts == {
        "new_leads": (2, 1),
        "new_mqls": (0, 1),
        "new_sqls": (0, 0),
        "won": (1, 0),
        "lost": (1, 0),
    }
    owners = {item.owner: item.series for item in span.owners}
    assert owners[CHLOE]["new_leads"] == [1, 0] and owners[CHLOE]["won"] == [1, 0]
    assert owners[ALICE]["new_mqls"] == [0, 1]


def test_stale_leads_oldest_first_per_owner(store: Engine) -> None:
    stale = stale_leads(store, now=NOW)

    assert stale.days == 14 and stale.total == 2
    assert [(lead.siren, lead.idle_days) for lead in stale.leads] == [
        ("000000006", 48),  # created 1 October, never moved nor contacted
        ("000000009", 14),  # moved 20 October, last contacted 4 November: 14 days exactly
    ]
    assert stale.leads[1].last_moved == date(2026, 10, 20)
    assert stale.leads[1].last_contacted_on == date(2026, 11, 4)
    assert [(o.owner, o.count, o.oldest_idle_days) for o in stale.owners] == [
        (ALICE, 1, 14),
        (BRUNO, 1, 48),
    ]
    # a week's idleness: lead 10 (contacted 5 Nov), lead 11 (moved 5 Nov) and lead 2 (MQL on
    # 11 Nov at 15:00, a week and 20 minutes ago) join; lead 4 (SQL at 16:00) does not
    week = stale_leads(store, now=NOW, days=7)
    assert sorted(lead.siren[-2:] for lead in week.leads) == ["02", "06", "09", "10", "11"]
    assert stale_leads(store, now=NOW, days=60).total == 0


def test_activity_of_each_person_in_the_period(store: Engine) -> None:
    summary = pipeline_summary(store, today=NOW.date(), period="week")

    assert [
        (a.login, a.stage_changes, a.bant_answers, a.leads_added) for a in summary.activity
    ] == [
        (ALICE, 0, 2, 1),
        (BRUNO, 1, 0, 0),
        (CHLOE, 0, 0, 1),
        (SOPHIE, 1, 0, 0),  # the manager moved Chloé's lead: the manager's activity
    ]
    assert summary.activity[0].name == "Alice Martin"


def test_the_dashboard_holds_every_section(store: Engine) -> None:
    dashboard = build_dashboard(store, now=NOW, weeks=3)

    assert dashboard.generated_at == NOW
    assert dashboard.summary.stages == {
        "new": 3, "mql": 3, "sql": 2, "won": 3, "lost": 1, "disqualified": 0,
    }  # fmt: skip
    assert (dashboard.summary.period.start, dashboard.summary.period.end) == (
        date(2026, 11, 16),
        date(2026, 11, 18),
    )
    assert len(dashboard.trends.weeks) == 3 and dashboard.stale.total == 2


def test_a_rep_sees_their_own_a_manager_the_team(store: Engine) -> None:
    add_user(store, login=SOPHIE, by=SOPHIE, role="manager")
    add_user(store, login=ALICE, by=SOPHIE, role="rep")

    mine = build_dashboard(store, now=NOW, weeks=3, user=ALICE)
    assert mine.summary.owner == ALICE and mine.summary.total == 5
    assert mine.trends.totals["new_leads"] == [1, 0, 1]
    assert [lead.siren for lead in mine.stale.leads] == ["000000009"]
    assert [a.login for a in mine.summary.activity] == [ALICE]
    with pytest.raises(NotOwnPipeline):
        pipeline_trends(store, now=NOW, owner="Bruno", user=ALICE)

    team = build_dashboard(store, now=NOW, weeks=3, user=SOPHIE)
    assert team.summary.total == 12 and team.stale.total == 2
    assert build_dashboard(store, now=NOW, owner="bruno", user=SOPHIE).stale.total == 1


def test_bad_counts_are_refused(store: Engine) -> None:
    with pytest.raises(ValueError, match="1 to 104"):
        pipeline_trends(store, now=NOW, weeks=0)
    with pytest.raises(ValueError, match="one day or more"):
        stale_leads(store, now=NOW, days=0)

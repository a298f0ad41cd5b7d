"""A small store for the manager's dashboard, every figure of which is computed by hand in
tests/test_pipeline_dashboard.py: now is Wednesday 18 November 2026, 15:20 UTC (ISO week
2026-W47), the three complete weeks before it are W44 (26 Oct–1 Nov), W45 (2–8 Nov) and W46
(9–15 Nov), and the week to date (16 Nov 00:00 to now) is compared with 9 Nov 00:00 to
11 Nov 15:20."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.models import BantAnswer, Company, Contact, Lead, LeadList, LeadStage, LeadStageChange

NOW = datetime(2026, 11, 18, 15, 20, tzinfo=UTC)
ALICE, BRUNO, CHLOE, SOPHIE = "alice.martin", "bruno.petit", "chloe.durand", "sophie.manager"


def at(day: int, month: int = 11, hour: int = 10, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


# number: (owner, stage, created, mql_at, sql_at, closed_at)
LEADS: dict[int, tuple[str, str, datetime, datetime | None, datetime | None, datetime | None]] = {
    1: (ALICE, "new", at(18, hour=9), None, None, None),
    2: (ALICE, "mql", at(10, hour=8), at(11, hour=15), None, None),
    3: (ALICE, "won", at(27, 10), at(28, 10), at(3), at(12)),
    4: (BRUNO, "sql", at(2), None, at(11, hour=16), None),  # SQL after 15:20: not last week's span
    5: (BRUNO, "lost", at(3), None, None, at(17)),
    6: (BRUNO, "new", at(1, 10), None, None, None),  # idle since 1 October, never contacted
    7: (CHLOE, "new", at(16, hour=0), None, None, None),  # Monday 00:00: this week's
    8: (CHLOE, "won", at(8, hour=23, minute=59, second=59), None, None, at(16, hour=0)),
    9: (ALICE, "sql", at(1, 9), None, at(1, 10), None),  # moved 20 Oct, contacted 4 Nov: stale
    10: (ALICE, "mql", at(1, 9), at(2, 9), None, None),  # contacted 5 Nov: 13 days, not stale
    11: (CHLOE, "mql", at(1, 9), at(2, 9), None, None),  # moved 5 Nov: not stale
    12: (BRUNO, "won", at(1, 9), None, None, at(10, 9)),  # closed: never stale
}
# number: (from, to, by, when)
CHANGES = {
    9: ("mql", "sql", ALICE, at(20, 10)),
    11: ("new", "mql", CHLOE, at(5)),
    5: ("new", "lost", BRUNO, at(17)),
    8: ("sql", "won", SOPHIE, at(16, hour=0)),  # a manager closing Chloé's deal: her activity
}
CONTACTED = {9: date(2026, 11, 4), 10: date(2026, 11, 5)}
# number: (by, when)
BANT = [(1, ALICE, at(18, hour=10)), (1, ALICE, at(18, hour=11)), (2, ALICE, at(12))]


def siren(number: int) -> str:
    return f"{number:09d}"


def seed_dashboard(engine: Engine, *, name: str = "Company {n}") -> Engine:
    """The leads above in one list, with their stage changes, contacts and BANT answers."""
    with Session(engine) as session:
        session.add_all(Company(siren=siren(n), name=name.format(n=n)) for n in LEADS)
        lead_list = LeadList(name="Dashboard", owner=ALICE)
        session.add(lead_list)
        session.flush()
        assert lead_list.id is not None
        ids: dict[int, int] = {}
        for n, (owner, stage, created, mql_at, sql_at, closed_at) in LEADS.items():
            lead = Lead(
                list_id=lead_list.id,
                company_siren=siren(n),
                owner=owner,
                stage=LeadStage(stage),
                created_at=created,
                mql_at=mql_at,
                sql_at=sql_at,
                closed_at=closed_at,
            )
            session.add(lead)
            session.flush()
            assert lead.id is not None
            ids[n] = lead.id
        for n, (before, after, by, when) in CHANGES.items():
            session.add(
                LeadStageChange(
                    lead_id=ids[n],
                    from_stage=LeadStage(before),
                    to_stage=LeadStage(after),
                    changed_by=by,
                    changed_at=when,
                )
            )
        for n, day in CONTACTED.items():
            session.add(Contact(company_siren=siren(n), first_name="Ana", last_contacted_on=day))
        for n, by, when in BANT:
            session.add(
                BantAnswer(
                    lead_id=ids[n],
                    criterion="need",
                    status="confirmed",
                    said_by=by,
                    recorded_at=when,
                )
            )
        session.commit()
    return engine

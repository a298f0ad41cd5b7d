"""The CRM outbox on SQLite and PostgreSQL: a move to SQL queues the lead in the same
transaction; the worker sends each lead once, stores the CRM's ids after every step, retries
what may pass (with backoff or the vendor's Retry-After), sends refusals to the dead letters
with the vendor's words, and after a crash — even between the CRM's answer and the local
commit — finishes without creating anything twice; leases keep workers off each other's rows."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from crm_memory import Crash, Fault, MemoryCrm
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.crm.ports import CrmNotConfigured
from agent.crm.records import CrmName
from agent.crm.sync import Outbox, SyncReport
from agent.http import ApiRateLimited, ApiRejected, ApiUnavailable
from agent.leads import BantIncomplete, create_list, set_stage
from agent.settings import Settings
from store.db import session_scope
from store.models import Company, Contact, CrmSync, CrmSyncState, EmailStatus, Lead
from store.repositories import crm_sync

A, B, C = (siren(71_000_000 + index) for index in range(3))
NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


class Now:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.value = NOON

    def __call__(self) -> datetime:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += timedelta(seconds=seconds)


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        for value in (A, B, C):
            session.add(Company(siren=value, name=f"Société {value}", city="LYON 03"))
            session.add(
                Contact(
                    company_siren=value,
                    first_name="Claire",
                    last_name="Martin",
                    email=f"claire@{value}.fr",
                    email_status=EmailStatus.verified,
                )
            )
    create_list(engine, name="ESN Lyon", owner="alice.martin", sirens=[A, B, C])
    return engine


def to_sql(engine: Engine, value: str, *, crms: tuple[str, ...] = ("hubspot",)) -> None:
    set_stage(
        engine, siren=value, stage="sql", user="alice.martin", reason="budget validé",
        sync_to=crms, now=NOON,
    )  # fmt: skip


def rows(engine: Engine) -> list[CrmSync]:
    with Session(engine) as session:
        return list(session.exec(select(CrmSync).order_by(CrmSync.lead_id)).all())


def outbox(
    engine: Engine, crm: MemoryCrm, clock: Now, tmp_path: Path, **settings: object
) -> Outbox:
    values: dict[str, object] = {"FILON_HOME": tmp_path / "home", "FILON_CRM": "hubspot"}
    values |= {f"FILON_CRM_{key.upper()}": value for key, value in settings.items()}
    return Outbox(engine, Settings(**values), lambda _name: crm, clock=clock)  # type: ignore[arg-type]


# --- queueing -------------------------------------------------------------------------------


def test_a_move_to_sql_queues_the_lead_in_the_same_transaction(store: Engine) -> None:
    to_sql(store, A)
    [row] = rows(store)
    assert (row.crm, row.state, row.requested_by, row.attempts) == (
        "hubspot",
        "pending",
        "alice.martin",
        0,
    )
    # a refused move writes nothing, its send neither
    with session_scope(store) as session:
        session.add(Company(siren=siren(71_000_009), name="Sans BANT"))
    create_list(store, name="Autre", owner="alice.martin", sirens=[siren(71_000_009)])
    with pytest.raises(BantIncomplete):
        set_stage(
            store, siren=siren(71_000_009), stage="sql", user="alice.martin", sync_to=("csv",)
        )
    assert len(rows(store)) == 1


def test_a_lead_is_queued_once_per_crm_and_again_after_it_was_sent(store: Engine) -> None:
    to_sql(store, A, crms=("hubspot", "csv"))
    [lead_id] = {row.lead_id for row in rows(store)}
    with session_scope(store) as session:
        again = crm_sync.enqueue(
            session, lead_ids=[lead_id, lead_id], crms=["hubspot"], requested_by="bob", now=NOON
        )
    assert again == 0  # already waiting: nothing more to send
    assert sorted((row.crm, row.version) for row in rows(store)) == [("csv", 1), ("hubspot", 2)]
    with session_scope(store) as session:
        session.get_one(CrmSync, rows(store)[1].id).state = CrmSyncState.sent
    with session_scope(store) as session:
        assert (
            crm_sync.enqueue(
                session, lead_ids=[lead_id], crms=["hubspot"], requested_by="bob", now=NOON
            )
            == 1
        )


def test_a_later_stage_change_of_a_queued_lead_queues_it_again(
    store: Engine, tmp_path: Path
) -> None:
    crm, clock = MemoryCrm(), Now()
    to_sql(store, A)
    report = run(outbox(store, crm, clock, tmp_path))
    assert (report.sent, report.updated) == (1, 0)
    set_stage(
        store, siren=A, stage="won", user="alice.martin", now=NOON
    )  # no sync_to: already queued
    report = run(outbox(store, crm, clock, tmp_path))
    assert (report.sent, report.updated) == (0, 1)
    assert [crm.count(kind) for kind in ("company", "contact", "deal", "note")] == [1, 1, 1, 1]


# --- sending --------------------------------------------------------------------------------


def run(box: Outbox) -> SyncReport:
    return asyncio.run(box.run())


def test_each_lead_is_sent_once_with_its_ids_stored(store: Engine, tmp_path: Path) -> None:
    crm, clock = MemoryCrm(), Now()
    for value in (A, B):
        to_sql(store, value)
    report = run(outbox(store, crm, clock, tmp_path))
    assert report.as_json() | {"seconds": 0} == report.as_json() | {"seconds": 0}
    assert (report.sent, report.updated, report.failed, report.dead, report.pending) == (
        2,
        0,
        0,
        0,
        0,
    )
    assert report.attempts == 2
    assert crm.keys("company") == sorted([A, B])
    assert crm.count("deal") == crm.count("note") == 2
    for row in rows(store):
        assert row.state == "sent" and row.sends == 1 and row.lease_owner is None
        assert set(row.external_ids) == {"company", "contact", "deal", "note"}
        assert row.sent_at == NOON
    # nothing due: a second run sends nothing
    assert run(outbox(store, crm, clock, tmp_path)).attempts == 0


def test_a_failure_that_may_pass_is_tried_again_later_and_looks_before_creating(
    store: Engine, tmp_path: Path
) -> None:
    crm, clock = MemoryCrm(), Now()
    crm.faults.append(Fault("deal", ApiUnavailable("hubspot", "server", "HTTP 503")))
    to_sql(store, A)
    report = run(outbox(store, crm, clock, tmp_path))
    assert (report.sent, report.failed, report.pending) == (0, 1, 1)
    [row] = rows(store)
    assert row.state == "pending" and row.in_doubt and row.attempts == 1
    assert row.next_attempt_at == NOON + timedelta(seconds=5)  # FILON_CRM_RETRY_SECONDS
    assert set(row.external_ids) == {"company", "contact"}  # stored before the deal failed
    assert "HubSpot" in (row.last_error or "")
    clock.advance(4)
    assert run(outbox(store, crm, clock, tmp_path)).attempts == 0  # not due yet
    clock.advance(1)
    report = run(outbox(store, crm, clock, tmp_path))
    assert report.sent == 1
    assert [crm.count(kind) for kind in ("company", "contact", "deal", "note")] == [1, 1, 1, 1]
    [row] = rows(store)
    assert row.state == "sent" and not row.in_doubt and row.last_error is None


def test_the_wait_doubles_and_a_retry_after_is_honoured(store: Engine, tmp_path: Path) -> None:
    crm, clock = MemoryCrm(), Now()
    crm.faults += [
        Fault("company", ApiUnavailable("hubspot", "timeout", "no answer", seconds=10)),
        Fault("company", ApiRateLimited("hubspot", retry_after=60)),
    ]
    to_sql(store, A)
    run(outbox(store, crm, clock, tmp_path))
    clock.advance(5)
    run(outbox(store, crm, clock, tmp_path))
    [row] = rows(store)
    # the second attempt's backoff would be 10 s: the vendor asked for 60
    assert row.next_attempt_at == clock() + timedelta(seconds=60)
    assert row.attempts == 2


def test_a_refusal_is_a_dead_letter_with_the_vendors_words(store: Engine, tmp_path: Path) -> None:
    crm, clock = MemoryCrm(), Now()
    refusal = ApiRejected(
        "hubspot", status_code=400, message='Property "filon_siren" does not exist'
    )
    crm.faults.append(Fault("company", refusal))
    to_sql(store, A)
    report = run(outbox(store, crm, clock, tmp_path))
    assert (report.dead, report.pending) == (1, 0)
    [failure] = report.failures
    assert failure.dead and 'Property "filon_siren" does not exist' in failure.message
    [row] = rows(store)
    assert row.state == "dead" and "HTTP 400" in (row.last_error or "")
    assert crm_sync.retry_dead(store, crm="hubspot", now=NOON) == 1
    assert run(outbox(store, crm, clock, tmp_path)).sent == 1


def test_a_row_is_given_up_after_the_attempts_allowed(store: Engine, tmp_path: Path) -> None:
    crm, clock = MemoryCrm(), Now()
    crm.faults += [Fault("company", ApiUnavailable("hubspot", "network", "reset"))] * 2
    to_sql(store, A)
    box = outbox(store, crm, clock, tmp_path, max_attempts=2)
    run(box)
    clock.advance(3600)
    report = run(box)
    assert report.dead == 1
    [row] = rows(store)
    assert row.state == "dead" and "2" in (row.last_error or "")


def test_a_crash_between_the_crms_answer_and_the_commit_creates_nothing_twice(
    store: Engine, tmp_path: Path
) -> None:
    crm, clock = MemoryCrm(), Now()
    crm.faults.append(Fault("deal", Crash(), after_write=True))  # the CRM made the deal
    to_sql(store, A)
    with pytest.raises(Crash):
        run(outbox(store, crm, clock, tmp_path))
    [row] = rows(store)
    assert row.state == "sending" and "deal" not in row.external_ids
    # another worker, once the dead one's lease ran out
    clock.advance(300 + 1)
    report = run(outbox(store, crm, clock, tmp_path))
    assert report.sent == 1
    assert [crm.count(kind) for kind in ("company", "contact", "deal", "note")] == [1, 1, 1, 1]
    assert crm.calls[-2:] == [("deal", True), ("note", True)]  # it looked before creating


def test_a_worker_that_lost_its_lease_stops_and_leaves_the_row_to_the_new_holder(
    store: Engine, tmp_path: Path
) -> None:
    crm, clock = MemoryCrm(), Now()
    to_sql(store, A)
    [row] = rows(store)
    stolen: list[bool] = []

    def steal(step: str) -> None:  # while the first worker writes the company
        if step == "company" and not stolen:
            stolen.append(True)
            later = clock() + timedelta(seconds=301)
            taken = crm_sync.claim(
                store,
                crm="hubspot",
                worker="other",
                lease=timedelta(seconds=300),
                limit=5,
                now=later,
            )
            assert [claimed.id for claimed in taken] == [row.id]

    crm.on_call = steal
    report = run(outbox(store, crm, clock, tmp_path))
    assert report.sent == 0
    [row] = rows(store)
    assert row.lease_owner == "other" and row.in_doubt
    assert [step for step, _ in crm.calls] == ["company"]  # it stopped after the step


def test_a_suppressed_company_is_never_sent(store: Engine, tmp_path: Path) -> None:
    from agent.contacts.optout import add

    crm, clock = MemoryCrm(), Now()
    to_sql(store, A)
    add(store, A, user="alice.martin", reason="demande RGPD")
    report = run(outbox(store, crm, clock, tmp_path))
    assert (report.skipped, report.sent) == (1, 0)
    assert crm.calls == []
    [row] = rows(store)
    assert row.state == "skipped" and "opposition" in (row.last_error or "")


def test_two_workers_claiming_at_once_never_hold_the_same_row(store: Engine) -> None:
    with session_scope(store) as session:
        lead_ids = list(session.exec(select(Lead.id)).all())
        crm_sync.enqueue(
            session, lead_ids=lead_ids, crms=["hubspot"], requested_by="alice", now=NOON
        )  # type: ignore[arg-type]
    taken: dict[str, list[int]] = {}
    barrier = threading.Barrier(2)

    def claim(worker: str) -> None:
        barrier.wait()
        claimed = crm_sync.claim(
            store, crm="hubspot", worker=worker, lease=timedelta(seconds=60), limit=10, now=NOON
        )
        taken[worker] = [row.id for row in claimed]

    threads = [threading.Thread(target=claim, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(taken["w1"]) & set(taken["w2"])
    assert len(taken["w1"]) + len(taken["w2"]) == len(lead_ids) == 3


def test_a_crm_without_its_keys_leaves_its_rows_waiting(store: Engine, tmp_path: Path) -> None:
    def missing(name: CrmName) -> MemoryCrm:
        raise CrmNotConfigured(name, ("HUBSPOT_TOKEN",))

    to_sql(store, A)
    box = Outbox(store, Settings(FILON_HOME=tmp_path / "home", FILON_CRM="hubspot"), missing)
    report = run(box)
    assert report.not_configured == {"hubspot": ("HUBSPOT_TOKEN",)}
    assert report.pending == 1


def test_a_refused_key_stops_the_run_and_kills_no_lead(store: Engine, tmp_path: Path) -> None:
    crm, clock = MemoryCrm(), Now()
    expired = ApiRejected("hubspot", status_code=401, message="The OAuth token is expired")
    crm.faults.append(Fault("company", expired))
    for value in (A, B):
        to_sql(store, value)
    report = run(outbox(store, crm, clock, tmp_path, concurrency=1))
    assert report.stopped == {"hubspot": "HTTP 401 : The OAuth token is expired"}
    assert (report.dead, report.sent, report.attempts) == (0, 0, 1)
    assert {row.state for row in rows(store)} == {"pending"}
    assert {row.attempts for row in rows(store)} == {0}

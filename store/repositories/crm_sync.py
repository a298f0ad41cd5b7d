"""The CRM outbox's reads and writes (`crmsync`, see `store/models/crm_sync.py`).

Every write that moves a row names the state (and, for a worker, the lease) it expects, so of
two processes acting on one row at once only one changes it; the other hears it did not.
Claiming is such a compare-and-set per row, in one transaction, in id order: several workers
at once never hold the same row, and on PostgreSQL two claims never deadlock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import session_scope
from store.models import CrmSync, CrmSyncState
from store.models.tables import table_of

SYNC_TABLE = table_of(CrmSync)
# States a new ask puts back in the queue: the lead is sent again (an update of what is there).
REQUEUED = (CrmSyncState.sent, CrmSyncState.dead, CrmSyncState.skipped)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row a worker holds until `lease_until`: what to send and what is known of it."""

    id: int
    lead_id: int
    crm: str
    version: int
    attempts: int
    external_ids: dict[str, Any]
    in_doubt: bool
    sends: int


def enqueue(
    session: Session,
    *,
    lead_ids: Iterable[int],
    crms: Sequence[str],
    requested_by: str,
    now: datetime,
) -> int:
    """Queue each lead for each CRM, in the caller's transaction; the number of sends this
    asks for that were not already queued (new rows, and rows sent, dead or skipped before).

    A row already pending is made due now (a rep asking again does not wait out a backoff); a
    row being sent gets its `version` raised, so it stays pending for one more send.
    """
    row = SYNC_TABLE.c
    leads = sorted(set(lead_ids))
    queued = 0
    for crm in crms:
        for lead_id in leads:
            inserted = session.execute(
                _insert(session)
                .values(
                    lead_id=lead_id,
                    crm=crm,
                    state=CrmSyncState.pending,
                    version=1,
                    attempts=0,
                    next_attempt_at=now,
                    in_doubt=False,
                    external_ids={},
                    requested_by=requested_by,
                    requested_at=now,
                    sends=0,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["lead_id", "crm"])
                .returning(row.id)
            ).scalar_one_or_none()
            if inserted is not None:
                queued += 1
                continue
            sending = row.state == CrmSyncState.sending
            before = session.execute(
                select(row.state).where(row.lead_id == lead_id, row.crm == crm)
            ).scalar_one()
            session.execute(
                update(SYNC_TABLE)
                .where(row.lead_id == lead_id, row.crm == crm)
                .values(
                    state=case((sending, row.state), else_=CrmSyncState.pending),
                    version=row.version + 1,
                    attempts=case((sending, row.attempts), else_=0),
                    last_error=case((sending, row.last_error), else_=None),
                    next_attempt_at=now,
                    requested_by=requested_by,
                    requested_at=now,
                    updated_at=now,
                )
            )
            queued += before in REQUEUED
    return queued


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (sqlite_insert if dialect == "sqlite" else pg_insert)(SYNC_TABLE)


def claim(
    engine: Engine,
    *,
    crm: str,
    worker: str,
    lease: timedelta,
    limit: int,
    now: datetime,
    lead_ids: Sequence[int] | None = None,
) -> list[Claimed]:
    """Take up to `limit` due rows of `crm` for `worker` until `now + lease`: pending rows
    whose time has come, and rows whose sender's lease ran out (it crashed or hung: what it
    sent is in doubt). `lead_ids` keeps to those leads."""
    row = SYNC_TABLE.c
    due = or_(
        and_(row.state == CrmSyncState.pending, row.next_attempt_at <= now),
        and_(row.state == CrmSyncState.sending, row.lease_until < now),
    )
    scope = [row.crm == crm, due]
    if lead_ids is not None:
        scope.append(row.lead_id.in_(sorted(set(lead_ids))))
    claimed: list[Claimed] = []
    with session_scope(engine) as session:
        candidates = session.execute(
            select(row.id, row.state, row.version, row.lease_until)
            .where(*scope)
            .order_by(row.next_attempt_at, row.id)
            .limit(limit)
        ).all()
        for candidate in sorted(candidates, key=lambda c: c.id):
            seen = [row.id == candidate.id, row.state == candidate.state]
            seen.append(row.version == candidate.version)
            if candidate.state == CrmSyncState.sending:
                seen.append(row.lease_until == candidate.lease_until)
            taken = session.execute(
                update(SYNC_TABLE)
                .where(*seen)
                .values(
                    state=CrmSyncState.sending,
                    lease_owner=worker,
                    lease_until=now + lease,
                    attempts=row.attempts + 1,
                    in_doubt=True if candidate.state == CrmSyncState.sending else row.in_doubt,
                    updated_at=now,
                )
                .returning(
                    row.id,
                    row.lead_id,
                    row.crm,
                    row.version,
                    row.attempts,
                    row.external_ids,
                    row.in_doubt,
                    row.sends,
                )
            ).one_or_none()
            if taken is not None:
                claimed.append(Claimed(*taken))
    return claimed


def save_ids(
    engine: Engine,
    *,
    sync_id: int,
    worker: str,
    external_ids: dict[str, Any],
    lease_until: datetime,
) -> bool:
    """Store the CRM ids known so far and extend the lease; False when `worker` no longer
    holds the row (its lease ran out and another worker took it: stop sending it)."""
    with session_scope(engine) as session:
        return _held(session, sync_id, worker, external_ids=external_ids, lease_until=lease_until)


def finish(
    engine: Engine,
    *,
    sync_id: int,
    worker: str,
    state: CrmSyncState,
    version: int,
    now: datetime,
    external_ids: dict[str, Any] | None = None,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
    in_doubt: bool = False,
    not_an_attempt: bool = False,
) -> bool:
    """End `worker`'s attempt on the row: `sent`, `dead`, `skipped`, or `pending` again at
    `next_attempt_at` (a failure that may pass; `in_doubt` when the request may have been
    applied; `not_an_attempt` when the row was not at fault — the CRM refused the key — so
    its attempt does not count). A sent row asked again meanwhile (its version moved past
    `version`) stays pending for one more send. False when the worker no longer held the row."""
    row = SYNC_TABLE.c
    values: dict[str, Any] = {"lease_owner": None, "lease_until": None, "updated_at": now}
    if external_ids is not None:
        values["external_ids"] = external_ids
    if state == CrmSyncState.sent:
        asked_again = row.version != version
        values |= {
            "state": case((asked_again, CrmSyncState.pending), else_=CrmSyncState.sent),
            "sends": row.sends + 1,
            "sent_at": now,
            "attempts": case((asked_again, 0), else_=row.attempts),
            "next_attempt_at": now,
            "in_doubt": False,
            "last_error": None,
        }
    elif state == CrmSyncState.pending:
        values |= {
            "state": CrmSyncState.pending,
            "next_attempt_at": next_attempt_at or now,
            "in_doubt": True if in_doubt else row.in_doubt,
            "last_error": error,
        }
        if not_an_attempt:
            values["attempts"] = row.attempts - 1
    else:
        values |= {
            "state": state,
            "last_error": error,
            "in_doubt": True if in_doubt else row.in_doubt,
        }
    with session_scope(engine) as session:
        return _held(session, sync_id, worker, **values)


def _held(session: Session, sync_id: int, worker: str, **values: Any) -> bool:
    row = SYNC_TABLE.c
    changed = session.execute(
        update(SYNC_TABLE)
        .where(row.id == sync_id, row.state == CrmSyncState.sending, row.lease_owner == worker)
        .values(**values)
    ).rowcount  # type: ignore[attr-defined]
    return bool(changed == 1)


def sync_rows(session: Session, lead_ids: Iterable[int]) -> dict[int, list[CrmSync]]:
    """Each lead's outbox rows (one per CRM it was queued for), by lead id."""
    wanted = sorted(set(lead_ids))
    found: dict[int, list[CrmSync]] = {lead_id: [] for lead_id in wanted}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = (
            select(CrmSync)
            .where(SYNC_TABLE.c.lead_id.in_(chunk))
            .order_by(SYNC_TABLE.c.lead_id, SYNC_TABLE.c.crm)
        )
        for sync in session.execute(statement).scalars():
            found[sync.lead_id].append(sync)
    return found


def count_states(session: Session, *, crm: str | None = None) -> dict[str, int]:
    """How many rows stand in each state (of one CRM, or all)."""
    statement = select(SYNC_TABLE.c.state, func.count()).group_by(SYNC_TABLE.c.state)
    if crm is not None:
        statement = statement.where(SYNC_TABLE.c.crm == crm)
    return {str(state): int(count) for state, count in session.execute(statement).all()}


def delete_rows(session: Session, lead_ids: Sequence[int] | object) -> None:
    """Forget the outbox rows of deleted leads (`lead_ids`: ids, or a subquery of them)."""
    session.execute(delete(SYNC_TABLE).where(SYNC_TABLE.c.lead_id.in_(lead_ids)))


def crms_waiting(session: Session) -> list[str]:
    """The CRMs that have rows pending or being sent."""
    statement = (
        select(SYNC_TABLE.c.crm)
        .distinct()
        .where(SYNC_TABLE.c.state.in_([CrmSyncState.pending, CrmSyncState.sending]))
        .order_by(SYNC_TABLE.c.crm)
    )
    return [str(crm) for crm in session.execute(statement).scalars()]


def queued_crms(session: Session, lead_id: int) -> list[str]:
    """The CRMs the lead was ever queued for."""
    statement = select(SYNC_TABLE.c.crm).where(SYNC_TABLE.c.lead_id == lead_id)
    return sorted(str(crm) for crm in session.execute(statement).scalars())


def retry_dead(engine: Engine, *, crm: str | None, now: datetime) -> int:
    """Put the dead letters (of one CRM, or all) back in the queue, due now; how many."""
    row = SYNC_TABLE.c
    where = [row.state == CrmSyncState.dead]
    if crm is not None:
        where.append(row.crm == crm)
    with session_scope(engine) as session:
        changed = session.execute(
            update(SYNC_TABLE)
            .where(*where)
            .values(
                state=CrmSyncState.pending,
                attempts=0,
                last_error=None,
                next_attempt_at=now,
                version=row.version + 1,
                updated_at=now,
            )
        ).rowcount  # type: ignore[attr-defined]
    return int(changed)

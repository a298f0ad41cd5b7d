"""Where leads stand in the CRMs, as reps read it: each lead's send per CRM (the leads table,
`filon leads show`), a send's outcome in words a rep uses, and the state of the outbox for the
user's leads — a manager's: the team's (`sync_status`: counts by CRM, the sends that failed
with the vendor's words, and the keys a CRM still needs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.artifacts import (
    CrmLeadResult,
    CrmStateCounts,
    CrmStatus,
    CrmStatusArtifact,
)
from agent.artifacts.crm import Outcome, SyncState
from agent.context import Role, oversees_team
from agent.crm.factory import missing_keys
from agent.crm.records import CRMS, CrmName
from agent.settings import Settings
from store.models import CrmSync, CrmSyncState
from store.repositories.crm_status import state_counts, troubled_sends
from store.repositories.crm_sync import sync_rows

TROUBLES: tuple[Outcome, ...] = ("failed", "dead", "skipped")
TROUBLES_SHOWN = 50


def outcome_of(sync: CrmSync) -> Outcome:
    """A send as a rep reads it: created (the first send) or updated, failed and to be tried
    again, given up, not sent (opted out), or waiting."""
    match sync.state:
        case CrmSyncState.sent:
            return "updated" if sync.sends > 1 else "sent"
        case CrmSyncState.dead:
            return "dead"
        case CrmSyncState.skipped:
            return "skipped"
        case CrmSyncState.pending if sync.attempts > 0 and sync.last_error:
            return "failed"
    return "pending"


def crm_status(sync: CrmSync) -> CrmStatus:
    """One outbox row as a lead's status in that CRM."""
    return CrmStatus(
        state=cast(SyncState, CrmSyncState(sync.state).value),
        at=sync.sent_at if sync.state == CrmSyncState.sent else sync.updated_at,
        error=sync.last_error if outcome_of(sync) in TROUBLES else None,
    )


def lead_crm_statuses(engine: Engine, lead_ids: Sequence[int]) -> dict[int, dict[str, CrmStatus]]:
    """{lead id: {CRM: status}} for the leads that were ever queued (others: absent)."""
    if not lead_ids:
        return {}
    with Session(engine) as session:
        rows = sync_rows(session, lead_ids)
    return {
        lead_id: {sync.crm: crm_status(sync) for sync in syncs}
        for lead_id, syncs in rows.items()
        if syncs
    }


def sync_status(
    engine: Engine, settings: Settings, *, user: str, role: Role, crm: str | None = None
) -> CrmStatusArtifact:
    """The outbox for the user's leads (a manager: everyone's), of every CRM or of `crm`:
    counts per CRM, the keys a CRM still needs, and the sends that went wrong, the dead
    letters first."""
    owner = None if oversees_team(role) else user
    with Session(engine) as session:
        counts = state_counts(session, owner=owner, crm=crm)
        total, troubled = troubled_sends(session, owner=owner, crm=crm, limit=TROUBLES_SHOWN)
    targets = list(settings.crm_targets)
    names = [crm] if crm is not None else [*targets, *sorted(set(counts) - set(targets))]
    crms = [_counts(name, counts.get(name, {}), settings) for name in names]
    troubles = [
        CrmLeadResult(
            lead_id=send.sync.lead_id,
            siren=send.lead.company_siren,
            name=send.company_name,
            list_name=send.list_name,
            owner=send.lead.owner,
            crm=send.sync.crm,
            outcome=outcome_of(send.sync),
            error=send.sync.last_error,
            at=send.sync.updated_at,
        )
        for send in troubled
    ]
    return CrmStatusArtifact(
        team=oversees_team(role),
        targets=targets,
        crms=crms,
        troubles_total=total,
        troubles=troubles,
    )


def _counts(crm: str, states: dict[str, int], settings: Settings) -> CrmStateCounts:
    missing = missing_keys(cast(CrmName, crm), settings) if crm in CRMS else ()
    return CrmStateCounts(
        crm=crm,
        pending=states.get("pending", 0) + states.get("sending", 0),
        sent=states.get("sent", 0),
        dead=states.get("dead", 0),
        skipped=states.get("skipped", 0),
        missing_keys=list(missing),
    )

"""Moving a lead to another stage, recorded (who, when, from what, to what, why).

Which lead: the company's lead (by SIREN) in the user's own lists first — a lead the user owns
— else a teammate's they may read (`agent.users.access`); `list_name` picks one list. When that
leaves more than one lead, nothing changes and `AmbiguousLead` names the lists, so the rep can
say which. Who moves it: its owner, a manager or an admin, anyone for a lead nobody owns, and
the teammates its list is shared with.

A lead reaches SQL once its BANT is confirmed (all four criteria), or with a reason — the rep's
override, recorded with the change; an SQL closed and reopened (it keeps its `sql_at`) goes back
without. Closing a lead as lost or disqualified needs a reason. The stage timestamps the
pipeline reads follow the stage (`stage_stamps`):
- `mql_at`: set (now, unless already set) on reaching mql, sql or won; cleared on going back
  to new; kept as it was on lost or disqualified (whatever the lead had reached before).
- `sql_at`: set (now, unless already set) on reaching sql or won; cleared on going back to new
  or mql; kept as it was on lost or disqualified.
- `closed_at`: now on reaching won, lost or disqualified (even from another closed stage: the
  lead closed now); cleared on reopening (new, mql, sql).
So a lead moved back no longer counts where it no longer stands, and a won lead has been an SQL.

Reaching SQL queues the lead for the team's CRMs (`sync_to`) in the same transaction: the
change and its send are written together or not at all (the outbox, `agent/crm/sync.py`). Any
later change of a lead already queued for a CRM queues it again there, so the CRM's deal
follows the stage (won, lost…).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.context import Role
from agent.leads.errors import (
    AmbiguousLead,
    BantIncomplete,
    LeadChanged,
    LeadNotFound,
    LeadNotShared,
    NotLeadOwner,
    ReasonRequired,
    SameStage,
)
from agent.leads.sirens import to_siren
from agent.users.access import Access, access_of
from store.db import session_scope
from store.models import Lead, LeadList, LeadStage
from store.models._time import utcnow
from store.models.lead import list_name_key
from store.repositories.bant import confirmed_criteria
from store.repositories.crm_sync import enqueue, queued_crms
from store.repositories.leads import LeadRow, find_leads
from store.repositories.stages import change_stage

NEEDS_REASON = (LeadStage.lost, LeadStage.disqualified)
CLOSED = (LeadStage.won, LeadStage.lost, LeadStage.disqualified)
MAX_REASON = 500
BANT = ("budget", "authority", "need", "timing")


@dataclass(frozen=True, slots=True)
class StageChange:
    """A recorded stage change and the lead as it is after it."""

    row: LeadRow
    from_stage: LeadStage
    to_stage: LeadStage
    reason: str | None
    changed_by: str
    changed_at: datetime


def stage_stamps(lead: Lead, to_stage: LeadStage, now: datetime) -> dict[str, datetime | None]:
    """The stage timestamps of `lead` once at `to_stage` (the rule in the module docstring)."""
    stamps: dict[str, datetime | None] = {}
    if to_stage in (LeadStage.mql, LeadStage.sql, LeadStage.won):
        stamps["mql_at"] = lead.mql_at or now
    elif to_stage == LeadStage.new:
        stamps["mql_at"] = None
    if to_stage in (LeadStage.sql, LeadStage.won):
        stamps["sql_at"] = lead.sql_at or now
    elif to_stage in (LeadStage.new, LeadStage.mql):
        stamps["sql_at"] = None
    stamps["closed_at"] = now if to_stage in CLOSED else None
    return stamps


def set_stage(
    engine: Engine,
    *,
    siren: str,
    stage: LeadStage | str,
    user: str,
    role: Role | None = None,
    list_name: str | None = None,
    reason: str | None = None,
    now: datetime | None = None,
    sync_to: Sequence[str] = (),
) -> StageChange:
    """Move the company's lead to `stage` and record the change (see the module docstring).
    A rep moves their own leads (and leads nobody owns); a manager moves anyone's. An SQL is
    queued for the CRMs in `sync_to` (the settings' `crm_targets`). `role` None: the user's
    own (a rep in single-user mode)."""
    wanted = to_siren(siren)
    to_stage = LeadStage(stage)
    why = " ".join((reason or "").split())[:MAX_REASON] or None
    at = now or utcnow()
    with session_scope(engine) as session:
        access = access_of(session, user, role)
        row = find_lead(session, siren=wanted, access=access, list_name=list_name)
        lead = row.lead
        assert lead.id is not None, "a stored lead has an id"
        if not access.changes_lead(lead.owner, lead.list_id):
            raise NotLeadOwner(
                wanted, row.company.name, lead.owner or "", current=LeadStage(lead.stage).value
            )
        if lead.stage == to_stage:
            raise SameStage(wanted, to_stage.value, row.list_name)
        # asked last: a rep is told whose lead it is, or that it is there already, first
        if to_stage in NEEDS_REASON and why is None:
            raise ReasonRequired(
                to_stage.value,
                siren=wanted,
                name=row.company.name,
                current=LeadStage(lead.stage).value,
            )
        if to_stage == LeadStage.sql and lead.sql_at is None and why is None:
            missing = unconfirmed(confirmed_criteria(session, lead.id))
            if missing:
                raise BantIncomplete(
                    wanted, row.company.name, missing, current=LeadStage(lead.stage).value
                )
        change = change_stage(
            session,
            lead_id=lead.id,
            from_stage=lead.stage,
            to_stage=to_stage,
            stamps=stage_stamps(lead, to_stage, at),
            changed_by=user,
            reason=why,
            at=at,
        )
        if change is None:
            raise LeadChanged(wanted, row.list_name)
        crms = {*queued_crms(session, lead.id)}
        if to_stage == LeadStage.sql:
            crms |= set(sync_to)
        if crms:
            enqueue(session, lead_ids=[lead.id], crms=sorted(crms), requested_by=user, now=at)
        from_stage = lead.stage
        session.refresh(lead)
    return StageChange(
        row=row,
        from_stage=LeadStage(from_stage),
        to_stage=to_stage,
        reason=why,
        changed_by=user,
        changed_at=at,
    )


def unconfirmed(confirmed: set[str]) -> list[str]:
    """The BANT criteria, in order, that are not among `confirmed`."""
    return [criterion for criterion in BANT if criterion not in confirmed]


def find_lead(session: Session, *, siren: str, access: Access, list_name: str | None) -> LeadRow:
    """The company's lead among those `access` reads: in `list_name` when given, the user's own
    first; `LeadNotFound`, `LeadNotShared` or `AmbiguousLead` when that is not exactly one."""
    _total, found = find_leads(session, sirens=[siren])
    readable = [row for row in found if _reads(access, session, row)]
    rows = readable
    if list_name is not None:
        key = list_name_key(list_name)
        rows = [row for row in rows if list_name_key(row.list_name) == key]
        found = [row for row in found if list_name_key(row.list_name) == key]
    if not rows and found:  # there, but a teammate's the user may not see
        raise LeadNotShared(siren, found[0].company.name, _owner(session, found[0]))
    if not rows:
        raise LeadNotFound(siren, list_name, sorted({row.list_name for row in readable}))
    own = [row for row in rows if (row.lead.owner or "").lower() == access.login]
    candidates = own or rows
    if len(candidates) > 1:
        raise AmbiguousLead(siren, sorted(row.list_name for row in candidates))
    return candidates[0]


def _reads(access: Access, session: Session, row: LeadRow) -> bool:
    if access.reads_everything:
        return True
    lead_list = session.get_one(LeadList, row.lead.list_id)
    return access.reads_lead(row.lead.owner, lead_list.owner, row.lead.list_id)


def _owner(session: Session, row: LeadRow) -> str:
    """Whose the lead is, to say so: its owner, else its list's."""
    return row.lead.owner or session.get_one(LeadList, row.lead.list_id).owner or ""

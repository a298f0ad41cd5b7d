"""Sending leads to a CRM when a rep asks ("pousse les SQL de la semaine dans HubSpot",
"envoie ce lead dans Pipedrive"): which leads, who may, then queue them and send them now.

Which leads, at `stage` (SQL by default; won leads may go too, nothing less qualified):
- by default the user's own leads — a manager's: the team's;
- `list_name`: that list's (the user's own list first, as everywhere);
- `sirens`: those companies' leads (the user's own first; `list_name` picks one list), each of
  which must be SQL or won — one that is not is refused, with its stage and how to qualify it;
- `company`: the lead of the company of that name (`agent.leads.named`), as if its SIREN were
  given; a name that matches no lead, or several, is refused — a push that names a lead never
  falls back to all the user's SQLs;
- `since`/`until`: only those that became SQL (`sql_at`) within those days.
A rep sends their own leads and leads nobody owns; a manager anyone's (`may_act_on`). A CRM
whose keys are missing is refused, naming them; the CSV file is always there.

Then the leads are queued for each CRM in one transaction (`enqueue`) and one pass of the
outbox sends them (for at most `PUSH_DEADLINE` seconds), so the rep reads the outcome in the
answer; what is left waits in the queue for `filon sync` or the UI's background worker. The
figures are read from the outbox rows once the pass is over, so a send another worker finished
meanwhile counts the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.artifacts import CrmLeadResult
from agent.context import Role, oversees_team
from agent.crm.errors import CrmNotSet, NothingToPush, NotQualified, NotYourLead
from agent.crm.factory import missing_keys
from agent.crm.records import CrmName
from agent.crm.status import TROUBLES, outcome_of
from agent.crm.sync import ClientFactory, Outbox
from agent.http.errors import vendor_name
from agent.i18n import Language
from agent.leads.lists import find_list
from agent.leads.named import lead_named
from agent.leads.owners import may_act_on
from agent.leads.sirens import to_sirens
from agent.leads.stages import find_lead
from agent.settings import Settings
from agent.users.access import access_of
from store.db import session_scope
from store.models import CrmSync, LeadStage
from store.models._time import utcnow
from store.repositories.crm_sync import enqueue, sync_rows
from store.repositories.leads import LeadRow, find_leads
from store.users import display_name

QUALIFIED = (LeadStage.sql, LeadStage.won)
PUSH_DEADLINE = 20.0  # seconds of sending while the rep waits; the rest goes in the background
RESULTS_SHOWN = 200


@dataclass(frozen=True, slots=True)
class Pushed:
    """What a push did: the CRMs, the leads queued for each, then where their sends stand
    after the pass — created, updated, failed (tried again later), dead (the CRM refused
    them: its words per lead), skipped (the company opted out), still pending."""

    crms: list[str]
    queued: int
    sent: int = 0
    updated: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0
    pending: int = 0
    list_name: str | None = None
    since: date | None = None
    until: date | None = None
    leads: list[CrmLeadResult] = field(default_factory=list)


async def push_leads(
    engine: Engine,
    settings: Settings,
    *,
    clients: ClientFactory,
    user: str,
    role: Role,
    crm: CrmName | None,
    list_name: str | None = None,
    sirens: Sequence[str] | None = None,
    company: str | None = None,
    stage: str = "sql",
    since: date | None = None,
    until: date | None = None,
    language: Language = "fr",
) -> Pushed:
    """Queue the leads asked for (see the module docstring) for `crm` (None: the team's
    targets), send them once through the CRMs' `clients`, and say how it went."""
    crms = [crm] if crm is not None else [cast(CrmName, name) for name in settings.crm_targets]
    unset: dict[str, tuple[str, ...]] = {
        name: missing for name in crms if (missing := missing_keys(name, settings))
    }
    if unset and not (sirens or company):  # a lead named is checked first: it may never go
        name, missing = next(iter(unset.items()))
        raise CrmNotSet(vendor_name(name, "en"), missing)
    if since is not None and until is None:
        until = datetime.now(UTC).date()
    wanted = LeadStage(stage)
    if wanted not in QUALIFIED:
        raise ValueError(f"stage {stage!r}: only sql or won leads go to a CRM")
    if company is not None and company.strip():
        named = await asyncio.to_thread(lead_named, engine, company, user=user, role=role)
        sirens = [*(sirens or ()), named]
    rows = await asyncio.to_thread(
        _queue,
        engine,
        crms=crms,
        unset=unset,
        user=user,
        role=role,
        list_name=list_name,
        sirens=sirens,
        stage=wanted,
        since=since,
        until=until,
    )
    ids = [row.lead.id for row in rows if row.lead.id is not None]
    outbox = Outbox(engine, settings, clients, language=language)
    await outbox.run(crms, lead_ids=ids, deadline=PUSH_DEADLINE)
    syncs = await asyncio.to_thread(_read_rows, engine, ids)
    return _pushed(crms, rows, syncs, list_name=list_name, since=since, until=until)


def _queue(
    engine: Engine,
    *,
    crms: Sequence[str],
    unset: Mapping[str, Sequence[str]],
    user: str,
    role: Role,
    list_name: str | None,
    sirens: Sequence[str] | None,
    stage: LeadStage,
    since: date | None,
    until: date | None,
) -> list[LeadRow]:
    """The leads asked for, queued for each CRM in one transaction. A CRM without its keys
    (`unset`) is refused once the leads named are known to be sendable: a lead that may not go
    is said first, whatever the CRM."""
    lead_list = find_list(engine, name=list_name, user=user) if list_name and not sirens else None
    with session_scope(engine) as session:
        if sirens:
            rows = _named(session, sirens, user=user, role=role, list_name=list_name)
        else:
            rows = _chosen(
                session,
                list_id=lead_list.id if lead_list else None,
                user=user,
                role=role,
                stage=stage,
            )
            rows = [row for row in rows if _within(row.lead.sql_at, since, until)]
        if not rows:
            raise NothingToPush(
                stage=stage.value,
                team=oversees_team(role),
                list_name=lead_list.name if lead_list else list_name,
                since=since,
                until=until,
            )
        if unset:
            name, missing = next(iter(unset.items()))
            raise CrmNotSet(vendor_name(name, "en"), missing)
        ids = [row.lead.id for row in rows if row.lead.id is not None]
        enqueue(session, lead_ids=ids, crms=crms, requested_by=user, now=utcnow())
    return rows


def _named(
    session: Session, sirens: Sequence[str], *, user: str, role: Role, list_name: str | None
) -> list[LeadRow]:
    """The named companies' leads: each the user may send, each qualified."""
    access = access_of(session, user, role)
    rows = [
        find_lead(session, siren=siren, access=access, list_name=list_name)
        for siren in to_sirens(sirens)
    ]
    for row in rows:
        if not may_act_on(row.lead.owner, user, role):
            owner = display_name(row.lead.owner) or str(row.lead.owner)
            raise NotYourLead(row.company.siren, row.company.name, owner)
    unqualified = [row for row in rows if row.lead.stage not in QUALIFIED]
    if unqualified:
        raise NotQualified(
            [
                (row.company.siren, row.company.name, LeadStage(row.lead.stage).value)
                for row in unqualified
            ]
        )
    return rows


def _chosen(
    session: Session, *, list_id: int | None, user: str, role: Role, stage: LeadStage
) -> list[LeadRow]:
    """The leads at `stage` of a list (or of the user's, a manager: everyone's) that the user
    may send; a rep asking for a teammate's list whose leads are all theirs is refused."""
    owner = user if not oversees_team(role) and list_id is None else None
    _total, rows = find_leads(session, list_id=list_id, stage=stage, owner=owner)
    mine = [row for row in rows if may_act_on(row.lead.owner, user, role)]
    if rows and not mine:
        first = rows[0]
        owner_name = display_name(first.lead.owner) or str(first.lead.owner)
        raise NotYourLead(first.company.siren, first.company.name, owner_name)
    return mine


def _within(sql_at: datetime | None, since: date | None, until: date | None) -> bool:
    """Whether a lead became SQL within [since, until] (UTC days); any lead without dates."""
    if since is None and until is None:
        return True
    if sql_at is None:
        return False
    at = sql_at if sql_at.tzinfo else sql_at.replace(tzinfo=UTC)
    start = datetime.combine(since or date.min, time(0), tzinfo=UTC)
    end = datetime.combine(until or date.max - timedelta(days=1), time(0), tzinfo=UTC)
    return start <= at < end + timedelta(days=1)


def _read_rows(engine: Engine, lead_ids: Sequence[int]) -> dict[int, list[CrmSync]]:
    with Session(engine, expire_on_commit=False) as session:
        return sync_rows(session, lead_ids)


def _pushed(
    crms: Sequence[str],
    rows: Sequence[LeadRow],
    syncs: dict[int, list[CrmSync]],
    *,
    list_name: str | None,
    since: date | None,
    until: date | None,
) -> Pushed:
    results: list[CrmLeadResult] = []
    for row in rows:
        assert row.lead.id is not None, "a stored lead has an id"
        for sync in syncs.get(row.lead.id, []):
            if sync.crm not in crms:
                continue
            outcome = outcome_of(sync)
            results.append(
                CrmLeadResult(
                    lead_id=row.lead.id,
                    siren=row.company.siren,
                    name=row.company.name,
                    list_name=row.list_name,
                    owner=row.lead.owner,
                    crm=sync.crm,
                    outcome=outcome,
                    error=sync.last_error if outcome in TROUBLES else None,
                    at=sync.sent_at or sync.updated_at,
                )
            )
    counts = {outcome: 0 for outcome in ("sent", "updated", "failed", "dead", "skipped")}
    pending = 0
    for result in results:
        if result.outcome == "pending":
            pending += 1
        else:
            counts[result.outcome] += 1
    order = {"dead": 0, "failed": 1, "skipped": 2, "pending": 3, "updated": 4, "sent": 5}
    results.sort(key=lambda result: (order[result.outcome], result.name, result.crm))
    return Pushed(
        crms=list(crms),
        queued=len(rows),
        pending=pending,
        list_name=list_name,
        since=since,
        until=until,
        leads=results[:RESULTS_SHOWN],
        **counts,
    )

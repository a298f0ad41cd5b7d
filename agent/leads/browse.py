"""Browsing leads: of one list or all lists, filtered by stage, owner and last contact, by pages.

Only what the user may read (`agent.users.access`): once Filon has users, a rep's "all lists"
are their own, those nobody owns and those shared with them, and their own leads anywhere.

A lead's last contact is the latest `last_contacted_on` of its company's contacts (a company
none of whose contacts was ever contacted has none): "not contacted for 30 days" keeps the
leads whose company was last contacted more than 30 days ago, or never.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.leads.lists import find_list
from agent.leads.owners import resolve_owner
from agent.users.access import access_of
from store.models import LeadList, LeadStage
from store.repositories.leads import (
    LeadOrder,
    LeadRow,
    count_by_stage,
    find_leads,
    lead_conditions,
)


@dataclass(frozen=True, slots=True)
class LeadPage:
    """Leads matching a request, best score first, and how many match in all."""

    lead_list: LeadList | None
    stage: LeadStage | None
    owner: str | None
    total: int
    leads: list[LeadRow] = field(default_factory=list)
    offset: int = 0
    contacted_before: date | None = None
    stages: list[LeadStage] = field(default_factory=list)  # several at once ("lost and …")
    order: LeadOrder = "score"  # best score first, or the highest intent first
    by_stage: dict[str, int] = field(default_factory=dict)  # the total, per one of `stages`


def list_leads(
    engine: Engine,
    *,
    list_name: str | None = None,
    stage: LeadStage | str | None = None,
    stages: Sequence[LeadStage | str] = (),
    owner: str | None = None,
    limit: int = 20,
    offset: int = 0,
    not_contacted_days: int | None = None,
    today: date | None = None,
    user: str | None = None,
    order: LeadOrder = "score",
) -> LeadPage:
    """Leads of `list_name` (or of every list) in `stage` (or any of `stages`, counted per
    stage too) owned by `owner`, whose company was not contacted in the last
    `not_contacted_days` days before `today`; None means any."""
    if not_contacted_days is not None and not_contacted_days < 0:
        raise ValueError("not_contacted_days counts days: 0 or more")
    lead_list = find_list(engine, name=list_name, user=user) if list_name else None
    owner = resolve_owner(engine, owner) if owner else None
    wanted_stage = LeadStage(stage) if stage is not None else None
    several = list(dict.fromkeys(LeadStage(value) for value in stages))
    if len(several) == 1 and wanted_stage in (None, several[0]):
        wanted_stage, several = several[0], []  # one stage, however it was given
    before = None
    if not_contacted_days is not None:
        # contacted strictly before the day after "N days ago": N days ago or earlier
        before = (today or date.today()) - timedelta(days=not_contacted_days - 1)
    with Session(engine, expire_on_commit=False) as session:
        list_id = lead_list.id if lead_list else None
        readable_by = None if lead_list else access_of(session, user).readable_by
        total, rows = find_leads(
            session,
            list_id=list_id,
            stage=wanted_stage,
            stages=several,
            owner=owner,
            contacted_before=before,
            limit=limit,
            offset=offset,
            readable_by=readable_by,
            order=order,
        )
        by_stage = {}
        if several:  # the same leads, counted per stage
            conditions = lead_conditions(
                list_id=list_id,
                stages=several,
                owner=owner,
                contacted_before=before,
                readable_by=readable_by,
            )
            by_stage = count_by_stage(session, conditions)
    return LeadPage(
        lead_list=lead_list,
        stage=wanted_stage,
        owner=owner,
        total=total,
        leads=rows,
        offset=offset,
        contacted_before=before,
        stages=several,
        by_stage={stage.value: by_stage.get(stage.value, 0) for stage in several},
        order=order,
    )


def lead_owners_among(engine: Engine, sirens: Sequence[str]) -> dict[str, set[str]]:
    """Which of these companies are leads, in any list: SIREN → the owners of its leads
    ("" for a lead nobody owns)."""
    if not sirens:
        return {}
    with Session(engine) as session:
        _total, rows = find_leads(session, sirens=list(sirens))
    owners: dict[str, set[str]] = {}
    for row in rows:
        owners.setdefault(row.company.siren, set()).add(row.lead.owner or "")
    return owners

"""Browsing leads: of one list or all lists, filtered by stage and owner."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.leads.lists import find_list
from store.models import LeadList, LeadStage
from store.repositories.leads import LeadRow, find_leads


@dataclass(frozen=True, slots=True)
class LeadPage:
    """Leads matching a request, best score first, and how many match in all."""

    lead_list: LeadList | None
    stage: LeadStage | None
    owner: str | None
    total: int
    leads: list[LeadRow] = field(default_factory=list)


def list_leads(
    engine: Engine,
    *,
    list_name: str | None = None,
    stage: LeadStage | str | None = None,
    owner: str | None = None,
    limit: int = 20,
    user: str | None = None,
) -> LeadPage:
    """Leads of `list_name` (or of every list) in `stage` owned by `owner`; None means any."""
    lead_list = find_list(engine, name=list_name, user=user) if list_name else None
    wanted_stage = LeadStage(stage) if stage is not None else None
    with Session(engine, expire_on_commit=False) as session:
        total, rows = find_leads(
            session,
            list_id=lead_list.id if lead_list else None,
            stage=wanted_stage,
            owner=owner,
            limit=limit,
        )
    return LeadPage(lead_list=lead_list, stage=wanted_stage, owner=owner, total=total, leads=rows)

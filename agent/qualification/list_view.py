"""A list's leads with their qualification: scores with their parts, BANT as four items, and
where each stands in the CRMs — what `filon leads show` prints, from the same answers the
interview records and the same outbox rows the sync writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from agent.artifacts import BantItem, LeadItem
from agent.crm.status import lead_crm_statuses
from agent.leads import list_leads
from agent.leads.items import lead_item, list_info
from agent.qualification.bant import LeadBant
from agent.qualification.card import bant_items
from store.db import session_scope
from store.models import LeadStage
from store.repositories.bant import current_answers

MAX_LEADS = 1000


@dataclass(frozen=True)
class QualifiedLead:
    """A lead, its scores (total and parts) and its BANT."""

    lead: LeadItem
    scores: dict[str, Any]
    bant: list[BantItem]

    def as_json(self) -> dict[str, Any]:
        """The lead as one JSON object."""
        return {
            **self.lead.model_dump(mode="json"),
            "scores": self.scores,
            "bant": {
                item.criterion: item.model_dump(mode="json", exclude={"criterion"})
                for item in self.bant
            },
        }


@dataclass(frozen=True)
class QualifiedList:
    """The leads of one list (at one stage), best score first."""

    lead_list: dict[str, Any]
    stage: str | None
    total: int
    leads: list[QualifiedLead]


def qualified_list(
    engine: Engine,
    *,
    list_name: str,
    stage: LeadStage | None = None,
    user: str | None = None,
    limit: int = MAX_LEADS,
    today: date | None = None,
) -> QualifiedList:
    """The list's leads with scores and BANT (`LeadRequestError` for an unknown list)."""
    page = list_leads(engine, list_name=list_name, stage=stage, limit=limit, user=user, today=today)
    ids = [row.lead.id for row in page.leads if row.lead.id is not None]
    with session_scope(engine) as session:
        answers = current_answers(session, ids)
        for by_criterion in answers.values():
            for answer in by_criterion.values():
                session.expunge(answer)
    statuses = lead_crm_statuses(engine, ids)
    leads = [
        QualifiedLead(
            lead=lead_item(row, statuses.get(row.lead.id or 0)),
            scores=dict(row.lead.scores or {}),
            bant=bant_items(LeadBant.of(answers.get(row.lead.id or 0, {}))),
        )
        for row in page.leads
    ]
    assert page.lead_list is not None, "a list was named"
    return QualifiedList(
        lead_list=list_info(page.lead_list).model_dump(mode="json"),
        stage=stage.value if stage else None,
        total=page.total,
        leads=leads,
    )

"""The lead services' results as artifact items: a lead, a list's identity, a list's counts.

Shared by the tools and the CLI, so that a lead reads the same in a tool's artifact and in
`filon leads --json`.
"""

from __future__ import annotations

from agent.artifacts import CrmStatus, LeadItem, ListInfo, ListSummary
from store.models import CompanyPublic, LeadList, LeadStage
from store.repositories.lead_lists import ListCounts
from store.repositories.leads import LeadRow

STAGES = tuple(stage.value for stage in LeadStage)


def lead_item(row: LeadRow, crm: dict[str, CrmStatus] | None = None) -> LeadItem:
    """A lead as the artifacts show it, with where it stands in each CRM when `crm` says."""
    company = CompanyPublic.of(row.company)
    return LeadItem(
        id=row.lead.id,
        list_id=row.lead.list_id,
        list_name=row.list_name,
        siren=row.company.siren,
        name=row.company.name,
        city=company.city_label or company.city,
        naf_label=company.naf_label,
        headcount_label=company.headcount_label,
        stage=str(row.lead.stage.value),
        owner=row.lead.owner,
        score=row.lead.score,
        intent=row.intent,
        created_at=row.lead.created_at,
        last_contacted_on=row.last_contacted_on,
        stage_reason=row.stage_reason,
        crm=crm or {},
    )


def list_info(lead_list: LeadList) -> ListInfo:
    """A lead list's identity as the artifacts show it."""
    assert lead_list.id is not None, "a stored lead list has an id"
    return ListInfo(
        id=lead_list.id,
        name=lead_list.name,
        owner=lead_list.owner,
        description=lead_list.description,
        created_at=lead_list.created_at,
    )


def list_summary(counts: ListCounts) -> ListSummary:
    """A lead list with its counts, every stage present (0 when none)."""
    return ListSummary(
        list=list_info(counts.lead_list),
        leads=counts.leads,
        stages={stage: counts.stages.get(stage, 0) for stage in STAGES},
        last_activity_at=counts.last_activity_at,
    )

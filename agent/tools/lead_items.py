"""Turning the lead services' results into artifact items, for the lead-list tools."""

from __future__ import annotations

from typing import Any

from agent.artifacts import LeadItem, LeadListArtifact, ListInfo, ListSummary
from agent.leads import ListChange
from agent.tools.lines import data, lead_line, numbered
from store.models import CompanyPublic, LeadList, LeadStage
from store.repositories.lead_lists import ListCounts
from store.repositories.leads import LeadRow

STAGES = tuple(stage.value for stage in LeadStage)


def lead_item(row: LeadRow) -> LeadItem:
    """A lead as the artifacts show it."""
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
        created_at=row.lead.created_at,
        last_contacted_on=row.last_contacted_on,
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


def list_change_result(
    change: ListChange, *, asked_to_create: bool, matched: int | None = None
) -> tuple[str, dict[str, Any]]:
    """(content, artifact) for `create_lead_list` and `add_to_list`; `matched`: how many
    companies the search's query matched, when the companies came from one."""
    name = data(change.lead_list.name)
    if change.created:
        head = f"Created the lead list “{name}”."
    elif asked_to_create:
        head = f"A lead list named “{name}” already exists: added to it instead."
    else:
        head = f"Lead list “{name}”."
    lines = [head]
    if matched is not None:
        lines.append(f"The search matches {matched} companies in the local store.")
    lines.append(f"Added {len(change.added)} companies.")
    if change.already_there:
        lines.append(
            f"{len(change.already_there)} already in the list: {_some(change.already_there)}."
        )
    if change.skipped:
        lines.append(
            f"Skipped {len(change.skipped)} SIRENs not in the store (search for them first): "
            f"{_some(change.skipped)}."
        )
    items = [lead_item(row) for row in change.leads]
    added = [item for item in items if item.siren in set(change.added)]
    if added:
        lines.append(numbered([lead_line(item) for item in added], len(added)))
    artifact = LeadListArtifact(
        list=list_info(change.lead_list),
        created=change.created,
        added=change.added,
        already_there=change.already_there,
        skipped=change.skipped,
        leads=items,
    )
    return "\n".join(lines), artifact.model_dump(mode="json")


SIRENS_SHOWN = 20


def _some(sirens: list[str]) -> str:
    """The first SIRENs, and how many more there are."""
    shown = ", ".join(sirens[:SIRENS_SHOWN])
    more = len(sirens) - SIRENS_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown

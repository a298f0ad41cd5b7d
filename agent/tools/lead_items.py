"""Turning the lead services' results into the lead-list tools' content and artifacts."""

from __future__ import annotations

from typing import Any

from agent.artifacts import LeadListArtifact
from agent.leads import ListChange
from agent.leads.items import lead_item, list_info, list_summary
from agent.tools.lines import data, lead_line, numbered

__all__ = ["lead_item", "list_change_result", "list_info", "list_summary"]


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

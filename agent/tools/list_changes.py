"""What the list-management tools share: the ListChangeArtifact of a change, and its wording."""

from __future__ import annotations

from typing import Any, Literal

from agent.artifacts import ListChangeArtifact
from agent.leads import ListUpdate
from agent.tools.lead_items import list_info


def change_result(
    update: ListUpdate, action: Literal["renamed", "deleted"], content: str
) -> tuple[str, dict[str, Any]]:
    """(content, artifact) of a rename or deletion (a reassignment: `assign_lead_list`)."""
    artifact = ListChangeArtifact(
        action=action,
        list=list_info(update.lead_list),
        previous_name=update.previous_name,
        previous_owner=update.previous_owner,
        leads=update.leads,
    )
    return content, artifact.model_dump(mode="json")

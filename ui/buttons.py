"""The buttons the UI shows: the Chainlit callback each one calls, its label and payload.

Every button but the direct CSV export asks Filon something through the chat graph, as if the
rep had typed it (see the callbacks in `ui.app`); the payload carries what the request needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CREATE_LIST = "create_list"  # a lead list of the shown companies
EXPORT_CSV = "export_csv"  # every match as a CSV file (the shown rows while no export tool exists)
SHOW_COMPANY = "show_company"  # a company's record
ADD_COMPANY = "add_company"  # one company into a lead list
SHOW_LIST = "show_list"  # the leads of one list
PAGE = "page"  # another page of the latest search
ENRICH = "enrich"  # the emails of a list's people, or of the people shown, looked up


@dataclass(frozen=True)
class ActionSpec:
    """A button: the callback's name, its label, what it is called with.

    `latest_only`: the request it sends is about the conversation's latest result ("page 2",
    "exporte tous ces résultats"), so the button goes when a newer result is shown.
    """

    name: str
    label: str
    payload: dict[str, Any]
    tooltip: str = ""
    latest_only: bool = False

    def props(self) -> dict[str, Any]:
        """The button as the custom table element reads it."""
        return {
            "name": self.name,
            "label": self.label,
            "payload": self.payload,
            "tooltip": self.tooltip,
        }

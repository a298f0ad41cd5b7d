"""Mistakes in a request to send leads to a CRM that the rep can correct.

As in `agent/leads/errors.py`: each error carries a `code` and its `values` (data, never
wording), worded for people by the catalogue (`crm_chat.error.<code>`); its `str()` is the
English sentence the tools hand to the model, saying what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from agent.leads.errors import names

CLOSED_STAGES = ("lost", "disqualified")
QUALIFY_HINT = (
    "Only qualified leads (SQL or won) go to a CRM: qualify a lead with qualify_lead (what the "
    "user learnt of its budget, decision-maker, need and timing), or move it to sql with "
    "set_lead_stage, then push it."
)


class CrmRequestError(Exception):
    """A push to a CRM that cannot be done as asked; `code` and `values` say why."""

    code = "crm_request"

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.values = values


class NothingToPush(CrmRequestError):
    """No qualified lead matches the request (the user's, a list's, a period's)."""

    code = "nothing_to_push"

    def __init__(
        self,
        *,
        stage: str,
        team: bool,
        list_name: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> None:
        holder = (
            f"the list {list_name!r} has"
            if list_name
            else "the team has"
            if team
            else "the user has"
        )
        when = f" that became SQL from {since} to {until or 'today'}" if since else ""
        super().__init__(
            f"nothing to push: {holder} no {stage} lead{when}. Nothing was queued. {QUALIFY_HINT}",
            stage=stage,
            list_name=list_name or "",
            since=since.isoformat() if since else "",
            until=(until or since).isoformat() if since else "",
        )
        # the catalogue's wording: the list, the period (dated from `since`), both, or neither
        if list_name:
            self.code = "nothing_in_list_period" if since else "nothing_in_list"
        elif since:
            self.code = "nothing_in_period"


class NotQualified(CrmRequestError, ValueError):
    """Leads named that are not SQL or won: they do not go to a CRM yet. Each is said with its
    stage: a closed one (lost, disqualified) is reopened before it is qualified again."""

    code = "not_qualified"

    def __init__(self, leads: Sequence[tuple[str, str, str]]) -> None:
        shown = [f"{name} ({siren}, stage {stage})" for siren, name, stage in leads]
        stages = {stage for _siren, _name, stage in leads}
        closed = stages <= set(CLOSED_STAGES)
        how = (
            "It is closed: only if the user says the deal is open again, move it back to mql "
            "with set_lead_stage (with their reason), qualify it, then push it."
            if closed
            else QUALIFY_HINT
        )
        super().__init__(
            f"not qualified: {names(shown)} (neither SQL nor won). Nothing was queued. {how}",
            names=", ".join(name for _siren, name, _stage in leads[:5]),
            count=len(leads),
            stage=leads[0][2] if len(stages) == 1 else "",
        )
        if closed and len(stages) == 1:  # the catalogue says the stage and how to reopen it
            self.code = "not_qualified_closed"
        elif len(stages) == 1:
            self.code = "not_qualified_stage"


class NotYourLead(CrmRequestError, PermissionError):
    """A rep pushing a teammate's lead: only its owner or a manager may."""

    code = "not_your_lead"

    def __init__(self, siren: str, name: str, owner: str) -> None:
        super().__init__(
            f"the lead {name} ({siren}) belongs to {owner}: only its owner or a manager can "
            "send it to a CRM. Nothing was queued.",
            siren=siren,
            name=name,
            owner=owner,
        )


class CrmNotSet(CrmRequestError):
    """The CRM asked for has no keys: the variables to set are named."""

    code = "crm_not_configured"

    def __init__(self, crm: str, missing: Sequence[str]) -> None:
        keys = ", ".join(missing)
        super().__init__(
            f"{crm} is not configured: its keys are missing ({keys}). Nothing was queued. Tell "
            f"the user to set {keys} in Filon's environment (or .env file) and ask again, or to "
            "push to another CRM.",
            crm=crm,
            keys=keys,
        )

"""Mistakes in a lead or lead-list request that the caller can correct.

Each error carries a `code` and its `values` (data, never wording), so the CLI words it in the
person's language through the catalogue (`leads.error.<code>`); its `str()` is the English
sentence the tools hand to the model, saying what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SHOWN_NAMES = 20


def names(values: Sequence[str], none: str = "none") -> str:
    """Names quoted and joined, at most `SHOWN_NAMES` of them."""
    return ", ".join(repr(item) for item in values[:SHOWN_NAMES]) or none


class LeadRequestError(Exception):
    """A lead or list request that cannot be done as asked; `code` and `values` say why."""

    code = "lead_request"

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.values = values


class UnknownList(LeadRequestError, LookupError):
    """No lead list has the requested name."""

    code = "unknown_list"

    def __init__(self, name: str, existing: list[str]) -> None:
        super().__init__(
            f"no lead list is named {name!r}. Existing lists: {names(existing, 'none yet')}. "
            "Use one of these names, or create the list with create_lead_list.",
            name=name,
            existing=", ".join(existing[:SHOWN_NAMES]),
        )
        self.name = name
        self.existing = existing


class InvalidSiren(LeadRequestError, ValueError):
    """A value that is not a SIREN or SIRET."""

    code = "invalid_siren"

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(
            f"{value!r} is not a valid SIREN ({reason}): give 9 digits (SIREN) or 14 "
            "digits (SIRET), spaces allowed, e.g. 552 100 554",
            value=value,
        )
        self.value = value


class ListNameTaken(LeadRequestError):
    """The owner already has a list with the new name."""

    code = "name_taken"

    def __init__(self, name: str, owner: str | None) -> None:
        super().__init__(
            f"{owner or 'this owner'} already has a lead list named {name!r}: choose another "
            "name (or rename or delete that list first)",
            name=name,
            owner=owner or "",
        )


class ListGone(LeadRequestError):
    """The list was renamed, deleted or reassigned by someone else since it was found."""

    code = "list_gone"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the lead list {name!r} was just renamed, deleted or reassigned by someone else: "
            "nothing was changed. Show the lists again (lead_lists) before retrying.",
            name=name,
        )


class NotListOwner(LeadRequestError, PermissionError):
    """A rep changing a teammate's list: only its owner or a manager may."""

    code = "not_owner"

    def __init__(self, name: str, owner: str | None) -> None:
        super().__init__(
            f"the lead list {name!r} belongs to {owner}: only its owner or a manager can "
            "rename, delete or reassign it. Nothing was changed.",
            name=name,
            owner=owner or "",
        )


class NotLeadOwner(LeadRequestError, PermissionError):
    """A rep moving a teammate's lead: only its owner or a manager may."""

    code = "not_lead_owner"

    def __init__(self, siren: str, name: str, owner: str, *, current: str = "") -> None:
        super().__init__(
            f"the lead {name} ({siren}) belongs to {owner}: only its owner or a manager can "
            "change its stage. Nothing was changed.",
            siren=siren,
            name=name,
            owner=owner,
            current=current,  # the stage it stays at: what "remets-le en SQL" is told
        )


class NotShared(LeadRequestError, PermissionError):
    """A rep reaching for a teammate's list that is not shared with them (once Filon has users)."""

    code = "not_shared"

    def __init__(self, name: str, owner: str | None) -> None:
        super().__init__(
            f"the lead list {name!r} belongs to {owner}: only its owner, the teammates it is "
            "shared with and managers can see it. Nothing was read or changed.",
            name=name,
            owner=owner or "",
        )


class LeadNotShared(LeadRequestError, PermissionError):
    """A rep reaching for a teammate's lead in a list not shared with them."""

    code = "lead_not_shared"

    def __init__(self, siren: str, name: str, owner: str) -> None:
        super().__init__(
            f"the lead {name} ({siren}) belongs to {owner}: only its owner, the teammates its "
            "list is shared with and managers can see it. Nothing was read or changed.",
            siren=siren,
            name=name,
            owner=owner,
        )


class NotOwnPipeline(LeadRequestError, PermissionError):
    """A rep asking for a teammate's pipeline: a rep sees their own, a manager the team's."""

    code = "not_own_pipeline"

    def __init__(self, owner: str) -> None:
        super().__init__(
            f"a rep sees their own pipeline only, not {owner}'s: ask without an owner (or ask "
            "a manager).",
            owner=owner,
        )


class NotOwnLeads(LeadRequestError, PermissionError):
    """A rep asking to score a teammate's leads: a rep scores their own, a manager anyone's."""

    code = "not_own_leads"

    def __init__(self, owner: str) -> None:
        super().__init__(
            f"a rep scores their own leads only, not {owner}'s: ask without an owner (their own "
            "leads), name one of their lists, or ask a manager.",
            owner=owner,
        )


class AmbiguousList(LeadRequestError):
    """Several teammates have a list of that name, and the user none."""

    code = "ambiguous_list"

    def __init__(self, name: str, owners: list[str]) -> None:
        super().__init__(
            f"several reps have a lead list named {name!r} ({names(owners)}): its owner must "
            "make this change. Nothing was changed.",
            name=name,
            owners=", ".join(owners),
        )


class BadOwner(LeadRequestError, ValueError):
    """Not a login a list can be given to."""

    code = "bad_owner"

    def __init__(self, owner: str) -> None:
        super().__init__(
            f"{owner!r} is not a rep's login: give one such as alice.martin", owner=owner
        )


class DeleteNotConfirmed(LeadRequestError):
    """Deleting a list (and its leads) needs the user's explicit confirmation."""

    code = "delete_not_confirmed"

    def __init__(self, name: str, leads: int) -> None:
        super().__init__(
            f"not deleted: deleting the lead list {name!r} also deletes its {leads} leads, for "
            "good. Ask the user to confirm, saying how many leads would go; call "
            "delete_lead_list again with confirm=true only once they have said yes.",
            name=name,
            leads=leads,
        )


class LeadNotFound(LeadRequestError, LookupError):
    """The company is not a lead (in that list)."""

    code = "lead_not_found"

    def __init__(self, siren: str, list_name: str | None, lists: list[str]) -> None:
        where = f"in the list {list_name!r}" if list_name else "in any lead list"
        known = f" It is in: {names(lists)}." if lists else ""
        super().__init__(
            f"the company {siren} is not a lead {where}.{known} Add it to a list first "
            "(add_to_list), or name one of its lists.",
            siren=siren,
            list_name=list_name or "",
            lists=", ".join(lists),
        )


class AmbiguousLead(LeadRequestError):
    """The company is a lead in several lists: which one is meant?"""

    code = "ambiguous_lead"

    def __init__(self, siren: str, lists: list[str]) -> None:
        super().__init__(
            f"the company {siren} is a lead in several lists ({names(lists)}): nothing was "
            "changed. Ask the user which list, then call again with list_name.",
            siren=siren,
            lists=", ".join(lists),
        )


class ReasonRequired(LeadRequestError, ValueError):
    """Closing a lead as lost or disqualified needs a reason."""

    code = "reason_required"

    def __init__(self, stage: str, *, siren: str = "", name: str = "", current: str = "") -> None:
        super().__init__(
            f"a lead moved to {stage} needs a reason (reason=…): ask the user why, then call "
            "again with it. Nothing was changed.",
            stage=stage,
            siren=siren,
            name=name,
            current=current,
        )


class BantIncomplete(LeadRequestError, ValueError):
    """A lead reaches SQL once its Budget, Authority, Need and Timing are confirmed, or with a
    reason for going ahead without them."""

    code = "bant_incomplete"

    def __init__(self, siren: str, name: str, missing: Sequence[str], *, current: str = "") -> None:
        super().__init__(
            f"{name} ({siren}) cannot move to sql yet: BANT is not confirmed for "
            f"{', '.join(missing)}. Qualify it with qualify_lead (record what the user learnt), "
            "or, if the user wants to go ahead anyway, call again with their reason (reason=…). "
            "Nothing was changed.",
            siren=siren,
            name=name,
            missing=", ".join(missing),
            current=current,
        )
        self.missing = list(missing)


class SameStage(LeadRequestError):
    """The lead is at that stage already."""

    code = "same_stage"

    def __init__(self, siren: str, stage: str, list_name: str) -> None:
        super().__init__(
            f"the lead {siren} in {list_name!r} is already at stage {stage}: nothing to change",
            siren=siren,
            stage=stage,
            list_name=list_name,
        )


class LeadChanged(LeadRequestError):
    """Someone else changed the lead's stage meanwhile."""

    code = "lead_changed"

    def __init__(self, siren: str, list_name: str) -> None:
        super().__init__(
            f"the stage of the lead {siren} in {list_name!r} was just changed by someone "
            "else: nothing was changed. Look at the lead again before retrying.",
            siren=siren,
            list_name=list_name,
        )


class TooManyMatches(LeadRequestError):
    """More companies match than one request may take."""

    code = "too_many"

    def __init__(self, total: int, limit: int) -> None:
        super().__init__(
            f"{total} companies match: more than {limit} cannot be added or exported at once. "
            "Ask the user to narrow the search (a department, a headcount range, a sector).",
            total=total,
            limit=limit,
        )


class UncountedMatches(TooManyMatches):
    """More companies match than a search counts ("plus de 10 000"): more than one request may
    take, however many they are."""

    code = "too_many_uncounted"

    def __init__(self, counted: int, limit: int) -> None:
        LeadRequestError.__init__(
            self,
            f"more than {counted} companies match (the search stops counting there): more than "
            f"{limit} cannot be added at once. Ask the user to narrow the search (a department, "
            "a headcount range, a sector).",
            counted=counted,
            limit=limit,
        )


class ManyNotConfirmed(LeadRequestError):
    """Many companies match: the user must confirm before they are all added."""

    code = "many_not_confirmed"

    def __init__(self, total: int, threshold: int) -> None:
        super().__init__(
            f"{total} companies match (more than {threshold}): nothing was added. Ask the user "
            f"to confirm adding all {total}; call again with confirm=true only once they agree.",
            total=total,
            threshold=threshold,
        )


class UnknownOwner(LeadRequestError, LookupError):
    """No rep goes by that name."""

    code = "unknown_owner"

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"no rep is called {name!r}. Reps with leads: {names(known)}. Use one of these logins.",
            name=name,
            known=", ".join(known[:SHOWN_NAMES]),
        )


class AmbiguousOwner(LeadRequestError, LookupError):
    """Several reps go by that name."""

    code = "ambiguous_owner"

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(
            f"several reps are called {name!r} ({names(candidates)}): ask the user which one "
            "and use that login.",
            name=name,
            candidates=", ".join(candidates),
        )


class NoLeadNamed(LeadRequestError, LookupError):
    """No lead the user may read is a company of that name ("envoie Tecide Cloud…")."""

    code = "no_lead_named"

    def __init__(self, name: str, *, company: bool, closest: str | None = None) -> None:
        if company:
            said = f"the company {name!r} is not one of the user's leads"
        else:
            hint = f" (the closest lead: {closest!r})" if closest else ""
            said = f"no lead of the user is a company called {name!r}{hint}"
        super().__init__(
            f"{said}: nothing was done. Ask the user for the exact name or the SIREN; a company "
            "must be added to a list (add_to_list) before it is a lead.",
            name=name,
            closest=closest or "",
        )
        # the catalogue's wording: a company that is no lead, the closest lead, or neither
        if company:
            self.code = "company_not_a_lead"
        elif closest:
            self.code = "no_lead_named_closest"


class SeveralLeadsNamed(LeadRequestError, LookupError):
    """Several companies of that name are leads the user may read: which one is meant?"""

    code = "several_leads_named"

    def __init__(self, name: str, choices: Sequence[tuple[str, str]]) -> None:
        shown = ", ".join(f"{siren} ({city})" if city else siren for siren, city in choices)
        super().__init__(
            f"{len(choices)} leads are companies called {name!r}: {shown}. Nothing was done. "
            "Ask the user which one, then call again with its SIREN.",
            name=name,
            count=len(choices),
            choices=shown,
        )


class AssignNotConfirmed(LeadRequestError):
    """Giving a list away with every lead would take teammates' leads: the user confirms."""

    code = "assign_not_confirmed"

    def __init__(self, name: str, owner: str, others: str) -> None:
        super().__init__(
            f"not assigned: the lead list {name!r} holds leads of other reps ({others}); giving "
            f"it to {owner} with every lead takes those from them too (their won and lost leads "
            "still count as theirs). Ask the user to confirm, saying whose and how many; call "
            "assign_lead_list again with all_leads=true and confirm=true only once they have "
            "said yes (without all_leads, only the list's owner's leads move, the others stay).",
            name=name,
            owner=owner,
            others=others,
        )

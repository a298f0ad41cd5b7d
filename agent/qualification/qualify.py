"""Qualifying a lead: record what the rep learnt about its BANT, say what is still missing, and
on the rep's yes apply what Filon proposed — SQL once all four are confirmed, disqualified when
one is known to be against.

Who: the company's lead in the user's own lists first (as for a stage change); a rep qualifies
their own leads, leads nobody owns and the leads of lists shared with them, a manager or an
admin anyone's (`agent.users.access`). What was learnt is recorded as it was
said (`store.models.bant`); the promotion is an ordinary recorded stage change
(`agent.leads.stages.set_stage`), whose SQL rule reads the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

from agent.context import Role
from agent.i18n import Language, t
from agent.leads.errors import NotLeadOwner
from agent.leads.sirens import to_siren
from agent.leads.stages import StageChange, find_lead, set_stage
from agent.qualification.bant import LeadBant, Origin, answers_from
from agent.qualification.facts import BantFacts, Criterion
from agent.users.access import access_of
from store.db import session_scope
from store.models import BantAnswer, LeadStage, LeadStageChange
from store.models._time import utcnow
from store.repositories.bant import current_answers, record_answers
from store.repositories.leads import LeadRow
from store.repositories.stages import stage_history

OPEN = (LeadStage.new, LeadStage.mql)


@dataclass(frozen=True)
class Qualification:
    """A lead's qualification once the message is recorded (and the proposal applied)."""

    row: LeadRow
    bant: LeadBant
    recorded: list[Criterion]
    asking: Criterion | None
    proposal: LeadStage | None
    history: list[LeadStageChange]
    change: StageChange | None = None
    declined: bool = False
    answers: list[BantAnswer] = field(default_factory=list)


def qualify(
    engine: Engine,
    *,
    siren: str,
    facts: BantFacts,
    text: str,
    origin: Origin,
    role: Role | None = None,
    list_name: str | None = None,
    confirm: bool | None = None,
    sync_to: Sequence[str] = (),
    language: Language = "fr",
    now: datetime | None = None,
) -> Qualification:
    """Record `facts` (learnt from `text`) on the company's lead; with `confirm`, accept or
    decline what Filon proposes (see the module docstring)."""
    wanted = to_siren(siren)
    at = now or utcnow()
    user = origin.said_by
    with session_scope(engine) as session:
        access = access_of(session, user, role)
        row = find_lead(session, siren=wanted, access=access, list_name=list_name)
        lead = row.lead
        assert lead.id is not None, "a stored lead has an id"
        if not access.changes_lead(lead.owner, lead.list_id):
            raise NotLeadOwner(wanted, row.company.name, lead.owner or "")
        answers = answers_from(facts, lead_id=lead.id, text=text, origin=origin, at=at)
        record_answers(session, answers)
        bant = LeadBant.of(current_answers(session, [lead.id]).get(lead.id, {}))
        list_name = row.list_name
    recorded = [Criterion(answer.criterion) for answer in answers]
    proposal = _proposal(bant, LeadStage(row.lead.stage))
    change = None
    if confirm is True and proposal is not None:
        change = set_stage(
            engine,
            siren=wanted,
            stage=proposal,
            user=user,
            role=role,
            list_name=list_name,
            reason=_reason(bant, proposal, language),
            now=at,
            sync_to=sync_to,
        )
        row = change.row
    with session_scope(engine) as session:
        assert row.lead.id is not None
        history = stage_history(session, lead_id=row.lead.id)
        for item in history:
            session.expunge(item)
    return Qualification(
        row=row,
        bant=bant,
        recorded=recorded,
        asking=None if change is not None else bant.asking(recorded),
        proposal=None if change is not None else proposal,
        history=history,
        change=change,
        declined=confirm is False and proposal is not None,
        answers=answers,
    )


def _proposal(bant: LeadBant, stage: LeadStage) -> LeadStage | None:
    """SQL for an open lead whose BANT is all confirmed; disqualified for an open lead with a
    criterion against; nothing otherwise."""
    if stage not in OPEN:
        return None
    if bant.negative:
        return LeadStage.disqualified
    return LeadStage.sql if bant.complete else None


def _reason(bant: LeadBant, proposal: LeadStage, language: Language) -> str:
    """The recorded reason of the change Filon proposed."""
    if proposal == LeadStage.sql:
        return t("qualification.reason.sql", language)
    against = ", ".join(criterion.value for criterion in bant.negative)
    return t("qualification.reason.disqualified", language, criteria=against)

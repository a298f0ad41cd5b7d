"""A lead's qualification card: its BANT as four rows, the stage history, the interview's next
question, and questions for the next call — from a `Qualification`, for tools and the CLI.

Reading what the rep said: the offline parser without an LLM key, the model's structured
output with one (`agent.qualification.extract`)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from agent.artifacts import BantItem, QualificationArtifact, ScorePart, StageHistoryItem
from agent.i18n import Language
from agent.leads.items import lead_item
from agent.qualification.bant import CRITERIA, LeadBant
from agent.qualification.facts import BantFacts, Criterion
from agent.qualification.qualify import Qualification
from agent.qualification.questions import (
    LeadFacts,
    model_questions,
    template_questions,
)
from agent.qualification.wording import describe_value
from agent.settings import Settings
from agent.signals.scores import latest_signals
from store.models import CompanyPublic, LeadStageChange

PARTS = ("fit", "engagement", "intent")


async def read_facts(
    settings: Settings, text: str, *, asked: Criterion | None, today: date
) -> BantFacts:
    """What `text` says about BANT: the offline parser, or the LLM when a key is set."""
    if not text.strip():
        return BantFacts()
    from agent.qualification.extract import extract_bant

    if settings.offline:
        return extract_bant(text, today=today, asked=asked)
    from agent.llm.factory import make_chat_model
    from agent.llm.language import detect_language
    from agent.qualification.extract.llm import extract_with_model

    model = make_chat_model(settings)
    return await extract_with_model(
        model, text, today=today, asked=asked, language=detect_language(text)
    )


def bant_items(bant: LeadBant) -> list[BantItem]:
    """The four criteria in order, `missing` where nothing was said."""
    items = []
    for criterion in CRITERIA:
        answer = bant.answers.get(criterion)
        if answer is None:
            items.append(BantItem(criterion=criterion.value, status="missing"))
            continue
        items.append(
            BantItem(
                criterion=criterion.value,
                status=answer.status,
                value=dict(answer.value or {}),
                note=answer.note,
                said_by=answer.said_by,
                source=answer.source,
                recorded_at=answer.recorded_at,
            )
        )
    return items


def history_items(history: list[LeadStageChange]) -> list[StageHistoryItem]:
    """The lead's stage changes, oldest first."""
    return [
        StageHistoryItem(
            from_stage=str(change.from_stage.value),
            to_stage=str(change.to_stage.value),
            changed_by=change.changed_by,
            reason=change.reason,
            changed_at=change.changed_at,
        )
        for change in history
    ]


async def lead_card(
    settings: Settings, engine: Engine, done: Qualification, language: Language, *, today: date
) -> QualificationArtifact:
    """The card of the lead `done` qualified; when the rep asks for it (nothing recorded, no
    answer to a proposal) while BANT is incomplete, questions for the next call too."""
    artifact = card_of(done)
    asked_for_the_card = not done.recorded and not done.declined and done.change is None
    if done.bant.missing and asked_for_the_card:
        facts = await asyncio.to_thread(lead_facts, engine, done, language, today=today)
        if settings.offline:
            artifact.call_questions = template_questions(facts, language)
        else:
            from agent.llm.factory import make_chat_model

            model = make_chat_model(settings)
            artifact.call_questions = await model_questions(model, facts, language)
    return artifact


def card_of(done: Qualification) -> QualificationArtifact:
    """The card's data, without call questions."""
    return QualificationArtifact(
        lead=lead_item(done.row),
        bant=bant_items(done.bant),
        recorded=[criterion.value for criterion in done.recorded],
        missing=[criterion.value for criterion in done.bant.missing],
        negative=[criterion.value for criterion in done.bant.negative],
        asking=done.asking.value if done.asking else None,
        proposal=done.proposal.value if done.proposal else None,
        promoted_to=done.change.to_stage.value if done.change else None,
        declined=done.declined,
        history=history_items(done.history),
        scores=score_parts(dict(done.row.lead.scores or {})),
    )


def score_parts(scores: dict[str, Any]) -> dict[str, ScorePart]:
    """The lead's fit, engagement and intent as stored (`agent.qualification.scoring`); a part
    stored in another shape (an older bare number) keeps its figure without reasons."""
    parts = {}
    for name in PARTS:
        stored = scores.get(name)
        if isinstance(stored, dict):
            try:
                parts[name] = ScorePart.model_validate(stored)
            except ValidationError:
                continue
        elif isinstance(stored, int | float):
            parts[name] = ScorePart(score=round(stored))
    return parts


def lead_facts(
    engine: Engine, done: Qualification, language: Language, *, today: date
) -> LeadFacts:
    """What the call questions may lean on: the company, BANT known and missing, signals."""
    company = CompanyPublic.of(done.row.company)
    signals = latest_signals(engine, [company.siren], per_company=5).get(company.siren, [])
    known = {
        criterion.value: describe_value(
            criterion.value, dict(answer.value or {}), answer.note, language
        )
        for criterion, answer in done.bant.answers.items()
    }
    return LeadFacts(
        company=company.name,
        sector=company.naf_label,
        headcount=company.headcount_label,
        city=company.city_label or company.city,
        known=known,
        missing=done.bant.missing,
        signals=[(str(s.kind), str(s.title), s.occurred_on) for s in signals],
    )

"""What Filon asks: the interview's next question to the rep, and questions for the rep's next
call with the prospect, grounded in the lead's data and signals.

Offline, the call questions come from templates: one per criterion still missing, and one on
the company's latest signal when it has one (hiring, fundraising…). With an LLM, the
`call_questions` prompt writes them from the same facts; an unusable answer falls back to the
templates.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, ValidationError

from agent.i18n import Language, t
from agent.llm.failures import describe_llm_failure
from agent.qualification.facts import Criterion
from prompts import load_prompt

log = logging.getLogger(__name__)
MAX_QUESTIONS = 5
# Signals a prospect is proud of: a natural opening for a call.
OPENING_KINDS = ("hiring", "fundraising", "leadership_change", "new_site", "growth", "news")


@dataclass(frozen=True, slots=True)
class LeadFacts:
    """What the questions may lean on: the company, what is known, what is missing."""

    company: str
    sector: str | None
    headcount: str | None
    city: str | None
    known: dict[str, str]  # criterion → the answer in words
    missing: Sequence[Criterion]
    signals: Sequence[tuple[str, str, date | None]]  # (kind, title, when), latest first


def interview_question(criterion: Criterion, company: str, language: Language) -> str:
    """The one question Filon asks the rep next: what they know about `criterion`."""
    return t(f"qualification.ask.{criterion.value}", language, company=company)


def template_questions(facts: LeadFacts, language: Language) -> list[str]:
    """Call questions from templates: the latest opening signal first, then one per criterion
    still missing, in BANT order."""
    questions = []
    opening = next((s for s in facts.signals if s[0] in OPENING_KINDS), None)
    if opening is not None:
        questions.append(t("qualification.call.signal", language, title=opening[1]))
    for criterion in facts.missing:
        questions.append(t(f"qualification.call.{criterion.value}", language))
    return questions[:MAX_QUESTIONS]


class _Questions(BaseModel):
    questions: list[str] = Field(min_length=1, max_length=MAX_QUESTIONS)


async def model_questions(model: BaseChatModel, facts: LeadFacts, language: Language) -> list[str]:
    """Call questions the model writes from `facts`; the templates when its answer is unusable."""
    data: dict[str, Any] = {
        "company": facts.company,
        "sector": facts.sector,
        "headcount": facts.headcount,
        "city": facts.city,
        "bant_known": facts.known,
        "bant_missing": [criterion.value for criterion in facts.missing],
        "signals": [
            {"kind": kind, "title": title, "date": when.isoformat() if when else None}
            for kind, title, when in facts.signals[:5]
        ],
    }
    prompt = load_prompt(
        "call_questions",
        language="français" if language == "fr" else "English",
        count=str(MAX_QUESTIONS),
        # company names and signal titles are data: they cannot close the markers
        facts=json.dumps(data, ensure_ascii=False, indent=1)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e"),
    )
    try:
        answer = await model.with_structured_output(_Questions).ainvoke(prompt)
        questions = _Questions.model_validate(answer).questions
    except (ValidationError, ValueError, TypeError, OSError) as error:
        log.warning("call questions: an unusable answer (%s); templates used", type(error).__name__)
        return template_questions(facts, language)
    except Exception as error:
        if describe_llm_failure(error, language) is None:
            raise  # a bug, not the model
        log.warning("call questions: a model failure (%s); templates used", type(error).__name__)
        return template_questions(facts, language)
    cleaned = [" ".join(question.split())[:300] for question in questions if question.strip()]
    return cleaned or template_questions(facts, language)

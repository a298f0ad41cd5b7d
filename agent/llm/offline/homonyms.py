"""Several companies bearing the name a rep gave: "3 entreprises s'appellent Expertise
Bordeaux : laquelle ?", the rep's answer (a rank, a city, a SIREN) completing the call
(see `PendingIntent._pick`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.i18n import md
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import TextReply
from store.models import CompanyPublic

SHOWN = 10


def which_homonym(
    named: Sequence[CompanyPublic],
    call: dict[str, Any],
    conversation: Conversation,
    *,
    then: str | None = None,
) -> TextReply:
    """The question, with the homonyms ranked, and the pending call the answer completes."""
    language = conversation.language
    lines = [
        md(
            "offline.stages.homonym_line",
            language,
            rank=rank,
            name=company.name,
            city=company.city_label or company.city or "?",
            siren=company.siren,
        )
        for rank, company in enumerate(named[:SHOWN], start=1)
    ]
    pending = {
        "kind": "pick",
        "call": call,
        "choices": [
            {"siren": c.siren, "city": c.city_label or c.city or ""} for c in named[:SHOWN]
        ],
        "then": then,
    }
    question = md("offline.stages.which_homonym", language, name=named[0].name, count=len(named))
    return TextReply(
        question + "\n\n" + "\n".join(f"- {line}" for line in lines), memo={"pending": pending}
    )

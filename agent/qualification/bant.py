"""A lead's BANT as it stands, and what one message adds to it.

The latest answer of each criterion is its state (`store.repositories.bant`). What an interview
needs follows from it:
- `missing`: the criteria not confirmed yet (no answer, or one still to confirm), in BANT order;
- `negative`: the criteria known to be against (no budget, no need…);
- `complete`: all four confirmed — the lead may become an SQL;
- `asking`: the next question, one at a time: a criterion nobody spoke of yet first, then one
  still to confirm that this message did not just answer (a rep who says "on ne sait pas" is
  not asked the same thing again straight away).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.qualification.facts import BantFacts, BantStatus, Criterion
from store.models import BantAnswer

CRITERIA: tuple[Criterion, ...] = tuple(Criterion)
MAX_NOTE = 300


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an answer comes from: who said it, through what, in which conversation and message."""

    said_by: str
    source: str = "chat"
    thread_id: str | None = None
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class LeadBant:
    """A lead's latest answer per criterion."""

    answers: Mapping[Criterion, BantAnswer]

    @classmethod
    def of(cls, answers: Mapping[str, BantAnswer]) -> LeadBant:
        """From the repository's answers by criterion name."""
        return cls({Criterion(name): answer for name, answer in answers.items()})

    def status(self, criterion: Criterion) -> BantStatus | None:
        """The criterion's status; None when nothing was said about it."""
        answer = self.answers.get(criterion)
        return BantStatus(answer.status) if answer is not None else None

    @property
    def missing(self) -> list[Criterion]:
        """The criteria not confirmed yet (no answer, or still to confirm), in order."""
        return [c for c in CRITERIA if self.status(c) in (None, BantStatus.unknown)]

    @property
    def negative(self) -> list[Criterion]:
        """The criteria known to be against."""
        return [c for c in CRITERIA if self.status(c) == BantStatus.negative]

    @property
    def complete(self) -> bool:
        """Whether all four are confirmed."""
        return all(self.status(c) == BantStatus.confirmed for c in CRITERIA)

    def asking(self, just_answered: Sequence[Criterion] = ()) -> Criterion | None:
        """The next criterion to ask about (see the module docstring)."""
        for criterion in CRITERIA:
            if self.status(criterion) is None:
                return criterion
        for criterion in self.missing:
            if criterion not in just_answered:
                return criterion
        return None


def answers_from(
    facts: BantFacts, *, lead_id: int, text: str, origin: Origin, at: datetime
) -> list[BantAnswer]:
    """The answers to record for what `facts` says, one per criterion mentioned."""
    words = " ".join(text.split())[:MAX_NOTE] or None
    rows = []
    for criterion in facts.mentioned():
        fact = getattr(facts, criterion.value)
        value: dict[str, Any] = fact.model_dump(mode="json", exclude={"status", "note"},
                                                exclude_none=True)  # fmt: skip
        rows.append(
            BantAnswer(
                lead_id=lead_id,
                criterion=criterion.value,
                status=fact.status.value,
                value=value,
                note=fact.note or words,
                said_by=origin.said_by,
                source=origin.source,
                thread_id=origin.thread_id,
                message_id=origin.message_id,
                recorded_at=at,
            )
        )
    return rows

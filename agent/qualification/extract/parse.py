"""The offline reading of a rep's message: which pieces speak of which criterion, each
criterion read from its own pieces, and the answer to the question just asked.

A piece names the criteria it has cues for (money or a budget word, a role or words of
decision, a date, a pain). A piece without cues continues the one before it ("40 k€, validé
par le DAF"), or introduces the next one ("Marie Dupont, la DAF"). A criterion's note is the
rep's words about it.

`asked` is the criterion the interview just asked about. A short answer applies to it: a
figure alone is the budget ("40k"), a name the authority ("Marie Dupont"), a month the timing
("juin"), any text without another cue the need; "je ne sais pas" leaves it unknown, "non,
aucun" makes it negative (a "non" to a BANT question is about the lead, not a reply to a
proposal). Without facts, a bare yes or no is the `answer`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from agent.qualification.extract.amounts import find_money, mentions_budget, read_budget
from agent.qualification.extract.answers import asked_status, bare_answer
from agent.qualification.extract.need import mentions_need, read_need
from agent.qualification.extract.roles import (
    approver_role,
    mentions_authority,
    read_authority,
    role_spans,
)
from agent.qualification.extract.text import Span, joined, pieces, trim
from agent.qualification.extract.timing import find_timing, mentions_timing, timing_spans
from agent.qualification.facts import (
    MAX_TEXT,
    Authority,
    BantFacts,
    Budget,
    Criterion,
    Need,
    Timing,
)

# A fiscal year: said with a budget, it is when the money comes, not when the project is due
_FISCAL_YEAR = re.compile(
    r"\b(?:exercices?(?:\s+(?:fiscal|comptable|budgetaire))?|fiscal\s+year|fy\s?\d{0,4}"
    r"|annee\s+(?:fiscale|budgetaire)|budget(?:ary)?\s+(?:year|cycle))\b"
)
_FACTS: dict[Criterion, type[Budget | Authority | Need | Timing]] = {
    Criterion.budget: Budget,
    Criterion.authority: Authority,
    Criterion.need: Need,
    Criterion.timing: Timing,
}


def extract_bant(text: str, *, today: date, asked: Criterion | None = None) -> BantFacts:
    """What `text` says about BANT, read without a model; dates are resolved against `today`,
    and a short answer applies to `asked`, the criterion just asked about."""
    if not trim(text):
        return BantFacts()
    facts = _read(text, today=today, asked=asked)
    if facts.mentioned():
        return facts
    if asked is not None:
        status = asked_status(text)
        if status is not None:
            fact = _FACTS[asked](status=status, note=trim(text)[:MAX_TEXT])
            return BantFacts.model_validate({asked.value: fact})
        if asked == Criterion.need and bare_answer(text) is None:
            return BantFacts(need=read_need(Span(text), others=[], answering=True))
    return BantFacts(answer=bare_answer(text))


def _read(text: str, *, today: date, asked: Criterion | None) -> BantFacts:
    runs = _runs(text, today=today, asked=asked)
    found: dict[str, Budget | Authority | Need | Timing] = {}
    for criterion, span in runs.items():
        answering = criterion == asked
        match criterion:
            case Criterion.budget:
                found["budget"] = read_budget(span, answering=answering)
            case Criterion.authority:
                referent = approver_role(Span(text))
                found["authority"] = read_authority(span, answering=answering, referent=referent)
            case Criterion.timing:
                timing = find_timing(span, today=today, bare=answering)
                if timing is not None:
                    found["timing"] = timing
            case Criterion.need:
                others = _anchors(span, today=today, asked=asked)
                found["need"] = read_need(span, others=others, answering=answering)
    return BantFacts.model_validate(found)


def _runs(text: str, *, today: date, asked: Criterion | None) -> dict[Criterion, Span]:
    """Each criterion's pieces, as one text: contiguous pieces as written, others joined."""
    taken: dict[Criterion, list[tuple[int, int]]] = defaultdict(list)
    of_budget = asked == Criterion.budget or mentions_budget(Span(text).folded, answering=False)
    for sentence in pieces(text):
        current: set[Criterion] = set()
        waiting: list[tuple[int, int]] = []
        for start, end in sentence:
            cues = _cues(Span(text[start:end]), today=today, asked=asked)
            if (
                of_budget
                and Criterion.timing in cues
                and _FISCAL_YEAR.search(Span(text[start:end]).folded)
            ):  # "ils attendent le prochain exercice": when the budget comes, not a deadline
                cues = (cues - {Criterion.timing}) | {Criterion.budget}
            if cues:
                current, waiting = cues, [*waiting, (start, end)]
            elif current:
                waiting = [(start, end)]
            else:
                waiting.append((start, end))
                continue
            for criterion in current:
                taken[criterion].extend(waiting)
            waiting = []
    return {
        criterion: Span(joined(text, taken[criterion]))
        for criterion in Criterion
        if taken[criterion]
    }


def _cues(span: Span, *, today: date, asked: Criterion | None) -> set[Criterion]:
    found = set()
    if mentions_budget(span.folded, answering=asked == Criterion.budget):
        found.add(Criterion.budget)
    if mentions_authority(span, answering=asked == Criterion.authority):
        found.add(Criterion.authority)
    if mentions_timing(span, today=today, answering=asked == Criterion.timing):
        found.add(Criterion.timing)
    if mentions_need(span.folded, alone=not found):
        found.add(Criterion.need)
    return found


def _anchors(span: Span, *, today: date, asked: Criterion | None) -> list[tuple[int, int]]:
    """Where the other criteria are written in `span`: a pain stops there."""
    money = find_money(span.folded, bare=asked == Criterion.budget)
    spans = [(money.start, money.end)] if money else []
    return spans + role_spans(span.folded) + timing_spans(span, today=today)

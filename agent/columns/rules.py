"""The built-in columns answered by rules, with no language model: from the lead's signals,
intent score, engagement and stage (buying maturity), its activity against the list's main
sectors (sector fit), its size and state (offer fit), and its people (decision-maker).

Each rule says "no information" when the store holds nothing it could read, rather than 0.
Cells it fills are marked with the model "rules".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.columns.facts import LeadFacts
from agent.columns.fill import Fill
from agent.i18n import Language, t

MODEL = "rules"
SIGNAL_POINTS = {
    "fundraising": 3,
    "hiring": 2,
    "growth": 2,
    "new_site": 2,
    "leadership_change": 1,
    "job_change": 1,
    "news": 1,
}
EVENT_POINTS = {
    "demo_request": 4,
    "webinar": 2,
    "download": 2,
    "email_click": 1,
    "page_view": 1,
    "email_open": 0,
}
STAGE_POINTS = {"mql": 1, "sql": 2, "won": 2}
SIZE_POINTS = {
    "NN": 1,
    "00": 1,
    "01": 3,
    "02": 3,
    "03": 4,
    "11": 7,
    "12": 8,
    "21": 9,
    "22": 9,
    "31": 9,
    "32": 8,
    "41": 6,
    "42": 6,
    "51": 4,
    "52": 4,
    "53": 3,
}
SENIOR = {"c_level", "director"}
DECIDER = re.compile(
    r"\b(?:directeur|directrice|director|head|chief|vp|vice[- ]pr[ée]sident|pr[ée]sident\w*"
    r"|g[ée]rant\w*|fondat\w*|founder|ceo|cfo|cto|cio|coo|cmo|dg|daf|dsi|drh|daf)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ListContext:
    """What the rules need of the whole list: its NAF codes, most common first."""

    sectors: Sequence[str] = ()


def evaluate(key: str, facts: LeadFacts, context: ListContext, language: Language) -> Fill:
    """The built-in column `key` for this lead, by rule."""
    match key:
        case "buying_maturity":
            return _maturity(facts, language)
        case "sector_fit":
            return _sector(facts, context, language)
        case "offer_fit":
            return _offer(facts, language)
        case "decision_maker":
            return _decider(facts, language)
    raise ValueError(f"no rule for the built-in column {key!r}")


def _maturity(facts: LeadFacts, language: Language) -> Fill:
    extra = facts.extra
    kinds: list[str] = extra["signal_kinds"]
    events: dict[str, int] = extra["events"]
    intent = extra["intent_score"]
    points = sum(SIGNAL_POINTS.get(kind, 0) for kind in kinds)
    points += sum(EVENT_POINTS.get(kind, 0) for kind in events)
    points += STAGE_POINTS.get(extra["stage"], 0) - 3 * extra["negative_signals"]
    if intent is not None:
        points += 3 if intent > 50 else 2 if intent > 20 else 1 if intent > 0 else 0
    evidence = len(kinds) + len(events) + (intent is not None) + (extra["stage"] in STAGE_POINTS)
    if not evidence and not extra["negative_signals"]:
        return Fill("no_info", rationale=t("columns.rule.maturity_none", language), confidence=0.0)
    score = max(0, min(10, points))
    rationale = t(
        "columns.rule.maturity",
        language,
        signals=len(kinds),
        events=sum(events.values()),
        intent=intent if intent is not None else "—",
    )
    return Fill(
        "filled", value=score, rationale=rationale, confidence=min(0.9, 0.4 + 0.1 * evidence)
    )


def _sector(facts: LeadFacts, context: ListContext, language: Language) -> Fill:
    code = facts.values["naf_code"]
    if not code or not context.sectors:
        return Fill("no_info", rationale=t("columns.rule.sector_none", language), confidence=0.0)
    top, division = context.sectors[0], code[:2]
    if code == top:
        score, case = 10, "same"
    elif division in {other[:2] for other in context.sectors[:3]}:
        score, case = 7, "division"
    elif code[:1] == top[:1]:
        score, case = 4, "near"
    else:
        score, case = 1, "other"
    rationale = t(f"columns.rule.sector_{case}", language, code=code, top=top)
    return Fill("filled", value=score, rationale=rationale, confidence=0.7)


def _offer(facts: LeadFacts, language: Language) -> Fill:
    band = facts.extra["headcount_band"]
    if band not in SIZE_POINTS:
        return Fill("no_info", rationale=t("columns.rule.offer_none", language), confidence=0.0)
    if not facts.extra["active"]:
        return Fill(
            "filled", value=0, rationale=t("columns.rule.offer_closed", language), confidence=0.9
        )
    score = min(10, SIZE_POINTS[band] + (1 if facts.values["website"] else 0))
    rationale = t(
        "columns.rule.offer",
        language,
        headcount=facts.values["headcount"] or band,
        website=t("columns.rule.website", language) if facts.values["website"] else "",
    )
    return Fill("filled", value=score, rationale=rationale, confidence=0.6)


def _decider(facts: LeadFacts, language: Language) -> Fill:
    titles: list[str] = facts.extra["titles"]
    seniorities: list[str] = facts.extra["seniorities"]
    if not titles and not seniorities:
        return Fill("no_info", rationale=t("columns.rule.decider_none", language), confidence=0.0)
    found = next((title for title in titles if DECIDER.search(title)), None)
    if found or SENIOR & set(seniorities):
        rationale = t("columns.rule.decider_yes", language, title=found or "—")
        return Fill("filled", value=True, rationale=rationale, confidence=0.8)
    rationale = t("columns.rule.decider_no", language, count=len(titles) or len(seniorities))
    return Fill("filled", value=False, rationale=rationale, confidence=0.6)

"""The lead score: its three parts mixed, stored with their reasons, and the MQL rule.

Stored in `lead.scores` as
`{"fit": {"score": n, "reasons": [...]}, "engagement": {...}, "intent": {...}, "computed_at": iso}`
and the mix in `lead.score`; `computed_at` is when they were computed as they are (a lead
whose scores come out the same is not written again). Intent is the company's intent score (`agent.signals.scores`,
-100..100) kept within 0..100 here: a company whose signals say it is closing scores 0, and
its reasons say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.qualification.icp import Icp
from agent.qualification.parts import Part, Reason, bounded
from agent.signals.scores import Intent

PARTS = ("fit", "engagement", "intent")


@dataclass(frozen=True, slots=True)
class LeadScore:
    """A lead's parts and their mix."""

    fit: Part
    engagement: Part
    intent: Part
    score: int

    def stored(self, at: datetime) -> dict[str, Any]:
        """The `lead.scores` document."""
        return {
            "fit": self.fit.as_dict(),
            "engagement": self.engagement.as_dict(),
            "intent": self.intent.as_dict(),
            "computed_at": at.isoformat(timespec="seconds"),
        }

    def same_as(self, stored: Any) -> bool:
        """Whether `stored` (a `lead.scores` document) says the same, whenever computed."""
        if not isinstance(stored, dict):
            return False
        return all(stored.get(name) == getattr(self, name).as_dict() for name in PARTS)


def intent_part(intent: Intent | None) -> Part:
    """A company's intent as a part (0 and no reason without signals)."""
    if intent is None:
        return Part(0)
    reasons = tuple(
        Reason("signal", str(reason.get("title") or reason.get("kind") or ""), reason["points"])
        for reason in intent.reasons
    )
    return Part(bounded(intent.score), reasons)


def mix(fit: Part, engagement: Part, intent: Part, icp: Icp) -> LeadScore:
    """The parts' weighted mean, with the profile's weights."""
    weights = icp.mix
    total = weights.fit + weights.engagement + weights.intent
    mean = (
        weights.fit * fit.score
        + weights.engagement * engagement.score
        + weights.intent * intent.score
    ) / total
    return LeadScore(fit, engagement, intent, bounded(mean))


def ready_for_mql(score: LeadScore, icp: Icp) -> bool:
    """A new lead's scores say it is an MQL: fit, and engagement or intent, at their thresholds."""
    wanted = icp.mql
    return score.fit.score >= wanted.fit and (
        score.engagement.score >= wanted.engagement or score.intent.score >= wanted.intent
    )

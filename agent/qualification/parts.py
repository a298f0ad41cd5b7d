"""A part of the lead score (fit, engagement, intent): a number from 0 to 100 and the reasons
that made it, each a short code, the value it is about and the points it gave.

Reasons are stored as data (`{"code": "sector", "value": "62.02A", "points": 35}`) and worded
for people by the catalogue (`agent.qualification.reasons`), in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Reason:
    """One thing that counted: what (`code`), about what (`value`), for how many points."""

    code: str
    value: str
    points: float

    def as_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {"code": self.code, "value": self.value, "points": self.points}


@dataclass(frozen=True, slots=True)
class Part:
    """A score from 0 to 100 and its reasons, the weightiest first."""

    score: int
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The stored form, `{"score": n, "reasons": [...]}`."""
        return {"score": self.score, "reasons": [reason.as_dict() for reason in self.reasons]}


def bounded(value: float) -> int:
    """`value` rounded and kept within 0..100."""
    return max(0, min(100, round(value)))


def by_weight(reasons: list[Reason]) -> tuple[Reason, ...]:
    """The reasons, the weightiest (in absolute points) first; equal ones by code."""
    return tuple(sorted(reasons, key=lambda reason: (-abs(reason.points), reason.code)))

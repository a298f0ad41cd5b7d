"""What a rep's message says about a lead's Budget, Authority, Need and Timing.

One model for both extractors: the offline parser (`agent.qualification.extract`) and an LLM's
structured output fill the same `BantFacts`, validated here. A criterion left at None was not
mentioned; one that is mentioned has a status:

- `confirmed`: known and in favour (a validated budget, the decision-maker, a real pain, a date);
- `negative`: known and against (no budget, nobody can sign, no need, no project in sight);
- `unknown`: spoken of but not settled ("le budget n'est pas encore validé", "le DG doit voir").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Criterion(StrEnum):
    """The four BANT criteria, in the order an interview asks them."""

    budget = "budget"
    authority = "authority"
    need = "need"
    timing = "timing"


class BantStatus(StrEnum):
    """Where a criterion stands."""

    confirmed = "confirmed"
    unknown = "unknown"
    negative = "negative"


Currency = Literal["EUR", "USD", "GBP", "CHF"]
MAX_TEXT = 300


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: BantStatus = BantStatus.unknown
    note: str | None = Field(None, max_length=MAX_TEXT, description="the rep's words about it")


class Budget(_Fact):
    """Money set aside for the purchase."""

    amount: Decimal | None = Field(None, ge=0, description="the amount, in `currency` units")
    currency: Currency | None = None
    approved_by: str | None = Field(None, max_length=120, description="who approved it (role)")

    @model_validator(mode="after")
    def _currency_with_amount(self) -> Budget:
        if self.amount is not None and self.currency is None:
            self.currency = "EUR"
        return self


class Authority(_Fact):
    """Who decides or signs."""

    person: str | None = Field(None, max_length=120)
    role: str | None = Field(None, max_length=120, description="DAF, DSI, CEO…")


class Need(_Fact):
    """The pain the purchase answers."""

    pain: str | None = Field(None, max_length=MAX_TEXT)


class Timing(_Fact):
    """When they mean to decide or buy: a date or a window."""

    start: date | None = None
    end: date | None = Field(None, description="the deadline, or the window's last day")
    label: str | None = Field(None, max_length=80, description="'avant juin 2025', 'T2 2025'…")

    @model_validator(mode="after")
    def _ordered(self) -> Timing:
        if self.start and self.end and self.start > self.end:
            self.start, self.end = self.end, self.start
        return self


class BantFacts(BaseModel):
    """What one message says; a criterion left at None was not mentioned."""

    model_config = ConfigDict(extra="forbid")

    budget: Budget | None = None
    authority: Authority | None = None
    need: Need | None = None
    timing: Timing | None = None
    answer: bool | None = Field(
        None, description="a bare yes (True) or no (False), e.g. to 'shall I move it to SQL?'"
    )

    def mentioned(self) -> list[Criterion]:
        """The criteria the message speaks of, in BANT order."""
        return [criterion for criterion in Criterion if getattr(self, criterion.value) is not None]

    @property
    def empty(self) -> bool:
        """Whether the message says nothing about BANT (nor yes or no)."""
        return not self.mentioned() and self.answer is None

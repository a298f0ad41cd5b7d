"""What `opt_out` hands to UIs: the entry put on the suppression list, or the list itself."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class OptOutArtifact(BaseModel):
    """An email, a domain or a company (SIREN) on the suppression list."""

    kind: Literal["opt_out"] = "opt_out"
    entry: str = "email"  # email | domain | siren
    value: str
    name: str | None = None  # the person's or the company's name, when the rep named one
    added: bool = True  # False: it was on the list already
    contacts: int = 0  # contacts newly marked opted out
    reason: str | None = None


class SuppressionItem(BaseModel):
    """One entry of the suppression list: what it blocks, why, who added it and when."""

    entry: str  # email | domain | siren
    value: str
    reason: str | None = None
    added_by: str
    added_at: datetime


class SuppressionListArtifact(BaseModel):
    """The suppression list, the latest entries first."""

    kind: Literal["suppression_list"] = "suppression_list"
    total: int = 0
    entries: list[SuppressionItem] = Field(default_factory=list)

"""What `opt_out` hands to UIs: the entry put on the suppression list."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class OptOutArtifact(BaseModel):
    """An email, a domain or a company (SIREN) on the suppression list."""

    kind: Literal["opt_out"] = "opt_out"
    entry: str = "email"  # email | domain | siren
    value: str
    name: str | None = None  # the person's or the company's name, when the rep named one
    added: bool = True  # False: it was on the list already
    contacts: int = 0  # contacts newly marked opted out
    reason: str | None = None

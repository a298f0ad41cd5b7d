"""The ideal customer profile: a TOML file the team edits (the default ships next to this
module, `FILON_ICP` names another), read into a typed `Icp` or refused in one line."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from agent.toml_files import changed_at, read_toml
from store.models import EngagementKind

DEFAULT_FILE = Path(__file__).with_name("icp.toml")

NafPrefix = Annotated[str, StringConstraints(pattern=r"^\d{2}(\.\d{1,2}[A-Z]?)?$")]
Department = Annotated[str, StringConstraints(pattern=r"^(\d{2}|2A|2B|97\d)$")]
Region = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
Category = Literal["PME", "ETI", "GE"]
Score = Annotated[float, Field(ge=0, le=100)]


_KEYS_EXPECTED = {
    "sectors": "a NAF prefix (62, 62.0, 62.02A)",
    "departments": "a department code (69, 2A, 974)",
    "regions": "an INSEE region code (84, 11)",
}


class IcpUnusable(ValueError):
    """The ICP file cannot be used; the message says what to change, in one line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeadcountRange(_Strict):
    """People from `min` to `max` (None: no upper bound) → points."""

    min: int = Field(ge=0)
    max: int | None = Field(None, ge=0)
    points: float

    @model_validator(mode="after")
    def _ordered(self) -> HeadcountRange:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class AgeRange(_Strict):
    """Years since creation from `min_years` (included) to `max_years` (excluded) → points."""

    min_years: float = Field(ge=0)
    max_years: float | None = Field(None, gt=0)
    points: float

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.max_years is not None and self.max_years <= self.min_years:
            raise ValueError(f"max_years ({self.max_years}) is not above min_years")
        return self


class Mix(_Strict):
    """How much each part weighs in the lead score."""

    fit: float = Field(0.5, ge=0)
    engagement: float = Field(0.3, ge=0)
    intent: float = Field(0.2, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> Mix:
        if self.fit + self.engagement + self.intent <= 0:
            raise ValueError("at least one weight must be above 0")
        return self


class MqlThresholds(_Strict):
    """A new lead becomes an MQL at `fit` and (`engagement` or `intent`)."""

    fit: Score = 60
    engagement: Score = 40
    intent: Score = 40


class EngagementRules(_Strict):
    """Points per kind of event, the pricing page's, and where the sum saturates."""

    weights: dict[EngagementKind, float] = Field(default_factory=dict)
    pricing_page: float = 12
    pricing_words: tuple[str, ...] = ("pricing", "tarifs")
    half_score_points: float = Field(30, gt=0)


class Icp(_Strict):
    """The ideal customer profile and the rules of the lead score."""

    sectors: dict[NafPrefix, float] = Field(default_factory=dict)
    headcount: tuple[HeadcountRange, ...] = ()
    departments: dict[Department, float] = Field(default_factory=dict)
    regions: dict[Region, float] = Field(default_factory=dict)
    categories: dict[Category, float] = Field(default_factory=dict)
    age: tuple[AgeRange, ...] = ()
    mix: Mix = Field(default_factory=Mix)
    mql: MqlThresholds = Field(default_factory=MqlThresholds)
    engagement: EngagementRules = Field(default_factory=EngagementRules)
    ai_columns: dict[str, float] = Field(
        default_factory=dict,
        description="an AI column's name → the fit points of a full answer (10/10, or true)",
    )

    @property
    def fingerprint(self) -> str:
        """A short digest of the profile, kept with the scores it gave."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]


def load_icp(path: Path | None = None) -> Icp:
    """The profile in `path` (the default file when None); `IcpUnusable` says what is wrong."""
    path = path or DEFAULT_FILE
    return _load(path, changed_at(path, IcpUnusable))


@cache
def _load(path: Path, changed: int) -> Icp:  # `changed`: a new key once edited
    data = read_toml(path, IcpUnusable)
    try:
        return Icp.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"] if part != "[key]")
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "string_pattern_mismatch":
            message = f"not {_KEYS_EXPECTED.get(str(first['loc'][0]), 'a valid key')}"
        raise IcpUnusable(f"{path}: {where}: {message}") from error

"""The intent weights: a TOML file the team edits (the default ships next to this module)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.toml_files import changed_at, read_toml
from store.models import SignalKind

DEFAULT_FILE = Path(__file__).with_name("intent_weights.toml")


class WeightsUnusable(ValueError):
    """The weights file cannot be used; the message says what to change."""


class IntentWeights(BaseModel):
    """Points per kind of signal and how fast they fade."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    half_life_days: float = Field(90, gt=0)
    max_age_days: int = Field(365, gt=0)
    weights: dict[SignalKind, float] = Field(default_factory=dict)
    half_life_days_by_kind: dict[SignalKind, float] = Field(default_factory=dict)

    @field_validator("half_life_days_by_kind")
    @classmethod
    def _positive(cls, values: dict[SignalKind, float]) -> dict[SignalKind, float]:
        for kind, days in values.items():
            if days <= 0:
                raise ValueError(f"half_life_days_by_kind.{kind} must be above 0")
        return values

    def weight(self, kind: str) -> float:
        """The points of a fresh, full-strength signal of this kind (0 for an unknown kind)."""
        return self.weights.get(kind, 0.0)  # type: ignore[call-overload]

    def half_life(self, kind: str) -> float:
        """The days over which this kind's points halve."""
        return self.half_life_days_by_kind.get(kind, self.half_life_days)  # type: ignore[call-overload]

    @property
    def fingerprint(self) -> str:
        """A short digest of the weights: a score computed with others is computed again."""
        text = self.model_dump_json()
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def load_weights(path: Path | None = None) -> IntentWeights:
    """The weights in `path` (the default file when None); `WeightsUnusable` says what is wrong."""
    path = path or DEFAULT_FILE
    return _load(path, changed_at(path, WeightsUnusable))


@cache
def _load(path: Path, changed: int) -> IntentWeights:  # `changed`: a new key once edited
    data = read_toml(path, WeightsUnusable)
    try:
        return IntentWeights.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        kinds = ", ".join(kind.value for kind in SignalKind)
        hint = f" (kinds: {kinds})" if first["type"] == "enum" else ""
        raise WeightsUnusable(f"{path}: {where}: {first['msg']}{hint}") from error

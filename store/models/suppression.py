"""The suppression list (RGPD opt-out): people, domains and companies never to be contacted."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class SuppressionKind(StrEnum):
    """What an entry blocks: one address, every address of a domain, or a whole company."""

    email = "email"
    domain = "domain"
    siren = "siren"


class Suppression(SQLModel, table=True):
    """The `suppression` table: one entry per (kind, value), values normalised (lower case,
    a SIREN's nine digits)."""

    __table_args__ = (UniqueConstraint("kind", "value", name="uq_suppression_kind_value"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: SuppressionKind
    value: str = Field(index=True)
    reason: str | None = None
    added_by: str
    added_at: datetime = Field(default_factory=utcnow)

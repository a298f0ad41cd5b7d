"""Lead lists (a sheet of leads) and leads: a company, optionally a contact, in a list; and
the record of every stage change made to a lead (who, when, from what to what, and why).

An owner has at most one list of a given name, whatever its case or spacing ("Élan" and "élan"
are one list; "Elan" is another): the database enforces it with a unique index on the owner and
`name_key`, the name folded in Python (`list_name_key`), since SQLite's `lower()` only knows ASCII.
"""

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint, text
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class LeadStage(StrEnum):
    """Where a lead stands in the funnel, in order."""

    new = "new"
    mql = "mql"
    sql = "sql"
    won = "won"
    lost = "lost"
    disqualified = "disqualified"


def list_name_key(name: str) -> str:
    """What makes two list names the same list: case and spacing ignored, accents kept."""
    return " ".join(unicodedata.normalize("NFKC", name.casefold()).split())


def _name_key_default(context: DefaultExecutionContext) -> str:
    """`name_key` for an insert that leaves it out (the ORM, the demo seed): from the name."""
    return list_name_key(context.get_current_parameters()["name"])


class LeadList(SQLModel, table=True):
    """The `leadlist` table."""

    # A list without an owner counts as the owner "" (NULLs would never collide in the index).
    __table_args__ = (
        Index("uq_leadlist_owner_name_key", text("coalesce(owner, '')"), "name_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    name_key: str = Field(
        default=None, sa_column=Column(String, nullable=False, default=_name_key_default)
    )
    owner: str | None = Field(default=None, index=True)
    description: str | None = None
    source: str = Field(default="manual", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Lead(SQLModel, table=True):
    """The `lead` table: one company (and optionally one contact) in one list."""

    __table_args__ = (UniqueConstraint("list_id", "company_siren", name="uq_lead_list_company"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="leadlist.id", index=True)
    company_siren: str = Field(foreign_key="company.siren", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    owner: str | None = Field(default=None, index=True)
    stage: LeadStage = Field(default=LeadStage.new, index=True)
    score: int | None = Field(default=None, ge=0, le=100)
    scores: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    bant_budget: str | None = None
    bant_authority: str | None = None
    bant_need: str | None = None
    bant_timing: str | None = None
    source: str = Field(default="manual", index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    mql_at: datetime | None = None
    sql_at: datetime | None = Field(default=None, index=True)
    closed_at: datetime | None = None
    # Whose result a closed lead is when someone else owns it now: its owner when it was won,
    # lost or disqualified, kept as its list changes hands (`agent.leads.assign`); cleared by
    # its next stage change. The per-rep figures count won and lost leads for this person.
    closed_owner: str | None = None


class LeadStageChange(SQLModel, table=True):
    """The `leadstagechange` table: one stage change of one lead, as it was made.

    Deleting a lead deletes its changes (`store.repositories.lead_lists.delete_list`): the
    history belongs to the lead.
    """

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    from_stage: LeadStage
    to_stage: LeadStage
    changed_by: str
    reason: str | None = None
    changed_at: datetime = Field(default_factory=utcnow, index=True)

"""A person at a company, with where each personal field came from (RGPD)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class EmailStatus(StrEnum):
    """How much an email address can be trusted."""

    verified = "verified"
    catch_all = "catch_all"
    guessed = "guessed"
    invalid = "invalid"
    unknown = "unknown"


class Contact(SQLModel, table=True):
    """The `contact` table."""

    __table_args__ = (
        Index(
            "uq_contact_company_person",
            "company_siren",
            "person_key",
            unique=True,
            sqlite_where=text("person_key IS NOT NULL"),
            postgresql_where=text("person_key IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_siren: str = Field(foreign_key="company.siren", index=True)
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    function: str | None = Field(default=None, description="sales, marketing, it, finance, …")
    seniority: str | None = Field(default=None, description="c_level, director, manager, staff")
    email: str | None = Field(default=None, index=True)
    email_status: EmailStatus = EmailStatus.unknown
    phone: str | None = None
    linkedin_url: str | None = None
    field_sources: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description="field name -> {source, at}",
    )
    opted_out: bool = False
    last_contacted_on: date | None = None
    source: str = Field(default="manual", index=True)
    # What makes this person the same person at the company ("email:…", else "name:…"): unique
    # per company when set, so an import or a provider never writes someone twice.
    person_key: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def full_name(self) -> str:
        """First and last name, as one would write them."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

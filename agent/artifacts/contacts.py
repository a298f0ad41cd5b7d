"""What `find_decision_makers` hands to UIs: the people holding the roles asked for, company by
company, each email with its status and where and when it was found."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agent.artifacts.company import ContactItem


class CompanyContacts(BaseModel):
    """One company and the people shown there (most senior first)."""

    siren: str
    name: str
    contacts: list[ContactItem] = Field(default_factory=list)
    known: int = 0  # people known at the company, whatever their role
    hidden: int = 0  # people known there on the suppression list (never shown)
    suppressed: bool = False  # on the suppression list: no one there is shown


class ContactsArtifact(BaseModel):
    """The decision-makers of a company, of several, or of a lead list's companies."""

    kind: Literal["contacts"] = "contacts"
    roles: list[str] = Field(default_factory=list)  # role keys asked for; empty: everyone
    list_name: str | None = None
    companies: list[CompanyContacts] = Field(default_factory=list)
    asked: int = 0  # companies asked about (a list's leads may be more than those looked at)
    # Narrowed to the people with an email ("any") or a verified one; None: everyone found
    email: Literal["any", "verified"] | None = None
    looked: int = 0  # companies whose people were looked at, before narrowing by email

    @property
    def people(self) -> int:
        """How many people are shown in all."""
        return sum(len(company.contacts) for company in self.companies)

    @property
    def with_email(self) -> int:
        """How many of them have an email address."""
        return sum(1 for c in self.companies for p in c.contacts if p.email)

"""What a CRM adapter is given to write: one lead, mapped to the CRM's own property names.

The mapping (`agent/crm/mapping.py`, from the team's settings file) has already chosen the
properties and their values; an adapter only speaks its vendor's protocol. Every value is
untrusted text from the store (names, notes, vendor answers): an adapter sends it as data in
JSON, never pastes it into a query, a formula or HTML without escaping it.

Each object has a unique key, so that writing it again finds what was written before:
- the company: the SIREN, in the property `company.key_property` (HubSpot: a unique custom
  property; Pipedrive: a custom field, or the exact name when none is configured);
- the contact: the email address (a contact without one is not sent);
- the deal: `deal.key`, stable for one Filon lead (`filon-lead-<id>`), in `deal.key_property`;
- the note: `note.key`, written into the note's text so an earlier note can be recognised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CrmName = Literal["hubspot", "pipedrive", "salesforce", "csv"]
CRMS: tuple[CrmName, ...] = ("hubspot", "pipedrive", "salesforce", "csv")

# The objects of one lead, in the order they are written.
Step = Literal["company", "contact", "deal", "note"]
STEPS: tuple[Step, ...] = ("company", "contact", "deal", "note")


@dataclass(frozen=True, slots=True)
class CrmCompany:
    """The company: its SIREN (the unique key), the property holding it (empty: none), and the
    mapped properties (the key property not among them)."""

    siren: str
    name: str
    key_property: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CrmContact:
    """The person to talk to: the email (the unique key) and the mapped properties, the email
    property among them."""

    email: str
    first_name: str | None
    last_name: str | None
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CrmDeal:
    """The deal (opportunity, or Salesforce lead): `key` is stable for one Filon lead and held
    by `key_property`; `properties` are the mapped ones (title, stage, amount, close date,
    owner and the mapping's fixed values), the key property not among them."""

    key: str
    title: str
    key_property: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CrmNote:
    """The note: plain text (BANT, scores, AI columns, signals), its first line carrying `key`.
    An adapter whose CRM renders HTML escapes it first."""

    key: str
    body: str


@dataclass(frozen=True, slots=True)
class CrmRecord:
    """One lead as one CRM is to receive it. `contact` is None when the lead has no contact
    with an email, or when its contact is suppressed (opted out): then no person is sent."""

    lead_id: int
    company: CrmCompany
    contact: CrmContact | None
    deal: CrmDeal
    note: CrmNote


@dataclass(slots=True)
class CrmIds:
    """The CRM's ids of a lead's objects, as far as Filon knows them.

    Filled from the outbox row (what earlier attempts stored) and after each step of this
    attempt. `in_doubt` is True when an earlier attempt may have written something whose id
    never reached the store (it crashed, timed out or lost its lease after sending): then an
    adapter that would *create* an object first looks it up by its unique key.
    """

    company: str | None = None
    contact: str | None = None
    deal: str | None = None
    note: str | None = None
    in_doubt: bool = False

    def get(self, step: Step) -> str | None:
        """The id stored for `step`."""
        value: str | None = getattr(self, step)
        return value

    def as_dict(self) -> dict[str, str]:
        """The known ids, for the outbox row's JSON."""
        return {step: value for step in STEPS if (value := self.get(step)) is not None}

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None, *, in_doubt: bool = False) -> CrmIds:
        """Ids read back from the outbox row."""
        known = {step: str(values[step]) for step in STEPS if values and values.get(step)}
        return cls(**known, in_doubt=in_doubt)


@dataclass(frozen=True, slots=True)
class Written:
    """What one step wrote: the CRM's id of the object, and whether it was created (False:
    an existing one was found and updated)."""

    id: str
    created: bool

"""What the sync asks of a CRM adapter.

    class CrmClient(Protocol):
        name: CrmName
        async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None: ...
        async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None: ...
        async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written | None: ...
        async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written | None: ...
        async def aclose(self) -> None: ...

The sync calls the four steps in that order for one lead, storing each returned id before the
next step (`ids` then holds it: the contact step sees the company's id, the deal both).
Each step is an upsert: with its id in `ids` it updates that object; without, it finds the
object by its unique key (see `records`) or creates it, and a step repeated after a crash
never creates a second object. A step returns None when the CRM has no such object or when
there is nothing to write (no contact; Salesforce writes one Lead for company, person and
deal); then no id is stored for it.

An object the CRM says no longer exists (404 on an id Filon stored) is found again or created.
Failures are `agent.http` errors: `ApiUnavailable` and `ApiRateLimited` are tried again later,
`ApiRejected` (a 4xx with the vendor's message) sends the row to the dead letters.
`CrmNotConfigured` is raised by the factory when the CRM's keys are missing.
"""

from __future__ import annotations

from typing import Protocol

from agent.crm.records import CrmIds, CrmName, CrmRecord, Written


class CrmNotConfigured(RuntimeError):
    """A CRM was asked for whose keys are not set: `missing` names the variables."""

    def __init__(self, crm: CrmName, missing: tuple[str, ...]) -> None:
        super().__init__(f"{crm} is not configured: set {', '.join(missing)}")
        self.crm: CrmName = crm
        self.missing = missing


class CrmClient(Protocol):
    """One CRM, as the sync writes to it."""

    name: CrmName

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Create or update the company (by `ids.company`, else by SIREN)."""
        ...

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Create or update the person (by `ids.contact`, else by email), linked to the
        company when the CRM links them; None when `record.contact` is None."""
        ...

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Create or update the deal (by `ids.deal`, else by `record.deal.key`), linked to
        the company and the person."""
        ...

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Write the note on the deal (and company, person) once: update it by `ids.note`,
        else find an earlier one carrying `record.note.key` when `ids.in_doubt`, else create."""
        ...

    async def aclose(self) -> None:
        """Release what the client holds (an HTTP client it owns, a file)."""
        ...

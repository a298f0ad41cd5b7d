"""`CrmClient` adapter for HubSpot (CRM v3 objects, v4 associations), one lead at a time.

    POST  {base}/crm/v3/objects/{companies|contacts|deals}/batch/upsert      (Bearer token)
          {"inputs": [{"idProperty", "id", "properties"}]}                   (≤ 100 inputs)
      → 200 {"status", "results": [{"id", "new", "properties"}]}, or 207 with
        "errors": [{"status": "error", "category", "message", "context"}] for inputs that failed
    PATCH {base}/crm/v3/objects/{type}/{id} {"properties"} → 200 {"id", "properties"}; 404 gone
    POST  {base}/crm/v3/properties/{type} {"name", "label", "type": "string",
          "fieldType": "text", "groupName", "hasUniqueValue": true} → 201; 409 when it exists
    PUT   {base}/crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}     (idempotent)
    POST  {base}/crm/v3/objects/notes {"properties": {"hs_note_body", "hs_timestamp"},
          "associations": [{"to": {"id"}, "types": [{"associationCategory",
          "associationTypeId"}]}]} → 201 {"id", …}
    GET   {base}/crm/v4/objects/deals/{id}/associations/notes?limit=500&after=
      → {"results": [{"toObjectId", "associationTypes"}], "paging": {"next": {"after"}}}
    POST  {base}/crm/v3/objects/notes/batch/read {"properties": ["hs_note_body"], "inputs"}
    errors → {"status": "error", "message", "correlationId", "category", "errors": [...]};
    a duplicate → 409 CONFLICT "Contact already exists. Existing ID: 123"

Companies, contacts and deals are written with HubSpot's own upsert by a unique property, so
a step repeated after a crash finds what the first attempt wrote whether or not its id was
stored, and no lookup is needed even when the attempt is in doubt: the company by a custom
property holding the SIREN, the contact by email (unique in every portal), the deal by a
custom property holding the deal key. HubSpot upserts only by a property marked unique: when
it answers that the key property does not exist or is not unique, the property is created
once (`hasUniqueValue`) and the upsert tried again. The search API is never used: its index
lags writes by ~30 s, so search-then-create would duplicate what was just written.

A stored id is PATCHed; a 404 (deleted in HubSpot) falls back to the upsert by key. A 409
CONFLICT ("… Existing ID: 123": two upserts racing, or a stored id while another object holds
the key) updates the object HubSpot names. Associations use the v4 default (unlabelled) type,
written again on every push since a PUT that exists changes nothing.

Notes have no unique property. One with a stored id is PATCHed; otherwise, when the attempt is
in doubt or its note has gone, the deal's notes (read through its associations, which are
current, unlike search) are read and one whose text carries `note.key` is updated; else a note
is created with its associations to the deal, company and person in the same request. That
create is the one request not idempotent, so it is sent without retries (a 5xx or a timeout
may come after HubSpot wrote it): the failure goes to the outbox, whose next attempt is in
doubt and finds the note. The note is HTML: text escaped, newlines as <br>, cut to HubSpot's
65 536 characters.

Failures stay `agent.http` errors; a batch input that failed (207) becomes `ApiRejected` with
HubSpot's message. 2xx bodies are checked against small models (anything else: `ApiMalformed`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from agent.crm.adapters.hubspot_bodies import (
    VENDOR,
    AssociationAnswer,
    AssociationsPage,
    HubObject,
    PropertyAnswer,
    ReadAnswer,
    UpsertAnswer,
    batch_rejection,
    carries_key,
    existing_id,
    not_a_key,
    note_html,
)
from agent.crm.records import CrmIds, CrmName, CrmRecord, Written
from agent.http import ApiMalformed, ApiRejected, OutsideApi

# Key properties used when the mapping names none.
COMPANY_KEY_PROPERTY = "filon_siren"
DEAL_KEY_PROPERTY = "filon_lead_key"
BATCH_LIMIT = 100  # inputs of a batch read or upsert
ASSOCIATIONS_PAGE = 500  # the largest page of a v4 associations list
# Default (HubSpot-defined, unlabelled) association types from a note to each object.
NOTE_ASSOCIATION_TYPES = {"deals": 214, "companies": 190, "contacts": 202}
PROPERTY_GROUPS = {"companies": "companyinformation", "deals": "dealinformation"}

ObjectType = Literal["companies", "contacts", "deals", "notes"]
Model = TypeVar("Model", bound=BaseModel)


class HubSpotCrm:
    """Companies, contacts, deals and notes written to one HubSpot portal with a private app's
    token."""

    name: CrmName = VENDOR

    def __init__(self, api: OutsideApi, *, token: str, base_url: str) -> None:
        self.api = api
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        # Key properties this instance created (or found made) once: never asked for again.
        self._key_properties: set[tuple[ObjectType, str]] = set()
        self._property_lock = asyncio.Lock()

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """The company, by `ids.company`, else by its SIREN in the key property."""
        company = record.company
        key_property = company.key_property or COMPANY_KEY_PROPERTY
        properties = _values(
            {"name": company.name, **company.properties}, key_property, company.siren
        )
        return await self._write("companies", ids.company, key_property, company.siren, properties)

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """The person, by `ids.contact`, else by email, associated with the company."""
        contact = record.contact
        if contact is None:
            return None
        names = {"firstname": contact.first_name, "lastname": contact.last_name}
        properties = _values({**names, **contact.properties}, "email", contact.email)
        written = await self._write("contacts", ids.contact, "email", contact.email, properties)
        if ids.company:
            await self._associate("contacts", written.id, "companies", ids.company)
        return written

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """The deal, by `ids.deal`, else by its key, associated with the company and person."""
        deal = record.deal
        key_property = deal.key_property or DEAL_KEY_PROPERTY
        properties = _values({"dealname": deal.title, **deal.properties}, key_property, deal.key)
        written = await self._write("deals", ids.deal, key_property, deal.key, properties)
        targets: list[tuple[ObjectType, str | None]] = [
            ("companies", ids.company),
            ("contacts", ids.contact),
        ]
        for to_type, to_id in targets:
            if to_id:
                await self._associate("deals", written.id, to_type, to_id)
        return written

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """The note on the deal, company and person: updated by `ids.note`, else one carrying
        `note.key` when in doubt, else created."""
        body = note_html(record.note.body)
        targets = _note_targets(ids)
        gone = False
        if ids.note:
            if await self._patch("notes", ids.note, {"hs_note_body": body}) is not None:
                await self._associate_note(ids.note, targets)
                return Written(ids.note, created=False)
            gone = True
        if ids.in_doubt or gone:
            found = await self._find_note(record.note.key, targets)
            if found is not None:
                await self._patch("notes", found, {"hs_note_body": body})
                await self._associate_note(found, targets)
                return Written(found, created=False)
        return Written(await self._create_note(body, targets), created=True)

    async def aclose(self) -> None:
        """Nothing to release: the HTTP client belongs to whoever built the `OutsideApi`."""

    # --- companies, contacts, deals -------------------------------------------------------

    async def _write(
        self,
        object_type: ObjectType,
        known_id: str | None,
        key_property: str,
        key: str,
        properties: dict[str, Any],
    ) -> Written:
        """Update the object by its stored id when it still exists, else upsert it by key."""
        if known_id:
            updated = await self._update(object_type, known_id, properties)
            if updated is not None:
                return Written(updated, created=False)
        try:
            return await self._upsert(object_type, key_property, key, properties)
        except ApiRejected as error:
            if object_type == "contacts" or not not_a_key(error, key_property):
                raise
        # Created once per instance; a second refusal after that is the portal's to fix.
        await self._create_key_property(object_type, key_property)
        return await self._upsert(object_type, key_property, key, properties)

    async def _update(
        self, object_type: ObjectType, object_id: str, properties: dict[str, Any]
    ) -> str | None:
        """PATCH the object; the id written (another one's when HubSpot says that one holds
        the key), None when it is gone."""
        try:
            return await self._patch(object_type, object_id, properties)
        except ApiRejected as error:
            existing = existing_id(error)
            if existing is None or existing == object_id:
                raise
            return await self._patch(object_type, existing, properties)

    async def _upsert(
        self, object_type: ObjectType, key_property: str, key: str, properties: dict[str, Any]
    ) -> Written:
        """Create or update the object holding `key` in `key_property` (a 409 updates the one
        HubSpot names)."""
        single = {"idProperty": key_property, "id": key, "properties": properties}
        try:
            response = await self._request(
                "POST", f"/crm/v3/objects/{object_type}/batch/upsert", json={"inputs": [single]}
            )
            answer = self._read(response, UpsertAnswer)
            if answer.errors:
                raise batch_rejection(answer.errors[0])
        except ApiRejected as error:
            existing = existing_id(error)
            updated = existing and await self._patch(object_type, existing, properties)
            if not updated:
                raise
            return Written(updated, created=False)
        if len(answer.results) != 1:
            raise ApiMalformed(
                VENDOR, f"results: {len(answer.results)} for one input", field="results"
            )
        return Written(answer.results[0].id, created=answer.results[0].new)

    async def _create_key_property(self, object_type: ObjectType, name: str) -> None:
        """Create `name` as a unique text property; one that exists already (409) is left.
        Leads sent at once that all found it missing create it once: the first one, while
        the others wait; it counts as made only once HubSpot said so."""
        async with self._property_lock:
            if (object_type, name) not in self._key_properties:
                await self._post_key_property(object_type, name)
                self._key_properties.add((object_type, name))

    async def _post_key_property(self, object_type: ObjectType, name: str) -> None:
        definition = {
            "name": name,
            "label": name.replace("_", " ").capitalize(),
            "description": "Filon's key of the record, to find it again (do not edit).",
            "type": "string",
            "fieldType": "text",
            "groupName": PROPERTY_GROUPS[object_type],
            "hasUniqueValue": True,
        }
        try:
            response = await self._request(
                "POST", f"/crm/v3/properties/{object_type}", json=definition
            )
        except ApiRejected as error:
            if error.status_code == 409:  # created meanwhile, or not unique: the upsert will say
                return
            raise
        self._read(response, PropertyAnswer)

    async def _patch(
        self, object_type: ObjectType, object_id: str, properties: dict[str, Any]
    ) -> str | None:
        """PATCH one object's properties: its id, or None when HubSpot has no such object."""
        try:
            response = await self._request(
                "PATCH",
                f"/crm/v3/objects/{object_type}/{_segment(object_id)}",
                json={"properties": properties},
            )
        except ApiRejected as error:
            if error.status_code == 404:
                return None
            raise
        return self._read(response, HubObject).id

    async def _associate(
        self, from_type: ObjectType, from_id: str, to_type: ObjectType, to_id: str
    ) -> None:
        path = (
            f"/crm/v4/objects/{from_type}/{_segment(from_id)}"
            f"/associations/default/{to_type}/{_segment(to_id)}"
        )
        self._read(await self._request("PUT", path), AssociationAnswer)

    # --- notes ------------------------------------------------------------------------------

    async def _create_note(self, body: str, targets: list[tuple[ObjectType, str]]) -> str:
        associations = [
            {
                "to": {"id": to_id},
                "types": [
                    {
                        "associationCategory": "HUBSPOT_DEFINED",
                        "associationTypeId": NOTE_ASSOCIATION_TYPES[to_type],
                    }
                ],
            }
            for to_type, to_id in targets
        ]
        properties = {"hs_note_body": body, "hs_timestamp": _now()}
        response = await self._request(
            "POST",
            "/crm/v3/objects/notes",
            json={"properties": properties, "associations": associations},
            idempotent=False,
        )
        return self._read(response, HubObject).id

    async def _associate_note(self, note_id: str, targets: list[tuple[ObjectType, str]]) -> None:
        """Associate an existing note again: the deal (or company) may be a new one."""
        for to_type, to_id in targets:
            await self._associate("notes", note_id, to_type, to_id)

    async def _find_note(self, key: str, targets: list[tuple[ObjectType, str]]) -> str | None:
        """The note of the first target (the deal) whose text carries `key`, if there is one."""
        if not targets:
            return None
        owner_type, owner_id = targets[0]
        note_ids = await self._associated_ids(owner_type, owner_id, "notes")
        for first in range(0, len(note_ids), BATCH_LIMIT):
            inputs = [{"id": note_id} for note_id in note_ids[first : first + BATCH_LIMIT]]
            response = await self._request(
                "POST",
                "/crm/v3/objects/notes/batch/read",
                json={"properties": ["hs_note_body"], "inputs": inputs},
            )
            for note in self._read(response, ReadAnswer).results:  # a note gone is an error: skip
                if carries_key(note.properties.get("hs_note_body") or "", key):
                    return note.id
        return None

    async def _associated_ids(
        self, from_type: ObjectType, from_id: str, to_type: ObjectType
    ) -> list[str]:
        """Every id associated with one object, page after page."""
        found: list[str] = []
        after: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": ASSOCIATIONS_PAGE}
            if after is not None:
                params["after"] = after
            response = await self._request(
                "GET",
                f"/crm/v4/objects/{from_type}/{_segment(from_id)}/associations/{to_type}",
                params=params,
            )
            page = self._read(response, AssociationsPage)
            found.extend(str(item.to_object_id) for item in page.results)
            following = page.after
            if following is None:
                return found
            if following == after:
                raise ApiMalformed(VENDOR, "paging.next.after repeats the page", field="paging")
            after = following

    # --- the wire -----------------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        return await self.api.request(
            method,
            self._base + path,
            json=json,
            params=params,
            headers=self._headers,
            idempotent=idempotent,
        )

    def _read(self, response: httpx.Response, model: type[Model]) -> Model:
        answer: Model = self.api.read_json(response, model)
        return answer


def _values(properties: Mapping[str, Any], key_property: str, key: str) -> dict[str, Any]:
    """The properties to write: unset ones left out (HubSpot keeps what it has), the key set."""
    values = {name: value for name, value in properties.items() if value is not None}
    values[key_property] = key
    return values


def _note_targets(ids: CrmIds) -> list[tuple[ObjectType, str]]:
    """What the note is written on, the deal first (where an earlier note is looked for)."""
    known: list[tuple[ObjectType, str | None]] = [
        ("deals", ids.deal),
        ("companies", ids.company),
        ("contacts", ids.contact),
    ]
    return [(object_type, object_id) for object_type, object_id in known if object_id]


def _segment(object_id: str) -> str:
    """An id as one path segment, whatever it holds."""
    return quote(object_id, safe="")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

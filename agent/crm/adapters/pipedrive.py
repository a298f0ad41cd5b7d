"""`CrmClient` adapter for Pipedrive: organizations, persons and deals on API v2, notes on
API v1 (v2 has none), every request with the header `x-api-token`.

    GET   {v2}/organizations/search?term=&fields=custom_fields|name&exact_match=true
    GET   {v2}/persons/search?term=<email>&fields=email&exact_match=true
    GET   {v2}/deals/search?term=<key>&fields=custom_fields&exact_match=true
      → {"success": true, "data": {"items": [{"result_score", "item": {"id", "name"|"title",
         "emails": [...], "custom_fields": [<values>]}}]}, "additional_data": {"next_cursor"}}
    GET   {v2}/deals?org_id=&limit=&cursor=        → {"data": [{"id", "title", …}], …}
    POST  {v2}/organizations|persons|deals          PATCH {v2}/…/{id}   → {"data": {"id", …}}
    GET   {v1}/notes?deal_id=&start=&limit=        → {"data": [{"id", "content"}] | null,
                                                      "additional_data": {"pagination": …}}
    POST  {v1}/notes                                PUT {v1}/notes/{id}
    errors → {"success": false, "error": "<Pipedrive's words>", "errorCode", "error_info"}

`{v1}` is the v2 root with its `/api/v2` replaced by `/v1`, the same host and token.

Pipedrive has no upsert and no unique field: each step finds its object by its key, then
updates it (PATCH) or creates it (POST). The keys: the organization's SIREN in the custom
field `company.key_property`, else its exact name (Pipedrive's exact match ignores case: a
name equal to the letter wins, then one equal but for case); the person's email; the
deal's key in the custom field `deal.key_property`, else its exact title among the
organization's deals; the note's key in its text. Where several objects match, the oldest
(lowest id) is taken, every time, so repeated pushes agree on the same one.

With an id stored the step updates that object; a 404 (deleted or merged in Pipedrive)
sends it to the search. Without one it *always* searches first, not only when `in_doubt`:
nothing else stops a second object, and a search is one cheap request. The note is the
exception the port allows: looked for (in the deal's notes) only when in doubt, or when its
stored id is gone.
The window between search and create is safe because the outbox leases a lead to one worker
at a time: nobody else writes this lead's objects between the two requests.

A create is never retried blind. `OutsideApi` retries timeouts and 5xx, but a POST whose
answer was lost may have created the object, and Pipedrive would create a second one: a
create is sent with `idempotent=False`, never again after such an answer (429s, which
Pipedrive did not process, are still waited out). When its answer is lost the adapter searches once: found,
that is the object; not found, the error propagates and the outbox tries the step later.
It does not post again at once because a search index may follow writes with a delay
(Pipedrive does not promise otherwise): "not found" a moment after a create proves little,
the outbox's later attempt searches again.
A 409 on a create (Pipedrive documents none, a proxy or a future rule may send one) is read
as "it exists": searched again and updated, else refused with Pipedrive's words.

An update leaves a person's emails and phones alone: v2 replaces those lists whole, and a
salesperson's other addresses would be lost. The email, the key, was already there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from agent.crm.adapters.pipedrive_bodies import (
    DealsPage,
    Json,
    NotesPage,
    SavedAnswer,
    SearchItem,
    SearchPage,
    deal_body,
    note_body,
    note_html,
    organization_body,
    person_body,
)
from agent.crm.records import CrmCompany, CrmDeal, CrmIds, CrmName, CrmRecord, Written
from agent.http import ApiMalformed, ApiRejected, ApiUnavailable, OutsideApi

VENDOR = "pipedrive"
PAGE_SIZE = 100  # search and list pages; Pipedrive allows up to 500
GONE = frozenset({404, 410})  # a stored id Pipedrive no longer has
NOT_SENT = frozenset({"offline", "circuit_open"})  # failures where nothing reached Pipedrive

Model = TypeVar("Model", bound=BaseModel)
Find = Callable[[], Awaitable[int | None]]


@dataclass(frozen=True)
class _Objects:
    """Where one kind of object is created (POST `url`) and updated (`update` `url`/{id})."""

    url: str
    update: str = "PATCH"  # v1 notes are updated with PUT


class PipedriveCrm:
    """Leads written to Pipedrive: organization, person, deal and note, found before created."""

    name: CrmName = "pipedrive"

    def __init__(self, api: OutsideApi, *, token: str, base_url: str) -> None:
        root = base_url.rstrip("/")
        if not root.endswith("/api/v2"):
            raise ValueError(f"the Pipedrive URL must be the API v2 root (…/api/v2), not {root!r}")
        self.api = api
        self._v2 = root
        self._v1 = root.removesuffix("/api/v2") + "/v1"
        self._organizations = _Objects(f"{root}/organizations")
        self._persons = _Objects(f"{root}/persons")
        self._deals = _Objects(f"{root}/deals")
        self._notes = _Objects(f"{self._v1}/notes", update="PUT")
        self._auth = {"x-api-token": token}

    async def aclose(self) -> None:
        """Nothing to release: the HTTP client belongs to whoever built the `OutsideApi`."""

    # --- the four steps ---------------------------------------------------------------------

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written:
        """The organization, by stored id, else by SIREN field (or exact name)."""
        body = organization_body(record.company)
        find = self._organization(record.company)
        return await self._upsert(self._organizations, ids.company, body, body, find)

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """The person, by stored id, else by email; linked to the organization."""
        contact = record.contact
        if contact is None:
            return None
        created = person_body(contact, ids, created=True)
        updated = person_body(contact, ids, created=False)
        find = self._person(contact.email)
        return await self._upsert(self._persons, ids.contact, created, updated, find)

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written:
        """The deal, by stored id, else by key field (or exact title in the organization)."""
        body = deal_body(record.deal, ids)
        return await self._upsert(self._deals, ids.deal, body, body, self._deal(record.deal, ids))

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written:
        """The note on the deal: updated by id, else found by its key when in doubt, else
        created."""
        body = note_body(record.note, ids)
        find = self._note(note_html(record.note.key), ids)
        if ids.note and await self._update(self._notes, int(ids.note), body):
            return Written(ids.note, created=False)
        # Looked for when in doubt, and when the stored one is gone (it may have been re-made).
        if (ids.in_doubt or ids.note) and (found := await find()) is not None:
            await self._update(self._notes, found, body, gone_ok=False)
            return Written(str(found), created=False)
        return await self._create(self._notes, body, body, find)

    # --- upsert -----------------------------------------------------------------------------

    async def _upsert(
        self, objects: _Objects, stored: str | None, created: Json, updated: Json, find: Find
    ) -> Written:
        """Update the stored id; else the one found by key; else create (`created` body)."""
        if stored and await self._update(objects, int(stored), updated):
            return Written(stored, created=False)
        found = await find()
        if found is not None:
            await self._update(objects, found, updated, gone_ok=False)
            return Written(str(found), created=False)
        return await self._create(objects, created, updated, find)

    async def _update(
        self, objects: _Objects, id: int, body: Json, *, gone_ok: bool = True
    ) -> bool:
        """Update object `id`; False when Pipedrive no longer has it (and `gone_ok`)."""
        url = f"{objects.url}/{id}"
        try:
            response = await self.api.request(objects.update, url, json=body, headers=self._auth)
        except ApiRejected as error:
            if gone_ok and error.status_code in GONE:
                return False
            raise
        self.api.read_json(response, SavedAnswer)
        return True

    async def _create(self, objects: _Objects, body: Json, updated: Json, find: Find) -> Written:
        """POST once; a lost answer or a 409 is settled by searching (see the module)."""
        try:
            response = await self.api.request(
                "POST", objects.url, json=body, headers=self._auth, idempotent=False
            )
        except ApiUnavailable as lost:
            if lost.reason in NOT_SENT:
                raise
            found = await find()
            if found is None:
                raise
            return Written(str(found), created=True)
        except ApiRejected as refused:
            if refused.status_code != 409:
                raise
            found = await find()
            if found is None:
                raise
            await self._update(objects, found, updated, gone_ok=False)
            return Written(str(found), created=False)
        answer = self.api.read_json(response, SavedAnswer)
        return Written(str(answer.data.id), created=True)

    # --- finding by key ---------------------------------------------------------------------

    def _organization(self, company: CrmCompany) -> Find:
        async def find() -> int | None:
            if company.key_property:
                hits = await self._search("organizations", company.siren, "custom_fields")
                return _oldest(hit for hit in hits if _holds(hit, company.siren))
            hits = await self._search("organizations", company.name, "name")
            return _by_name(hits, company.name, lambda hit: hit.name)

        return find

    def _person(self, email: str) -> Find:
        async def find() -> int | None:
            hits = await self._search("persons", email, "email")
            wanted = email.casefold()
            return _oldest(hit for hit in hits if wanted in {e.casefold() for e in hit.emails})

        return find

    def _deal(self, deal: CrmDeal, ids: CrmIds) -> Find:
        async def find() -> int | None:
            if deal.key_property:
                hits = await self._search("deals", deal.key, "custom_fields")
                return _oldest(hit for hit in hits if _holds(hit, deal.key))
            if not ids.company:
                hits = await self._search("deals", deal.title, "title")
                return _by_name(hits, deal.title, lambda hit: hit.title)
            params = {"org_id": int(ids.company), "limit": PAGE_SIZE}
            ids_seen = [
                item.id
                async for page in self._pages(self._deals.url, params, DealsPage)
                for item in page.data
                if item.title == deal.title
            ]
            return min(ids_seen, default=None)

        return find

    def _note(self, key: str, ids: CrmIds) -> Find:
        """The deal's (else the organization's) notes: the oldest whose text holds `key`."""

        async def find() -> int | None:
            if ids.deal:
                scope = {"deal_id": int(ids.deal)}
            elif ids.company:
                scope = {"org_id": int(ids.company)}
            else:
                return None
            found: list[int] = []
            start = 0
            while True:
                params = {**scope, "start": start, "limit": PAGE_SIZE}
                page = await self._get(self._notes.url, params, NotesPage)
                found += [note.id for note in page.data or [] if key in note.content]
                paging = page.additional_data.pagination if page.additional_data else None
                if not paging or not paging.more_items_in_collection:
                    return min(found, default=None)
                if paging.next_start is None or paging.next_start <= start:
                    raise ApiMalformed(VENDOR, "notes paging does not move on", field="pagination")
                start = paging.next_start

        return find

    async def _search(self, kind: str, term: str, field: str) -> list[SearchItem]:
        """Every exact-match hit of `term` in `field` (Pipedrive ignores case), all pages."""
        params = {"term": term, "fields": field, "exact_match": "true", "limit": PAGE_SIZE}
        url = f"{self._v2}/{kind}/search"
        return [
            hit.item
            async for page in self._pages(url, params, SearchPage)
            for hit in page.data.items
        ]

    async def _pages(
        self, url: str, params: dict[str, Any], model: type[Model]
    ) -> AsyncIterator[Model]:
        """A v2 listing page by page, following `additional_data.next_cursor`."""
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page = await self._get(url, {**params, **({"cursor": cursor} if cursor else {})}, model)
            yield page
            extra = getattr(page, "additional_data", None)
            cursor = extra.next_cursor if extra else None
            if not cursor:
                return
            if cursor in seen:
                raise ApiMalformed(VENDOR, "a cursor came back: the paging would not end")
            seen.add(cursor)

    async def _get(self, url: str, params: dict[str, Any], model: type[Model]) -> Model:
        return await self.api.get_json(url, params=params, headers=self._auth, model=model)


def _holds(hit: SearchItem, value: str) -> bool:
    """The hit has a custom field holding exactly `value` (not only a case-insensitive one)."""
    return any(str(field) == value for field in hit.custom_fields)


def _by_name(
    hits: list[SearchItem], wanted: str, name: Callable[[SearchItem], str | None]
) -> int | None:
    """The oldest hit named exactly `wanted`, else the oldest named so but for case."""
    exact = _oldest(hit for hit in hits if name(hit) == wanted)
    if exact is not None:
        return exact
    folded = wanted.casefold()
    return _oldest(hit for hit in hits if (name(hit) or "").casefold() == folded)


def _oldest(hits: Iterable[SearchItem]) -> int | None:
    return min((hit.id for hit in hits), default=None)

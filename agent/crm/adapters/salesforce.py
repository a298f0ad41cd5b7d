"""`CrmClient` adapter for Salesforce (REST API, OAuth 2.0 client credentials).

Filon writes one **Lead** per Filon lead: Salesforce's prospect before conversion holds the
company, the person and the deal at once, so `upsert_company` and `upsert_contact` write
nothing and return None, and `upsert_deal` writes the Lead; `add_note` hangs a Note on it.

    PATCH /sobjects/Lead/{deal.key_property}/{deal.key}     (upsert by external ID; the body
          without that field)                → 201 {"id", "success", "errors", "created": true}
                                             → 200 {…, "created": false} (API 46.0+) or 204
                                             → 300 [record URLs] when several leads hold the key
                                             ✗ 404 NOT_FOUND: no such external-ID field
    GET   /query?q=SELECT Id FROM Lead WHERE <field> = '<key>'     (the id after a 204)
    POST  /sobjects/Note {ParentId, Title, Body} → 201 {"id", "success", "errors"}
    PATCH /sobjects/Note/{id} {Title, Body}      → 204; 404 NOT_FOUND when deleted
    GET   /query?q=SELECT Id FROM Note WHERE ParentId = '<lead>' AND Title = '<key>'

The Lead: the properties of the company, the person and the deal, merged in that order (the
mapping already names them as Salesforce does: `Company`, `LastName`, `Email`, `Status`,
`LeadSource`, `OwnerId`, custom `…__c`), over `Company` (the company's name), its SIREN
under `company.key_property`, and `FirstName`, `LastName`, `Email` from the person. Salesforce
requires `LastName` and `Company`: a lead without a person (or a name) gets "[not provided]",
the placeholder Salesforce's own Web-to-Lead writes, which sales teams know to fill in.
`deal.title` is not written: a Lead has no name of its own, and its `Title` is the person's
job title. Upsert by the external ID is Salesforce's own idempotent write: the same key
always lands on the same Lead, whatever `ids` holds, so no search is needed before it; the
id comes from its answer, or on a 204 (API versions before 46.0) from `ids.deal` or a
query. A DUPLICATE_VALUE refusal means another writer created the same key at the same
moment: the lead now exists, and the same upsert, sent again once, updates it. Several
leads holding the key (300) are a dead letter: someone must merge them in Salesforce.

The Note: the classic Note (plain text, up to 32,000 characters, not HTML: nothing to
escape), kept on Lightning orgs as a supported sObject, rather than ContentNote, which takes
HTML encoded as a file. Its `Title` is `note.key` (at most 80 characters), which finds it
again: with `ids.note` it is updated (404: found again by its title, or created); without,
it is looked for by its lead and title when `ids.in_doubt`, and created otherwise. A Note
has no external ID, so its create is sent once, never retried blindly on a 5xx or timeout:
the next attempt, in doubt, finds what the lost answer created.

Every value travels as JSON data or a URL-escaped path segment; the two queries escape their
literals as SOQL says (backslash, quote, control characters), and a field name put in a
query must be one (`Filon_Key__c`). Refusals are `SalesforceRejected` (an `ApiRejected` with
Salesforce's `errorCode`), see `salesforce_session`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel, Field

from agent.crm.adapters.salesforce_session import (
    DUPLICATE_VALUE,
    VENDOR,
    SalesforceRejected,
    SalesforceSession,
)
from agent.crm.records import CrmIds, CrmName, CrmNote, CrmRecord, Written
from agent.http import ApiMalformed, ApiRejected, OutsideApi

NOT_PROVIDED = "[not provided]"  # what Web-to-Lead writes for a missing LastName or Company
REQUIRED = ("LastName", "Company")
TITLE_LENGTH = 80  # Note.Title
BODY_LENGTH = 32_000  # Note.Body
_ID = r"^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$"
_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# The characters a SOQL string literal must escape with a backslash.
_SOQL_ESCAPES = str.maketrans(
    {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)


class SaveResult(BaseModel):
    """What a create or an upsert answers; `created` is missing before API 46.0."""

    id: str = Field(pattern=_ID)
    success: bool
    errors: list[Any] = Field(default_factory=list)
    created: bool | None = None


class Row(BaseModel):
    Id: str = Field(pattern=_ID)


class QueryResult(BaseModel):
    totalSize: int = Field(ge=0)
    done: bool
    records: list[Row]


class SalesforceCrm:
    """Filon's leads as Salesforce Leads, each with one Note."""

    name: CrmName = "salesforce"

    def __init__(
        self,
        api: OutsideApi,
        *,
        client_id: str,
        client_secret: str,
        login_url: str,
        api_version: str = "v61.0",
    ) -> None:
        self.session = SalesforceSession(
            api,
            client_id=client_id,
            client_secret=client_secret,
            login_url=login_url,
            api_version=api_version,
        )

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Nothing: the company is written on the Lead, by `upsert_deal`."""
        return None

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        """Nothing: the person is written on the Lead, by `upsert_deal`."""
        return None

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written:
        """Create or update the Lead by its external ID (`deal.key` in `deal.key_property`)."""
        deal = record.deal
        path = f"sobjects/Lead/{_segment(deal.key_property)}/{_segment(deal.key)}"
        fields = lead_fields(record)
        try:
            response = await self.session.request("PATCH", path, json=fields)
        except SalesforceRejected as error:
            if error.error_code != DUPLICATE_VALUE:
                raise
            # Another writer created this key while ours was on its way: it exists now.
            response = await self.session.request("PATCH", path, json=fields)
        status = response.status_code
        if status == 300:
            raise _several_leads(deal.key_property, deal.key, response)
        if status == 204:
            lead_id = ids.deal or await self._lead_id(deal.key_property, deal.key)
            return Written(lead_id, created=False)
        if status not in (200, 201):
            raise ApiMalformed(VENDOR, f"HTTP {status} is not an upsert's answer")
        result = self._saved(response)
        created = status == 201 if result.created is None else result.created  # before 46.0
        return Written(result.id, created=created)

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written:
        """Write the Note on the Lead once: by `ids.note`, else found by its title when in
        doubt (or when the stored one is gone), else created."""
        if ids.deal is None:
            raise ValueError(f"lead {record.lead_id}: a Salesforce note needs its Lead's id")
        title, body = note_title(record.note), note_body(record.note)
        if ids.note is not None and await self._update_note(ids.note, title, body):
            return Written(ids.note, created=False)
        if ids.in_doubt or ids.note is not None:
            found = await self._find_note(ids.deal, title)
            if found is not None and await self._update_note(found, title, body):
                return Written(found, created=False)
        note = {"ParentId": ids.deal, "Title": title, "Body": body}
        response = await self.session.request("POST", "sobjects/Note", json=note, retry=False)
        return Written(self._saved(response).id, created=True)

    async def aclose(self) -> None:
        """Nothing to release: the HTTP client belongs to whoever built the `OutsideApi`."""

    async def _update_note(self, note_id: str, title: str, body: str) -> bool:
        """Update a Note; False when Salesforce no longer has it."""
        try:
            await self.session.request(
                "PATCH", f"sobjects/Note/{_segment(note_id)}", json={"Title": title, "Body": body}
            )
        except ApiRejected as error:
            if error.status_code == 404:
                return False
            raise
        return True

    async def _find_note(self, lead_id: str, title: str) -> str | None:
        where = f"ParentId = {soql_literal(lead_id)} AND Title = {soql_literal(title)}"
        found = await self._query(f"SELECT Id FROM Note WHERE {where}")
        return found[0] if found else None

    async def _lead_id(self, field: str, key: str) -> str:
        """The id of the one Lead holding `key` (after an upsert that did not say it)."""
        found = await self._query(
            f"SELECT Id FROM Lead WHERE {soql_field(field)} = {soql_literal(key)}"
        )
        if len(found) != 1:
            raise ApiMalformed(VENDOR, f"the lead updated as {field} = {key!r} is not found")
        return found[0]

    async def _query(self, soql: str) -> list[str]:
        response = await self.session.request("GET", "query", params={"q": soql})
        result: QueryResult = self.session.api.read_json(response, QueryResult)
        return [row.Id for row in result.records]

    def _saved(self, response: httpx.Response) -> SaveResult:
        result: SaveResult = self.session.api.read_json(response, SaveResult)
        if not result.success:
            raise ApiMalformed(VENDOR, f"a 2xx answer says the write failed: {result.errors}")
        return result


def lead_fields(record: CrmRecord) -> dict[str, Any]:
    """The Lead's fields: company, person and deal properties over the names Filon knows,
    without the external-ID field (it is in the URL), `LastName` and `Company` never empty."""
    company, contact = record.company, record.contact
    fields: dict[str, Any] = {"Company": company.name}
    if company.key_property:
        fields[company.key_property] = company.siren
    fields.update(company.properties)
    if contact is not None:
        named = {"FirstName": contact.first_name, "LastName": contact.last_name}
        fields.update({field: value for field, value in named.items() if value})
        fields["Email"] = contact.email
        fields.update(contact.properties)
    fields.update(record.deal.properties)
    fields.pop(record.deal.key_property, None)
    for field in REQUIRED:
        value = fields.get(field)
        if value is None or not str(value).strip():
            fields[field] = NOT_PROVIDED
    return fields


def note_title(note: CrmNote) -> str:
    """The Note's title: its key, which finds it again (cut to the field's 80 characters)."""
    return note.key[:TITLE_LENGTH]


def note_body(note: CrmNote) -> str:
    """The Note's text, cut to the field's 32,000 characters."""
    if len(note.body) <= BODY_LENGTH:
        return note.body
    return note.body[: BODY_LENGTH - 1] + "…"


def soql_literal(text: str) -> str:
    """`text` as a quoted SOQL string literal, with every character SOQL escapes escaped."""
    return "'" + text.translate(_SOQL_ESCAPES) + "'"


def soql_field(name: str) -> str:
    """`name` if it is a field's API name (`Filon_Key__c`), which a query cannot quote."""
    if not _FIELD.fullmatch(name):
        raise ValueError(f"not a Salesforce field name: {name!r}")
    return name


def _segment(value: str) -> str:
    return quote(value, safe="")


def _several_leads(field: str, key: str, response: httpx.Response) -> ApiRejected:
    """A dead letter for a key several leads hold (300 Multiple Choices lists their URLs)."""
    try:
        urls = response.json()
    except ValueError:
        urls = None
    listed = urls if isinstance(urls, list) else []
    ids = [url.rsplit("/", 1)[-1] for url in listed if isinstance(url, str)]
    which = f" ({', '.join(ids)})" if ids else ""
    message = f"several leads hold {field} = {key!r}{which}: merge them in Salesforce"
    return ApiRejected(VENDOR, status_code=300, message=message)

"""What the Pipedrive adapter sends and reads: the request bodies built from a `CrmRecord`,
and the answers' models (anything else in a 2xx is `ApiMalformed`).

Bodies (API v2 unless said; v2 refuses a number sent as text, so numeric fields are sent
as numbers when the mapping gave digits):
- organization `{name, address: {value}, owner_id, …, custom_fields: {<40-hex key>: value}}`;
- person `{name, org_id, emails: [{value, primary, label}], phones: [{…}], custom_fields}`:
  v2 has no first or last name, they make up `name`;
- deal `{title, org_id, person_id, value, currency, stage_id, owner_id,
  expected_close_date, …, custom_fields}`;
- note (API v1) `{content, deal_id, org_id, person_id}`: Pipedrive renders the content as
  HTML, so the text is escaped and its lines joined with `<br>`.

A mapped property whose name is a 40-character hexadecimal key is a custom field and goes
into `custom_fields`; any other is a standard field, sent as it is. The key properties
(the SIREN's, the deal key's) are custom fields too.
"""

from __future__ import annotations

import html
import re
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field

from agent.crm.records import CrmCompany, CrmContact, CrmDeal, CrmIds, CrmNote

CUSTOM_FIELD = re.compile(r"[0-9a-f]{40}")
# Standard fields v2 wants as numbers (the mapping may hand over "12" for a stage id).
_INTEGERS = frozenset({"owner_id", "stage_id", "pipeline_id", "visible_to", "org_id", "person_id"})
_DECIMALS = frozenset({"value", "probability"})
Json = dict[str, Any]


# --- answers ----------------------------------------------------------------------------------


class Cursor(BaseModel):
    """v2 paging: the next page's opaque cursor, None on the last page."""

    next_cursor: str | None = None


class SearchItem(BaseModel):
    """One search hit (`data.items[].item`): custom fields come as a list of their values."""

    id: int
    name: str | None = None
    title: str | None = None
    emails: list[str] = Field(default_factory=list)
    custom_fields: list[Any] = Field(default_factory=list)


class SearchHit(BaseModel):
    item: SearchItem


class SearchData(BaseModel):
    items: list[SearchHit]


class SearchPage(BaseModel):
    """`GET /{organizations,persons,deals}/search`."""

    success: Literal[True]
    data: SearchData
    additional_data: Cursor | None = None


class DealItem(BaseModel):
    id: int
    title: str


class DealsPage(BaseModel):
    """`GET /deals?org_id=`: a page of the organization's deals."""

    success: Literal[True]
    data: list[DealItem]
    additional_data: Cursor | None = None


class Saved(BaseModel):
    id: int


class SavedAnswer(BaseModel):
    """A created or updated object (v2 and v1 alike): its id is all the adapter keeps."""

    success: Literal[True]
    data: Saved


class NoteItem(BaseModel):
    id: int
    content: str = ""


class Pagination(BaseModel):
    more_items_in_collection: bool = False
    next_start: int | None = None


class NotesExtra(BaseModel):
    pagination: Pagination | None = None


class NotesPage(BaseModel):
    """`GET /v1/notes?deal_id=`: v1 pages by offset, and says `data: null` when empty."""

    success: Literal[True]
    data: list[NoteItem] | None = None
    additional_data: NotesExtra | None = None


# --- bodies -----------------------------------------------------------------------------------


def organization_body(company: CrmCompany) -> Json:
    """The organization as created or updated: its name, mapped fields and SIREN field."""
    properties = dict(company.properties)
    if isinstance(address := properties.get("address"), str):
        properties["address"] = {"value": address}  # v2's address is an object
    body = _shaped({"name": company.name, **properties})
    if company.key_property:
        body.setdefault("custom_fields", {})[company.key_property] = company.siren
    return body


def person_body(contact: CrmContact, ids: CrmIds, *, created: bool) -> Json:
    """The person; its email and phone lists only on creation (see the adapter)."""
    properties = dict(contact.properties)
    first = properties.pop("first_name", None) or contact.first_name
    last = properties.pop("last_name", None) or contact.last_name
    name = " ".join(str(part).strip() for part in (first, last) if part and str(part).strip())
    properties.pop("emails", None)  # the contact's email is the key: always that one
    phones = properties.pop("phones", None)
    body = _shaped({"name": properties.pop("name", None) or name or contact.email, **properties})
    if ids.company:
        body["org_id"] = int(ids.company)
    if created:
        body["emails"] = _labelled(contact.email)
        if phones:
            body["phones"] = _labelled(phones)
    return body


def deal_body(deal: CrmDeal, ids: CrmIds) -> Json:
    """The deal, linked to the organization and the person, its key in its custom field."""
    body = _shaped({"title": deal.title, **deal.properties})
    if ids.company:
        body["org_id"] = int(ids.company)
    if ids.contact:
        body["person_id"] = int(ids.contact)
    if deal.key_property:
        body.setdefault("custom_fields", {})[deal.key_property] = deal.key
    return body


def note_body(note: CrmNote, ids: CrmIds) -> Json:
    """The note on the deal, the organization and the person that are known."""
    body: Json = {"content": note_html(note.body)}
    for field, known in (
        ("deal_id", ids.deal),
        ("org_id", ids.company),
        ("person_id", ids.contact),
    ):
        if known:
            body[field] = int(known)
    return body


def note_html(text: str) -> str:
    """Plain text as Pipedrive's note HTML: escaped, one `<br>` per line break."""
    return "<br>".join(html.escape(line) for line in text.splitlines())


def _shaped(properties: Json) -> Json:
    """Standard fields at the top, numbers as numbers; custom fields in `custom_fields`."""
    body: Json = {}
    custom: Json = {}
    for name, value in properties.items():
        if CUSTOM_FIELD.fullmatch(name):
            custom[name] = value
        else:
            body[name] = _number(name, value)
    if custom:
        body["custom_fields"] = custom
    return body


def _number(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if name in _INTEGERS:
            return int(value)
        if name in _DECIMALS:
            return float(value)
    except ValueError:
        pass  # not a number after all: Pipedrive refuses it with its own words
    return value


def _labelled(values: Any) -> list[Json]:
    """Emails or phones as v2 lists them: the first primary, all labelled `work`."""
    listed = values if isinstance(values, list) else [values]
    return [
        {"value": str(value), "primary": index == 0, "label": "work"}
        for index, value in enumerate(listed)
        if value
    ]


def rate_limit_wait(response: httpx.Response) -> float | None:
    """How long a 429 without Retry-After asks to wait: Pipedrive's `x-ratelimit-reset`, the
    seconds until its window resets; None when it is missing or unreadable."""
    value = response.headers.get("x-ratelimit-reset", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None

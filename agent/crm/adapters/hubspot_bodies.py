"""HubSpot's documents as the adapter reads and writes them: the answers it checks (small
pydantic models: anything else is `ApiMalformed`), what HubSpot's refusals say (a conflict
naming the existing object, a key property that is not a unique one, a batch input refused
inside a 207), and a note's text as the HTML HubSpot stores, with its key found again in it."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
from pydantic import BaseModel, Field

from agent.crm.records import CrmName
from agent.http import ApiRejected

VENDOR: CrmName = "hubspot"
NOTE_LIMIT = 65_536  # characters of hs_note_body

_EXISTING_ID = re.compile(r"Existing ID:\s*(\d+)", re.IGNORECASE)
# "Unable to perform update/upsert by non-unique 0-2 property filon_siren …", or the property
# is unknown: 'Property "filon_siren" does not exist' (PROPERTY_DOESNT_EXIST).
_NOT_A_KEY = re.compile(r"non-unique|does ?n[o']t exist", re.IGNORECASE)
_CATEGORY_STATUS = {"CONFLICT": 409, "OBJECT_NOT_FOUND": 404}
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CUT_MARKUP = re.compile(r"&[#\w]*$|<[^>]*$")  # an entity or a tag a cut went through


class HubObject(BaseModel):
    """A CRM object: HubSpot's ids are strings in v3 documents."""

    id: str
    properties: dict[str, str | None] = Field(default_factory=dict)


class UpsertedObject(HubObject):
    new: bool


class BatchError(BaseModel):
    category: str = ""
    message: str = ""


class UpsertAnswer(BaseModel):
    status: str
    results: list[UpsertedObject]
    errors: list[BatchError] = Field(default_factory=list)


class ReadAnswer(BaseModel):
    results: list[HubObject]
    errors: list[BatchError] = Field(default_factory=list)


class PropertyAnswer(BaseModel):
    name: str


class AssociationAnswer(BaseModel):
    status: str
    results: list[dict[str, Any]]


class Associated(BaseModel):
    """One associated object in a v4 list (its id is a number there)."""

    to_object_id: int | str = Field(alias="toObjectId")


class NextPage(BaseModel):
    after: str


class Paging(BaseModel):
    next: NextPage | None = None


class AssociationsPage(BaseModel):
    results: list[Associated]
    paging: Paging | None = None

    @property
    def after(self) -> str | None:
        """The cursor of the next page, None on the last."""
        return self.paging.next.after if self.paging and self.paging.next else None


def existing_id(error: ApiRejected) -> str | None:
    """The object HubSpot says already holds the value (409 CONFLICT "… Existing ID: 123")."""
    match = _EXISTING_ID.search(error.message) if error.status_code == 409 else None
    return match.group(1) if match else None


def not_a_key(error: ApiRejected, key_property: str) -> bool:
    """Whether HubSpot refused an upsert because the key property is missing or not unique."""
    return (
        error.status_code == 400
        and key_property in error.message
        and _NOT_A_KEY.search(error.message) is not None
    )


def batch_rejection(error: BatchError) -> ApiRejected:
    """A batch input HubSpot refused (in a 207), as the refusal of a request of its own."""
    status = _CATEGORY_STATUS.get(error.category, 400)
    message = " ".join(error.message.split()) or error.category or "refused"
    return ApiRejected(VENDOR, status_code=status, message=message)


def note_html(text: str, limit: int = NOTE_LIMIT) -> str:
    """The note as HubSpot shows it: escaped text, a <br> per newline, at most `limit`
    characters (cut between characters, never inside an entity or a tag)."""
    body = "<br>".join(html.escape(line) for line in text.splitlines())
    if len(body) <= limit:
        return body
    return _CUT_MARKUP.sub("", body[: limit - 1]) + "…"


def carries_key(body: str, key: str) -> bool:
    """Whether a note's HTML holds `key` in its text (not as part of a longer key)."""
    text = html.unescape(_BREAK.sub("\n", body))
    return re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text) is not None


# A spent daily allowance comes back at HubSpot's midnight (the portal's time zone): an hour
# is long enough for the outbox not to hammer it, short enough to resume soon after.
DAILY_WAIT = 3600.0


def rate_limit_wait(response: httpx.Response) -> float | None:
    """How long a 429 without Retry-After asks to wait, from HubSpot's headers and body: the
    daily allowance spent → an hour (more than a request may wait: the outbox takes it); the
    window's allowance spent (`X-HubSpot-RateLimit-Remaining: 0`) → the window
    (`-Interval-Milliseconds`, 10 s); None when they say nothing."""
    try:
        policy = response.json().get("policyName")
    except (ValueError, AttributeError):
        policy = None
    if policy == "DAILY" or response.headers.get("X-HubSpot-RateLimit-Daily-Remaining") == "0":
        return DAILY_WAIT
    interval = response.headers.get("X-HubSpot-RateLimit-Interval-Milliseconds")
    if response.headers.get("X-HubSpot-RateLimit-Remaining") == "0" and interval:
        try:
            return max(0.0, float(interval) / 1000)
        except ValueError:
            return None
    return None

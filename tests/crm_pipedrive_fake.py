"""A fake Pipedrive speaking its documented API (v2 organizations, persons, deals and their
search; v1 notes), for the CRM adapter tests and the sync's soak benchmark.

`PipedriveState` holds what the CRM holds (objects by id, one id sequence); `FakePipedrive`
is the httpx handler (`httpx.Request` → `httpx.Response`) answering over a state, usable in
a `MockTransport` or behind `local_server`. The state is separate so that a restarted
server (a new handler) finds the CRM as it was.

The fake checks what it is sent as v2 does: the `x-api-token` header (401 otherwise),
required fields (a deal's title, an organization's name), types (v2 refuses a number sent
as text), known fields only, custom fields by their 40-hex keys, references to existing
objects, page sizes up to 500. Refusals are Pipedrive's envelope
`{"success": false, "error", "errorCode", "error_info"}`. Search with `exact_match` ignores
case, as Pipedrive's does.

Faults (`Fault`, queued in `FakePipedrive.faults`, each used once by the first request it
matches): 429 with or without `Retry-After` (always with the `x-ratelimit-*` headers), 500,
503, a timeout or a connection reset (raised as httpx errors), a write applied and then its
answer lost (503 or a timeout), a 409 after another writer created the object, a malformed
2xx body. Behind `local_server` a raised fault closes the connection (a reset); a real
timeout there is the server's `delay`.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import httpx

TOKEN = "pd_3c9f1e07b2a54d8e9f60a1b2c3d4e5f6"
SIREN_FIELD = "5f3a9c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a"
DEAL_KEY_FIELD = "c7e1b9d3f5a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0"
MAX_LIMIT = 500
ERROR_INFO = "Please check developers.pipedrive.com for more information about Pipedrive API."
_CUSTOM = re.compile(r"[0-9a-f]{40}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROUTE = re.compile(
    r".*/(?:api/v2/(?P<v2>organizations|persons|deals)|v1/(?P<v1>notes))"
    r"(?:/(?P<id>[^/]+))?/?$"
)

Kind = Literal["organizations", "persons", "deals", "notes"]
FaultKind = Literal[
    "rate_limited",  # 429 with Retry-After
    "rate_limited_bare",  # 429 with only the x-ratelimit-* headers
    "server_error",  # 500
    "unavailable",  # 503
    "timeout",  # httpx.ReadTimeout
    "reset",  # httpx.RemoteProtocolError (the server closed the connection)
    "write_then_fail",  # applied, then 503
    "write_then_timeout",  # applied, then httpx.ReadTimeout
    "conflict",  # applied (by "someone else"), then 409
    "malformed",  # 200 with a body that is not the envelope
]
WRITES = ("write_then_fail", "write_then_timeout", "conflict")


class Refused(Exception):
    """A request the fake refuses, as Pipedrive would: status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def pipedrive_error(status: int, message: str) -> httpx.Response:
    """An error the way Pipedrive writes them."""
    body = {
        "success": False,
        "error": message,
        "errorCode": status,
        "error_info": ERROR_INFO,
        "data": None,
        "additional_data": None,
    }
    return httpx.Response(status, json=body)


def rate_limited(*, retry_after: str | None = "2") -> httpx.Response:
    """A 429 with Pipedrive's rate-limit headers, and `Retry-After` when given."""
    headers = {"x-ratelimit-limit": "80", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    response = pipedrive_error(429, "Request over limit")
    response.headers.update(headers)
    return response


@dataclass(frozen=True)
class Fault:
    """One fault, for the first request matching `method` and a path ending with `path`."""

    kind: FaultKind
    method: str | None = None
    path: str | None = None

    def matches(self, request: httpx.Request) -> bool:
        return (self.method is None or request.method == self.method) and (
            self.path is None or request.url.path.rstrip("/").endswith(self.path)
        )


@dataclass
class PipedriveState:
    """What the fake CRM holds; survives its handler (a restarted server)."""

    organizations: dict[int, dict[str, Any]] = field(default_factory=dict)
    persons: dict[int, dict[str, Any]] = field(default_factory=dict)
    deals: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_id: int = 0
    custom_fields: frozenset[str] = frozenset({SIREN_FIELD, DEAL_KEY_FIELD})
    lock: threading.RLock = field(default_factory=threading.RLock)

    def table(self, kind: Kind) -> dict[int, dict[str, Any]]:
        tables: dict[str, dict[int, dict[str, Any]]] = {
            "organizations": self.organizations,
            "persons": self.persons,
            "deals": self.deals,
            "notes": self.notes,
        }
        return tables[kind]

    def add(self, kind: Kind, values: dict[str, Any]) -> dict[str, Any]:
        """Store a new object (one id sequence for all kinds, so ids never mix up)."""
        self.last_id += 1
        stored = {**_BLANK[kind], **values, "id": self.last_id}
        if kind != "notes":
            stored["custom_fields"] = {**values.get("custom_fields", {})}
        self.table(kind)[self.last_id] = stored
        return stored

    def counts(self) -> dict[str, int]:
        """How many objects of each kind the CRM holds."""
        kinds: tuple[Kind, ...] = ("organizations", "persons", "deals", "notes")
        return {kind: len(self.table(kind)) for kind in kinds}


_BLANK: dict[str, dict[str, Any]] = {
    "organizations": {"name": "", "owner_id": 1, "address": None, "visible_to": 3},
    "persons": {"name": "", "org_id": None, "owner_id": 1, "emails": [], "phones": []},
    "deals": {
        "title": "",
        "org_id": None,
        "person_id": None,
        "owner_id": 1,
        "value": 0,
        "currency": "EUR",
        "stage_id": 1,
        "pipeline_id": 1,
        "status": "open",
        "expected_close_date": None,
    },
    "notes": {"content": "", "deal_id": None, "org_id": None, "person_id": None, "user_id": 1},
}
# The fields each kind accepts on POST/PATCH, with their types (v2 refuses anything else).
_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "organizations": {
        "name": (str,),
        "owner_id": (int,),
        "visible_to": (int,),
        "label_ids": (list,),
        "address": (dict,),
        "custom_fields": (dict,),
    },
    "persons": {
        "name": (str,),
        "owner_id": (int,),
        "org_id": (int,),
        "emails": (list,),
        "phones": (list,),
        "visible_to": (int,),
        "label_ids": (list,),
        "custom_fields": (dict,),
    },
    "deals": {
        "title": (str,),
        "owner_id": (int,),
        "person_id": (int,),
        "org_id": (int,),
        "pipeline_id": (int,),
        "stage_id": (int,),
        "value": (int, float),
        "currency": (str,),
        "status": (str,),
        "probability": (int, float),
        "expected_close_date": (str,),
        "visible_to": (int,),
        "label_ids": (list,),
        "custom_fields": (dict,),
    },
    "notes": {
        "content": (str,),
        "deal_id": (int,),
        "org_id": (int,),
        "person_id": (int,),
        "lead_id": (str,),
        "pinned_to_deal_flag": (int, bool),
    },
}
_REQUIRED = {"organizations": "name", "persons": "name", "deals": "title", "notes": "content"}
_SEARCHABLE = {
    "organizations": {"name": ("name",), "address": ("address",), "custom_fields": ()},
    "persons": {"name": ("name",), "email": ("emails",), "phone": ("phones",), "custom_fields": ()},
    "deals": {"title": ("title",), "custom_fields": ()},
}
_SINGULAR = {"organizations": "Organization", "persons": "Person", "deals": "Deal", "notes": "Note"}


@dataclass
class FakePipedrive:
    """Pipedrive's API over `state`: requests are recorded, `faults` applied in turn."""

    state: PipedriveState = field(default_factory=PipedriveState)
    token: str = TOKEN
    faults: list[Fault] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.state.lock:
            self.requests.append(request)
            fault = next((f for f in self.faults if f.matches(request)), None)
            if fault is not None:
                self.faults.remove(fault)
                if fault.kind not in WRITES:
                    return _fault(fault.kind)
            response = self._answer(request)
            if fault is None or response.status_code >= 400:
                return response
            return _fault(fault.kind)  # the write is done; its answer is lost

    def inject(self, *faults: Fault) -> None:
        self.faults.extend(faults)

    def sent(self, method: str, path_end: str = "") -> list[httpx.Request]:
        """The requests received with `method` whose path ends with `path_end`."""
        return [
            request
            for request in self.requests
            if request.method == method and request.url.path.rstrip("/").endswith(path_end)
        ]

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("x-api-token") != self.token:
            return pipedrive_error(401, "unauthorized access")
        route = _ROUTE.fullmatch(request.url.path)
        if route is None:
            return pipedrive_error(404, "Unknown method .")
        kind = cast(Kind, route["v2"] or route["v1"])
        try:
            return self._route(request, kind, route["id"])
        except Refused as refused:
            return pipedrive_error(refused.status, refused.message)

    def _route(self, request: httpx.Request, kind: Kind, ident: str | None) -> httpx.Response:
        method = request.method
        if ident == "search" and method == "GET" and kind != "notes":
            return self._search(kind, request.url.params)
        if ident is None and method == "GET" and kind in ("deals", "notes"):
            return self._list(kind, request.url.params)
        if ident is None and method == "POST":
            return _ok(self._write(kind, None, _body(request)))
        update = "PUT" if kind == "notes" else "PATCH"
        if ident is not None and method == update:
            return _ok(self._write(kind, _id(ident), _body(request)))
        if ident is not None and method == "GET":
            return _ok(self._get(kind, _id(ident)))
        raise Refused(404, "Unknown method .")

    # --- writes -----------------------------------------------------------------------------

    def _write(self, kind: Kind, ident: int | None, body: dict[str, Any]) -> dict[str, Any]:
        self._validate(kind, body, created=ident is None)
        if ident is None:
            return self.state.add(kind, body)
        stored = self._get(kind, ident)
        custom = {**stored.get("custom_fields", {}), **body.pop("custom_fields", {})}
        stored.update(body)
        if kind != "notes":
            stored["custom_fields"] = custom
        return stored

    def _get(self, kind: Kind, ident: int) -> dict[str, Any]:
        stored = self.state.table(kind).get(ident)
        if stored is None:
            raise Refused(404, f"{_SINGULAR[kind]} not found")
        return stored

    def _validate(self, kind: Kind, body: dict[str, Any], *, created: bool) -> None:
        fields = _FIELDS[kind]
        required = _REQUIRED[kind]
        for name, value in body.items():
            if name not in fields:
                raise Refused(400, f"Validation failed: {name}: Parameter is not allowed")
            if value is None and name != required:
                continue  # v2 clears a field sent as null
            a_bool_for_a_number = isinstance(value, bool) and bool not in fields[name]
            if a_bool_for_a_number or not isinstance(value, fields[name]):
                wanted = " or ".join(t.__name__ for t in fields[name])
                raise Refused(400, f"Validation failed: {name}: Must be of type {wanted}")
        if (created or required in body) and not str(body.get(required) or "").strip():
            raise Refused(400, f"Validation failed: {required}: Parameter is required")
        for name, value in body.get("custom_fields", {}).items():
            if name not in self.state.custom_fields:
                raise Refused(400, f"Validation failed: custom_fields: unknown field {name}")
            if value is not None and not isinstance(value, str | int | float):
                raise Refused(400, f"Validation failed: custom_fields.{name}: invalid value")
        for name in ("emails", "phones"):
            for entry in body.get(name, []):
                if not (isinstance(entry, dict) and isinstance(entry.get("value"), str)):
                    raise Refused(400, f"Validation failed: {name}: Must be a list of objects")
                if set(entry) - {"value", "primary", "label"}:
                    raise Refused(400, f"Validation failed: {name}: unknown property")
        if "expected_close_date" in body and not _DATE.fullmatch(body["expected_close_date"]):
            raise Refused(400, "Validation failed: expected_close_date: Must be YYYY-MM-DD")
        if body.get("status", "open") not in ("open", "won", "lost"):
            raise Refused(400, "Validation failed: status: Must be one of open, won, lost")
        targets: tuple[tuple[str, Kind], ...] = (
            ("org_id", "organizations"),
            ("person_id", "persons"),
        )
        for name, target in targets:
            if name in body and body[name] not in self.state.table(target):
                raise Refused(400, f"{_SINGULAR[target]} with id {body[name]} does not exist")
        if kind == "notes":
            if "deal_id" in body and body["deal_id"] not in self.state.deals:
                raise Refused(400, f"Deal with id {body['deal_id']} does not exist")
            if created and not any(body.get(f) for f in ("deal_id", "org_id", "person_id")):
                raise Refused(400, "Note must be attached to a deal, person, organization or lead")

    # --- reads ------------------------------------------------------------------------------

    def _search(self, kind: Kind, params: httpx.QueryParams) -> httpx.Response:
        term = params.get("term", "")
        exact = params.get("exact_match", "false") == "true"
        if len(term) < (1 if exact else 2):
            raise Refused(400, "Validation failed: term: Must be at least 2 characters")
        searchable = _SEARCHABLE[kind]
        fields = params.get("fields", ",".join(searchable)).split(",")
        if unknown := [f for f in fields if f not in searchable]:
            raise Refused(400, f"Validation failed: fields: {unknown[0]} is not searchable")
        wanted = term.casefold()
        found = [
            stored
            for stored in sorted(self.state.table(kind).values(), key=lambda s: s["id"])
            if any(
                (text.casefold() == wanted) if exact else (wanted in text.casefold())
                for text in _searched(stored, fields, searchable)
            )
        ]
        page, cursor = _page(found, params)
        items = [{"result_score": 1.0, "item": _search_item(kind, s)} for s in page]
        return _ok({"items": items}, {"next_cursor": cursor})

    def _list(self, kind: Kind, params: httpx.QueryParams) -> httpx.Response:
        filters = {
            name: int(params[name]) for name in ("org_id", "person_id", "deal_id") if name in params
        }
        found = [
            stored
            for stored in sorted(self.state.table(kind).values(), key=lambda s: s["id"])
            if all(stored.get(name) == value for name, value in filters.items())
        ]
        if kind == "deals":
            page, cursor = _page(found, params)
            return _ok(page, {"next_cursor": cursor})
        start = int(params.get("start", 0))
        limit = _limit(params)
        chunk = found[start : start + limit]
        more = start + limit < len(found)
        pagination = {
            "start": start,
            "limit": limit,
            "more_items_in_collection": more,
            **({"next_start": start + limit} if more else {}),
        }
        return _ok(chunk or None, {"pagination": pagination})


def _fault(kind: FaultKind) -> httpx.Response:
    match kind:
        case "rate_limited":
            return rate_limited()
        case "rate_limited_bare":
            return rate_limited(retry_after=None)
        case "server_error":
            return pipedrive_error(500, "Internal server error")
        case "unavailable" | "write_then_fail":
            return httpx.Response(503, text="<html><body>503 Service Unavailable</body></html>")
        case "timeout" | "write_then_timeout":
            raise httpx.ReadTimeout("the fake Pipedrive did not answer in time")
        case "reset":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        case "conflict":
            return pipedrive_error(409, "This item already exists")
        case "malformed":
            return httpx.Response(200, json={"success": True, "data": {"name": "no id here"}})


def _ok(data: Any, additional: dict[str, Any] | None = None) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "data": data, "additional_data": additional})


def _body(request: httpx.Request) -> dict[str, Any]:
    if "application/json" not in request.headers.get("content-type", ""):
        raise Refused(415, "Unsupported Media Type: send JSON")
    try:
        body = json.loads(request.content)
    except ValueError:
        raise Refused(400, "Invalid JSON in the request body") from None
    if not isinstance(body, dict):
        raise Refused(400, "The request body must be an object")
    return body


def _id(text: str) -> int:
    if not text.isdigit():
        raise Refused(400, f"Validation failed: id: {text!r} is not an integer")
    return int(text)


def _limit(params: httpx.QueryParams) -> int:
    limit = int(params.get("limit", 100))
    if not 0 < limit <= MAX_LIMIT:
        raise Refused(400, f"Validation failed: limit: Must be between 1 and {MAX_LIMIT}")
    return limit


def _page(
    found: list[dict[str, Any]], params: httpx.QueryParams
) -> tuple[list[dict[str, Any]], str | None]:
    """One cursor page of `found`: the cursor is an opaque encoding of the next offset."""
    offset = int(base64.urlsafe_b64decode(params["cursor"])) if "cursor" in params else 0
    limit = _limit(params)
    end = offset + limit
    cursor = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(found) else None
    return found[offset:end], cursor


def _searched(
    stored: dict[str, Any], fields: list[str], searchable: dict[str, tuple[str, ...]]
) -> list[str]:
    """The texts a search in `fields` looks at."""
    texts: list[str] = []
    for name in fields:
        if name == "custom_fields":
            texts += [str(v) for v in stored.get("custom_fields", {}).values() if v is not None]
        for attribute in searchable[name]:
            value = stored.get(attribute)
            if isinstance(value, list):
                texts += [entry["value"] for entry in value]
            elif isinstance(value, dict):
                texts.append(value.get("value") or "")
            elif value is not None:
                texts.append(str(value))
    return texts


def _search_item(kind: Kind, stored: dict[str, Any]) -> dict[str, Any]:
    """A hit as v2 search shows it: lists of values, custom fields' values only."""
    item: dict[str, Any] = {
        "id": stored["id"],
        "type": kind.removesuffix("s"),
        "visible_to": 3,
        "owner": {"id": stored.get("owner_id")},
        "custom_fields": [str(v) for v in stored["custom_fields"].values() if v is not None],
        "notes": [],
    }
    if kind == "organizations":
        item |= {"name": stored["name"], "address": (stored["address"] or {}).get("value")}
    elif kind == "persons":
        item |= {
            "name": stored["name"],
            "emails": [entry["value"] for entry in stored["emails"]],
            "phones": [entry["value"] for entry in stored["phones"]],
            "organization": {"id": stored["org_id"]} if stored["org_id"] else None,
        }
    else:
        item |= {
            "title": stored["title"],
            "value": stored["value"],
            "currency": stored["currency"],
            "status": stored["status"],
            "organization": {"id": stored["org_id"]} if stored["org_id"] else None,
            "person": {"id": stored["person_id"]} if stored["person_id"] else None,
            "is_archived": False,
        }
    return item

"""A fake HubSpot speaking the documented CRM contract (v3 objects and properties, v4
associations), for the adapter's tests and the sync's soak benchmark.

- `HubSpotState`: what the portal holds (companies, contacts, deals, notes, their properties
  with the unique ones enforced, associations), kept apart from any server so that it
  survives a restart; `snapshot()`/`from_snapshot()` carry it across processes.
- `FakeHubSpot`: an httpx handler (`httpx.Request` → `httpx.Response`) over a state, for a
  `MockTransport` or a server. It checks the token, the routes and the bodies (batches of at
  most 100, known properties, association types) and refuses the way HubSpot does, with its
  error body `{"status": "error", "message", "correlationId", "category"}` and its rate-limit
  headers. Faults are queued (`faults`, each for the next matching request) or planned
  (`plan`, a function of the request): 429 with or without Retry-After, 5xx, a timeout, a
  reset connection, any answer, each either instead of the request or after it was applied
  (the CRM wrote, the caller never learnt it).
- `serve(state, port)`: the handler behind a real loopback HTTP server (every method, every
  header), where a timeout is a connection held silent and a reset a connection dropped;
  `python tests/crm_hubspot_fake.py --port 8765 --state hubspot.json` runs one standalone.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import httpx

TOKEN = "pat-eu1-7c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5"
PORTAL_ID = 4242
BATCH_LIMIT = 100
NOTE_LIMIT = 65_536
ASSOCIATIONS_PAGE = 500
TYPES = ("companies", "contacts", "deals", "notes")
TYPE_IDS = {"contacts": "0-1", "companies": "0-2", "deals": "0-3", "notes": "0-46"}
_ALIASES = {
    **{name: name for name in TYPES},
    **{name[:-1]: name for name in ("contacts", "deals", "notes")},
    "company": "companies",
    **{type_id: name for name, type_id in TYPE_IDS.items()},
}
# Each portal has these properties; `email` is the one unique one.
STANDARD_PROPERTIES = {
    "companies": (
        "name domain website phone address city zip country industry numberofemployees "
        "annualrevenue description lifecyclestage hubspot_owner_id"
    ),
    "contacts": (
        "email firstname lastname jobtitle phone mobilephone company website city "
        "lifecyclestage hs_linkedin_url hubspot_owner_id"
    ),
    "deals": "dealname dealstage pipeline amount closedate dealtype description hubspot_owner_id",
    "notes": "hs_note_body hs_timestamp hubspot_owner_id hs_attachment_ids",
}
# The default (unlabelled) association type of each pair of objects, both ways.
DEFAULT_TYPES = {
    ("contacts", "companies"): 279,
    ("companies", "contacts"): 280,
    ("deals", "contacts"): 3,
    ("contacts", "deals"): 4,
    ("deals", "companies"): 341,
    ("companies", "deals"): 342,
    ("notes", "contacts"): 202,
    ("contacts", "notes"): 201,
    ("notes", "companies"): 190,
    ("companies", "notes"): 189,
    ("notes", "deals"): 214,
    ("deals", "notes"): 213,
}
_PROPERTY_NAME = re.compile(r"[a-z][a-z0-9_]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def hubspot_error(status: int, message: str, category: str, **extra: Any) -> httpx.Response:
    """An error the way HubSpot writes them."""
    body = {
        "status": "error",
        "message": message,
        "correlationId": "5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
        "category": category,
        **extra,
    }
    return httpx.Response(status, json=body)


def rate_headers(remaining: int = 99) -> dict[str, str]:
    """The rate-limit headers HubSpot sends with every answer (a private app's 100 / 10 s)."""
    return {
        "X-HubSpot-RateLimit-Max": "100",
        "X-HubSpot-RateLimit-Remaining": str(remaining),
        "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
        "X-HubSpot-RateLimit-Daily": "250000",
        "X-HubSpot-RateLimit-Daily-Remaining": "249000",
    }


# --- state ------------------------------------------------------------------------------------


@dataclass
class Property:
    name: str
    unique: bool = False
    label: str = ""
    group: str = ""


@dataclass
class HubObject:
    """One record: properties as HubSpot keeps them, strings."""

    id: str
    properties: dict[str, str]
    created_at: str
    updated_at: str

    def public(self, names: list[str] | None = None) -> dict[str, Any]:
        shown = self.properties if names is None else {n: self.properties.get(n) for n in names}
        return {
            "id": self.id,
            "properties": {**shown, "hs_object_id": self.id},
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "archived": False,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@dataclass
class HubSpotState:
    """What the portal holds; every change is made under `lock` (a server answers from
    several threads)."""

    objects: dict[str, dict[str, HubObject]] = field(
        default_factory=lambda: {name: {} for name in TYPES}
    )
    properties: dict[str, dict[str, Property]] = field(
        default_factory=lambda: {
            name: {
                prop: Property(prop, unique=(name, prop) == ("contacts", "email"))
                for prop in STANDARD_PROPERTIES[name].split()
            }
            for name in TYPES
        }
    )
    associations: set[tuple[str, str, str, str]] = field(default_factory=set)
    next_id: int = 1001
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    # What tests ask.

    def all(self, object_type: str) -> list[HubObject]:
        return list(self.objects[object_type].values())

    def get(self, object_type: str, object_id: str) -> HubObject:
        return self.objects[object_type][object_id]

    def find(self, object_type: str, name: str, value: str) -> list[HubObject]:
        """The objects whose property `name` is `value` (an email whatever its case)."""
        wanted = value.lower() if name == "email" else value
        return [
            obj
            for obj in self.objects[object_type].values()
            if (
                obj.properties.get(name, "").lower()
                if name == "email"
                else obj.properties.get(name)
            )
            == wanted
        ]

    def associated(self, from_type: str, from_id: str, to_type: str) -> list[str]:
        return sorted(
            to_id
            for (a_type, a_id, b_type, to_id) in self.associations
            if (a_type, a_id, b_type) == (from_type, from_id, to_type)
        )

    def add_property(self, object_type: str, name: str, *, unique: bool = False) -> None:
        self.properties[object_type][name] = Property(name, unique=unique, label=name)

    # What the handler does.

    def create(self, object_type: str, properties: dict[str, str]) -> HubObject:
        object_id = str(self.next_id)
        self.next_id += 1
        now = _now()
        obj = HubObject(object_id, dict(properties), now, now)
        self.objects[object_type][object_id] = obj
        return obj

    def update(self, obj: HubObject, properties: dict[str, str]) -> None:
        obj.properties.update(properties)
        obj.updated_at = _now()

    def holder(
        self, object_type: str, properties: dict[str, str], other_than: str | None = None
    ) -> HubObject | None:
        """Another object already holding one of these unique values."""
        for name, value in properties.items():
            prop = self.properties[object_type].get(name)
            if prop is None or not prop.unique or value == "":
                continue
            for obj in self.find(object_type, name, value):
                if obj.id != other_than:
                    return obj
        return None

    def delete(self, object_type: str, object_id: str) -> None:
        """Delete an object as a user would, its associations with it."""
        del self.objects[object_type][object_id]
        self.associations = {
            link
            for link in self.associations
            if (link[0], link[1]) != (object_type, object_id)
            and (link[2], link[3]) != (object_type, object_id)
        }

    def associate(self, from_type: str, from_id: str, to_type: str, to_id: str) -> None:
        self.associations.add((from_type, from_id, to_type, to_id))
        self.associations.add((to_type, to_id, from_type, from_id))

    def snapshot(self) -> dict[str, Any]:
        """The state as JSON-able data."""
        with self.lock:
            return {
                "objects": {
                    name: [vars(obj) for obj in objects.values()]
                    for name, objects in self.objects.items()
                },
                "properties": {
                    name: [vars(prop) for prop in props.values()]
                    for name, props in self.properties.items()
                },
                "associations": sorted(self.associations),
                "next_id": self.next_id,
            }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> HubSpotState:
        return cls(
            objects={
                name: {item["id"]: HubObject(**item) for item in items}
                for name, items in data["objects"].items()
            },
            properties={
                name: {item["name"]: Property(**item) for item in items}
                for name, items in data["properties"].items()
            },
            associations={(a, b, c, d) for a, b, c, d in data["associations"]},
            next_id=data["next_id"],
        )


# --- faults -----------------------------------------------------------------------------------

FaultKind = Literal["answer", "timeout", "reset", "disconnect"]


@dataclass(frozen=True)
class Fault:
    """What goes wrong with the next request matching `method` and `path` (a part of it):
    an answer instead of HubSpot's, a timeout, a connection reset (`reset`: ReadError) or
    dropped (`disconnect`: RemoteProtocolError); with `after_write`, the request is applied
    first."""

    kind: FaultKind
    response: httpx.Response | None = None
    after_write: bool = False
    method: str | None = None
    path: str | None = None

    def matches(self, request: httpx.Request) -> bool:
        return (self.method is None or request.method == self.method) and (
            self.path is None or self.path in request.url.path
        )

    def strike(self) -> httpx.Response:
        """The answer, or the transport error, standing for what went wrong."""
        if self.kind == "answer":
            assert self.response is not None
            # A copy: a planned fault may answer many requests, each reading its own body.
            original = self.response
            return httpx.Response(
                original.status_code, headers=original.headers, content=original.content
            )
        if self.kind == "timeout":
            raise httpx.ReadTimeout("fake HubSpot: no answer in time")
        if self.kind == "reset":
            raise httpx.ReadError("fake HubSpot: connection reset by peer")
        raise httpx.RemoteProtocolError("fake HubSpot: server disconnected without an answer")


def rate_limited(retry_after: float | None = None, *, daily: bool = False, **where: Any) -> Fault:
    """A 429 as HubSpot sends it: its headers, Retry-After only when given."""
    policy = "DAILY" if daily else "SECONDLY"
    response = httpx.Response(
        429,
        json={
            "status": "error",
            "message": f"You have reached your {policy.lower()} limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": "0f1e2d3c-4b5a-4968-8776-655443322110",
            "policyName": policy,
        },
        headers={
            **rate_headers(remaining=0),
            **({} if retry_after is None else {"Retry-After": f"{retry_after:g}"}),
        },
    )
    return Fault("answer", response, **where)


def server_error(status: int = 500, *, after_write: bool = False, **where: Any) -> Fault:
    """A 5xx: HubSpot's error body for a 500, a proxy's page for a 502/503."""
    if status == 500:
        response = hubspot_error(500, "internal error", "INTERNAL_ERROR")
    else:
        response = httpx.Response(status, text="<html><body>Service Unavailable</body></html>")
    return Fault("answer", response, after_write=after_write, **where)


def answer(response: httpx.Response, *, after_write: bool = False, **where: Any) -> Fault:
    """Any answer instead of HubSpot's (a malformed 2xx, a conflict, …)."""
    return Fault("answer", response, after_write=after_write, **where)


def timeout(*, after_write: bool = False, **where: Any) -> Fault:
    """No answer in time (a server holds the connection silent)."""
    return Fault("timeout", after_write=after_write, **where)


def reset(*, after_write: bool = False, **where: Any) -> Fault:
    """The connection reset by the peer (ReadError)."""
    return Fault("reset", after_write=after_write, **where)


def disconnect(*, after_write: bool = False, **where: Any) -> Fault:
    """The connection closed without an answer (RemoteProtocolError)."""
    return Fault("disconnect", after_write=after_write, **where)


def lost_response(**where: Any) -> Fault:
    """The crash between send and commit: HubSpot writes, the caller never hears back."""
    return disconnect(after_write=True, **where)


# --- the handler ------------------------------------------------------------------------------

Route = Callable[..., httpx.Response]
_ID = r"([^/]+)"
_TYPE = r"([\w-]+)"


@dataclass
class FakeHubSpot:
    """HubSpot's CRM API over `state`: the token is `token`; `expired` tokens are refused
    as expired; `faults` go to the next matching requests, `plan` may add one to any."""

    state: HubSpotState = field(default_factory=HubSpotState)
    token: str = TOKEN
    expired: frozenset[str] = frozenset()
    faults: list[Fault] = field(default_factory=list)
    plan: Callable[[httpx.Request], Fault | None] | None = None
    association_page: int = ASSOCIATIONS_PAGE
    requests: list[httpx.Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Route]] = [
            ("POST", re.compile(rf"/crm/v3/objects/{_TYPE}/batch/upsert"), self._batch_upsert),
            ("POST", re.compile(rf"/crm/v3/objects/{_TYPE}/batch/read"), self._batch_read),
            ("POST", re.compile(rf"/crm/v3/objects/{_TYPE}"), self._create),
            ("GET", re.compile(rf"/crm/v3/objects/{_TYPE}/{_ID}"), self._read),
            ("PATCH", re.compile(rf"/crm/v3/objects/{_TYPE}/{_ID}"), self._patch),
            ("POST", re.compile(rf"/crm/v3/properties/{_TYPE}"), self._create_property),
            (
                "PUT",
                re.compile(rf"/crm/v4/objects/{_TYPE}/{_ID}/associations/default/{_TYPE}/{_ID}"),
                self._associate,
            ),
            (
                "GET",
                re.compile(rf"/crm/v4/objects/{_TYPE}/{_ID}/associations/{_TYPE}"),
                self._associations,
            ),
        ]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.state.lock:
            self.requests.append(request)
            fault = self._fault(request)
            if fault is not None and not fault.after_write:
                return fault.strike()
            response = self._answer(request)
            if fault is not None:
                return fault.strike()
            response.headers.update(rate_headers())
            return response

    def paths(self, method: str | None = None) -> list[str]:
        """The paths asked, in order (of one method when given)."""
        return [r.url.path for r in self.requests if method is None or r.method == method]

    def _fault(self, request: httpx.Request) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.matches(request):
                return self.faults.pop(index)
        return self.plan(request) if self.plan else None

    def _answer(self, request: httpx.Request) -> httpx.Response:
        authorization = request.headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ")
        if token in self.expired:
            return hubspot_error(
                401,
                "The OAuth token used to make this call expired 2 day(s) ago.",
                "EXPIRED_AUTHENTICATION",
            )
        if not authorization.startswith("Bearer ") or token != self.token:
            return hubspot_error(
                401,
                "Authentication credentials not found. This API supports OAuth 2.0 "
                "authentication and you can find more details at "
                "https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                "INVALID_AUTHENTICATION",
            )
        for method, pattern, route in self._routes:
            match = pattern.fullmatch(request.url.path)
            if match and request.method == method:
                try:
                    return route(request, *match.groups())
                except UnknownType as error:
                    return hubspot_error(
                        400, f"Unable to infer object type from: {error}", "VALIDATION_ERROR"
                    )
        return httpx.Response(404, text="")  # an unknown route: HubSpot's empty 404

    # Objects.

    def _batch_upsert(self, request: httpx.Request, object_type: str) -> httpx.Response:
        kind = _kind(object_type)
        body = _body(request)
        inputs = body.get("inputs") if isinstance(body, dict) else None
        if refused := _check_inputs(inputs):
            return refused
        assert isinstance(inputs, list)
        ids = [str(item.get("id")) for item in inputs]
        if len(set(ids)) < len(ids):
            return hubspot_error(
                400, f"Duplicate IDs found in batch input: {ids}", "VALIDATION_ERROR"
            )
        for item in inputs:
            if not isinstance(item.get("properties"), dict) or not item.get("idProperty"):
                return hubspot_error(
                    400,
                    "Invalid input JSON: idProperty and properties are required",
                    "VALIDATION_ERROR",
                )
            if refused := self._unknown(kind, item["properties"]):
                return refused
            prop = self.state.properties[kind].get(item["idProperty"])
            if prop is None or not prop.unique:
                return hubspot_error(
                    400,
                    f"Unable to perform update/upsert by non-unique {TYPE_IDS[kind]} property "
                    f"{item['idProperty']} in portal ID {PORTAL_ID}",
                    "VALIDATION_ERROR",
                )
        results, errors = [], []
        for item in inputs:
            key_property, key = item["idProperty"], str(item["id"])
            properties = {**_texts(item["properties"]), key_property: key}
            if problem := _invalid(kind, properties):
                errors.append(
                    {
                        "status": "error",
                        "category": "VALIDATION_ERROR",
                        "message": problem,
                        "context": {"ids": [key]},
                    }
                )
                continue
            found = self.state.find(kind, key_property, key)
            if found:
                self.state.update(found[0], properties)
                results.append({**found[0].public(), "new": False})
            else:
                results.append({**self.state.create(kind, properties).public(), "new": True})
        document: dict[str, Any] = {
            "status": "COMPLETE",
            "results": results,
            "startedAt": _now(),
            "completedAt": _now(),
        }
        if errors:
            document |= {"errors": errors, "numErrors": len(errors)}
        return httpx.Response(207 if errors else 200, json=document)

    def _batch_read(self, request: httpx.Request, object_type: str) -> httpx.Response:
        kind = _kind(object_type)
        body = _body(request)
        inputs = body.get("inputs") if isinstance(body, dict) else None
        if refused := _check_inputs(inputs):
            return refused
        assert isinstance(inputs, list) and isinstance(body, dict)
        names = body.get("properties") or []
        results, missing = [], []
        for item in inputs:
            obj = self.state.objects[kind].get(str(item.get("id")))
            if obj is None:
                missing.append(str(item.get("id")))
            else:
                results.append(obj.public(names))
        document: dict[str, Any] = {"status": "COMPLETE", "results": results}
        if missing:
            document["errors"] = [
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "Could not get some NOTE objects, they may be deleted or not exist.",
                    "context": {"ids": missing},
                }
            ]
            document["numErrors"] = 1
        return httpx.Response(207 if missing else 200, json=document)

    def _create(self, request: httpx.Request, object_type: str) -> httpx.Response:
        kind = _kind(object_type)
        body = _body(request)
        if not isinstance(body, dict) or not isinstance(body.get("properties"), dict):
            return hubspot_error(
                400, "Invalid input JSON: properties is required", "VALIDATION_ERROR"
            )
        if refused := self._unknown(kind, body["properties"]):
            return refused
        properties = _texts(body["properties"])
        if problem := _invalid(kind, properties):
            return hubspot_error(400, problem, "VALIDATION_ERROR")
        links = []
        for association in body.get("associations") or []:
            link = self._association_input(kind, association)
            if isinstance(link, httpx.Response):
                return link
            links.append(link)
        if holder := self.state.holder(kind, properties):
            return _conflict(kind, holder.id)
        created = self.state.create(kind, properties)
        for to_type, to_id in links:
            self.state.associate(kind, created.id, to_type, to_id)
        return httpx.Response(201, json=created.public())

    def _association_input(self, kind: str, association: Any) -> tuple[str, str] | httpx.Response:
        try:
            to_id = str(association["to"]["id"])
            [spec] = association["types"]
            category, type_id = spec["associationCategory"], int(spec["associationTypeId"])
        except (KeyError, TypeError, ValueError):
            return hubspot_error(400, "Invalid input JSON: associations", "VALIDATION_ERROR")
        to_type = next(
            (b for (a, b), t in DEFAULT_TYPES.items() if a == kind and t == type_id), None
        )
        if category != "HUBSPOT_DEFINED" or to_type is None:
            return hubspot_error(
                400,
                f"{category} association type {type_id} is not valid from {kind}",
                "VALIDATION_ERROR",
            )
        if to_id not in self.state.objects[to_type]:
            return hubspot_error(
                400,
                f"One or more associations are invalid: {to_type} {to_id} does not exist",
                "VALIDATION_ERROR",
            )
        return to_type, to_id

    def _read(self, request: httpx.Request, object_type: str, object_id: str) -> httpx.Response:
        obj = self.state.objects[_kind(object_type)].get(object_id)
        if obj is None:
            return _not_found()
        return httpx.Response(200, json=obj.public())

    def _patch(self, request: httpx.Request, object_type: str, object_id: str) -> httpx.Response:
        kind = _kind(object_type)
        obj = self.state.objects[kind].get(object_id)
        if obj is None:
            return _not_found()
        body = _body(request)
        if not isinstance(body, dict) or not isinstance(body.get("properties"), dict):
            return hubspot_error(
                400, "Invalid input JSON: properties is required", "VALIDATION_ERROR"
            )
        if not body["properties"]:
            return hubspot_error(
                400,
                "No properties found to update, please provide at least one.",
                "VALIDATION_ERROR",
            )
        if refused := self._unknown(kind, body["properties"]):
            return refused
        properties = _texts(body["properties"])
        if problem := _invalid(kind, properties):
            return hubspot_error(400, problem, "VALIDATION_ERROR")
        if holder := self.state.holder(kind, properties, other_than=object_id):
            return _conflict(kind, holder.id)
        self.state.update(obj, properties)
        return httpx.Response(200, json=obj.public())

    def _unknown(self, kind: str, properties: dict[str, Any]) -> httpx.Response | None:
        unknown = [name for name in properties if name not in self.state.properties[kind]]
        if not unknown:
            return None
        details = [
            {
                "isValid": False,
                "message": f'Property "{name}" does not exist',
                "error": "PROPERTY_DOESNT_EXIST",
                "name": name,
            }
            for name in unknown
        ]
        return hubspot_error(
            400, f"Property values were not valid: {json.dumps(details)}", "VALIDATION_ERROR"
        )

    # Properties.

    def _create_property(self, request: httpx.Request, object_type: str) -> httpx.Response:
        kind = _kind(object_type)
        body = _body(request)
        required = ("name", "label", "type", "fieldType", "groupName")
        if not isinstance(body, dict) or any(not body.get(key) for key in required):
            return hubspot_error(
                400, f"Invalid input JSON: {', '.join(required)} are required", "VALIDATION_ERROR"
            )
        name = str(body["name"])
        if not _PROPERTY_NAME.fullmatch(name):
            return hubspot_error(400, f"Property name {name!r} is not valid", "VALIDATION_ERROR")
        if (body["type"], body["fieldType"]) != ("string", "text") and body.get("hasUniqueValue"):
            return hubspot_error(400, "A unique property must be a text string", "VALIDATION_ERROR")
        if name in self.state.properties[kind]:
            return hubspot_error(
                409, f"Property named '{name}' already exists.", "OBJECT_ALREADY_EXISTS"
            )
        prop = Property(
            name, bool(body.get("hasUniqueValue")), str(body["label"]), str(body["groupName"])
        )
        self.state.properties[kind][name] = prop
        return httpx.Response(
            201,
            json={
                "name": name,
                "label": prop.label,
                "type": "string",
                "fieldType": "text",
                "groupName": prop.group,
                "hasUniqueValue": prop.unique,
                "createdAt": _now(),
            },
        )

    # Associations.

    def _associate(
        self, request: httpx.Request, from_type: str, from_id: str, to_type: str, to_id: str
    ) -> httpx.Response:
        kind, other = _kind(from_type), _kind(to_type)
        if (kind, other) not in DEFAULT_TYPES:
            return hubspot_error(
                400, f"No default association from {kind} to {other}", "VALIDATION_ERROR"
            )
        if from_id not in self.state.objects[kind] or to_id not in self.state.objects[other]:
            return _not_found()
        self.state.associate(kind, from_id, other, to_id)
        results = [
            {
                "associationSpec": {
                    "associationCategory": "HUBSPOT_DEFINED",
                    "associationTypeId": DEFAULT_TYPES[pair],
                },
                "from": {"id": a},
                "to": {"id": b},
            }
            for pair, a, b in (((kind, other), from_id, to_id), ((other, kind), to_id, from_id))
        ]
        return httpx.Response(
            200,
            json={
                "status": "COMPLETE",
                "results": results,
                "startedAt": _now(),
                "completedAt": _now(),
            },
        )

    def _associations(
        self, request: httpx.Request, from_type: str, from_id: str, to_type: str
    ) -> httpx.Response:
        kind, other = _kind(from_type), _kind(to_type)
        if from_id not in self.state.objects[kind]:
            return _not_found()
        try:
            limit = int(request.url.params.get("limit", ASSOCIATIONS_PAGE))
        except ValueError:
            return hubspot_error(400, "limit must be a number", "VALIDATION_ERROR")
        if not 0 < limit <= ASSOCIATIONS_PAGE:
            return hubspot_error(
                400, f"limit must be between 1 and {ASSOCIATIONS_PAGE}", "VALIDATION_ERROR"
            )
        limit = min(limit, self.association_page)
        ids = sorted(self.state.associated(kind, from_id, other), key=int)
        after = request.url.params.get("after")
        start = int(after) if after and after.isdigit() else 0
        page = ids[start : start + limit]
        type_id = DEFAULT_TYPES[(kind, other)]
        document: dict[str, Any] = {
            "results": [
                {
                    "toObjectId": int(to_id),
                    "associationTypes": [
                        {"category": "HUBSPOT_DEFINED", "typeId": type_id, "label": None}
                    ],
                }
                for to_id in page
            ]
        }
        if start + limit < len(ids):
            document["paging"] = {"next": {"after": str(start + limit), "link": None}}
        return httpx.Response(200, json=document)


class UnknownType(LookupError):
    """A path naming no object type HubSpot knows."""


def _kind(name: str) -> str:
    """The object type a path names (`companies`, `company`, `0-2` …)."""
    try:
        return _ALIASES[name]
    except KeyError:
        raise UnknownType(name) from None


def _body(request: httpx.Request) -> Any:
    try:
        return json.loads(request.content or b"null")
    except ValueError:
        return None


def _check_inputs(inputs: Any) -> httpx.Response | None:
    if not isinstance(inputs, list) or not inputs or not all(isinstance(i, dict) for i in inputs):
        return hubspot_error(400, "Invalid input JSON: inputs is required", "VALIDATION_ERROR")
    if len(inputs) > BATCH_LIMIT:
        return hubspot_error(
            400,
            f"Too many inputs: {len(inputs)} exceeds the limit of {BATCH_LIMIT}",
            "VALIDATION_ERROR",
        )
    return None


def _texts(properties: dict[str, Any]) -> dict[str, str]:
    return {name: _text(value) for name, value in properties.items()}


def _invalid(kind: str, properties: dict[str, str]) -> str | None:
    """What HubSpot refuses in valid JSON: a malformed email, a note without time or too long."""
    email = properties.get("email")
    if kind == "contacts" and email is not None and not _EMAIL.fullmatch(email):
        return f"Property values were not valid: INVALID_EMAIL: Email address {email} is invalid"
    if kind == "notes" and "hs_timestamp" in properties and not properties["hs_timestamp"]:
        return "Property values were not valid: hs_timestamp is required"
    if kind == "notes" and len(properties.get("hs_note_body", "")) > NOTE_LIMIT:
        return (
            f"Property values were not valid: hs_note_body is longer than {NOTE_LIMIT} characters"
        )
    return None


def _conflict(kind: str, existing: str) -> httpx.Response:
    label = {"companies": "Company", "contacts": "Contact", "deals": "Deal"}.get(kind, "Object")
    return hubspot_error(409, f"{label} already exists. Existing ID: {existing}", "CONFLICT")


def _not_found() -> httpx.Response:
    return hubspot_error(
        404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND"
    )


# --- a real server ----------------------------------------------------------------------------


class HubSpotServer:
    """`handler` behind a loopback HTTP server in a thread; `stop()` and start another on the
    same port with the same state to restart it."""

    def __init__(
        self, handler: FakeHubSpot, *, host: str = "127.0.0.1", port: int = 0, hang: float = 30.0
    ) -> None:
        self.handler = handler
        self.hang = hang
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer((host, port), _http_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.port: int = self._server.server_address[1]
        self.base_url = f"http://{host}:{self.port}"

    def start(self) -> HubSpotServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> HubSpotServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(
    state: HubSpotState, port: int = 0, *, host: str = "127.0.0.1", **options: Any
) -> HubSpotServer:
    """A running fake HubSpot over `state` on `port` (0: a free one); `options` go to
    `FakeHubSpot` (token, faults, plan …)."""
    return HubSpotServer(FakeHubSpot(state, **options), host=host, port=port).start()


def _http_handler(server: HubSpotServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._answer()

        do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = httpx.Request(
                self.command,
                server.base_url + self.path,
                headers=list(self.headers.items()),
                content=self.rfile.read(length),
            )
            try:
                response = server.handler(request)
            except httpx.TimeoutException:
                server.stopping.wait(server.hang)  # silent until the client gives up
                self.close_connection = True
                return
            except httpx.ReadError:
                # An RST, not a clean close: the client reads "connection reset by peer".
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                return
            except httpx.TransportError:
                self.close_connection = True
                return
            body = response.content
            try:
                self.send_response(response.status_code)
                for name, value in response.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting

    return Handler


def _main() -> None:
    parser = argparse.ArgumentParser(description="A fake HubSpot on a loopback port.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--state", type=Path, help="JSON file read at start, written at exit")
    options = parser.parse_args()
    state = HubSpotState()
    if options.state and options.state.exists():
        state = HubSpotState.from_snapshot(json.loads(options.state.read_text(encoding="utf-8")))
    server = serve(state, options.port, token=options.token)
    print(f"fake HubSpot on {server.base_url}", flush=True)
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    try:
        done.wait()
    finally:
        server.stop()
        if options.state:
            options.state.write_text(json.dumps(state.snapshot()), encoding="utf-8")


if __name__ == "__main__":
    _main()

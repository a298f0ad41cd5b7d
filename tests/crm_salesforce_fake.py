"""A fake Salesforce org speaking the REST contract the Salesforce adapter uses, for its tests
and the sync's soak benchmark.

`SalesforceOrg` is the org's state (leads, notes, tokens): plain data behind a lock, so it
outlives a server restart. `FakeSalesforce(org)` is an httpx handler (`httpx.Request` →
`httpx.Response`) over it, usable in a `MockTransport` or behind `salesforce_server`, a real
loopback HTTP server (GET, POST, PATCH). What it checks, as Salesforce does:

- `POST /services/oauth2/token`, a form with grant_type=client_credentials and the app's
  client id and secret, else 400 {"error", "error_description"};
- every other request needs `Authorization: Bearer <a token it issued>`, else 401
  [{"errorCode": "INVALID_SESSION_ID"}]; `org.expire_tokens()` ends them all;
- `PATCH …/sobjects/Lead/{field}/{value}`: upsert by the org's external-ID field (another
  field: 404 NOT_FOUND), 201 created, 200 {created: false} or 204 on update (`update_status`),
  300 when several leads hold the value (`org.add_lead` makes such a state), 400
  REQUIRED_FIELD_MISSING without LastName or Company, STRING_TOO_LONG, INVALID_FIELD for a
  name that is no field; stricter than Salesforce, it refuses the external-ID field in the body;
- `POST …/sobjects/Note` (ParentId a lead, Title ≤ 80, Body ≤ 32,000) and
  `PATCH …/sobjects/Note/{id}` (404 NOT_FOUND when gone, ParentId not updatable);
- `GET …/query?q=` for exactly two queries, parsed strictly (other text, a bad escape:
  400 MALFORMED_QUERY): `SELECT Id FROM Lead WHERE <field> = '<literal>'` and
  `SELECT Id FROM Note WHERE ParentId = '<literal>' AND Title = '<literal>'`.
Answers carry `Sforce-Limit-Info: api-usage=<used>/<limit>`.

Faults (`Fault`) are queued on the handler and apply to the next request matching `on`
("PATCH /sobjects/Lead", "" for any): answer something else instead (a 429, a 5xx, a
malformed 2xx, an exception such as `httpx.ReadTimeout`), or apply the write and then answer
something else (the org wrote, the caller never learnt it), optionally after expiring the
tokens.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

import httpx

Handler = Callable[[httpx.Request], httpx.Response]
Answer = httpx.Response | Exception | Callable[[httpx.Response], httpx.Response]

CLIENT_ID = "3MVG9fake.filon.connected.app"
CLIENT_SECRET = "F1L0N-client-secret-0042"
LOGIN_URL = "https://login.salesforce.test"
INSTANCE_URL = "https://filon-dev.my.salesforce.test"
VERSION = "v61.0"
KEY_FIELD = "Filon_Lead_Key__c"
SIREN_FIELD = "SIREN__c"

LEAD_FIELDS = {
    "FirstName", "LastName", "Company", "Email", "Title", "Phone", "Website", "LeadSource",
    "Status", "OwnerId", "Description", "Industry", "City", "NumberOfEmployees",
    "AnnualRevenue", "Rating",
}  # fmt: skip
LENGTHS = {"FirstName": 40, "LastName": 80, "Company": 255, "Email": 80, "Title": 128}
NOTE_FIELDS = {"ParentId", "Title", "Body", "IsPrivate", "OwnerId"}
NOTE_LENGTHS = {"Title": 80, "Body": 32_000}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_LITERAL = r"'((?:[^'\\]|\\.)*)'"
_LEAD_QUERY = re.compile(rf"SELECT Id FROM Lead WHERE ({_NAME.pattern}) = {_LITERAL}")
_NOTE_QUERY = re.compile(rf"SELECT Id FROM Note WHERE ParentId = {_LITERAL} AND Title = {_LITERAL}")
_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def sf_error(
    status: int, code: str, message: str, fields: list[str] | None = None
) -> httpx.Response:
    """A refusal the way Salesforce writes them: an array of errors."""
    error: dict[str, Any] = {"message": message, "errorCode": code}
    if fields is not None:
        error["fields"] = fields
    return httpx.Response(status, json=[error])


def too_many_requests(retry_after: float | None = None) -> httpx.Response:
    """A 429 with Salesforce's usage header, and `Retry-After` when given."""
    headers = {"Sforce-Limit-Info": "api-usage=15000/15000"}
    if retry_after is not None:
        headers["Retry-After"] = f"{retry_after:g}"
    body = [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
    return httpx.Response(429, json=body, headers=headers)


def unavailable(status: int = 503) -> httpx.Response:
    """A 5xx as Salesforce's edge sends them."""
    body = [{"message": "Service temporarily unavailable", "errorCode": "SERVER_UNAVAILABLE"}]
    return httpx.Response(status, json=body)


@dataclass
class Fault:
    """What to do to the next request whose "METHOD /path" contains `on`: answer `instead`
    without touching the org, or handle it and answer `after` (a function of the real
    answer); `expire` ends every token first."""

    on: str = ""
    instead: Answer | None = None
    after: Answer | None = None
    expire: bool = False


@dataclass
class SalesforceOrg:
    """The org's state: leads and notes by id, the tokens it issued, the app's credentials."""

    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    key_field: str = KEY_FIELD
    extra_fields: frozenset[str] = frozenset({SIREN_FIELD})
    instance_url: str | None = INSTANCE_URL  # None: the origin the token was asked from
    update_status: int = 200  # 204 as before API 46.0
    leads: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    api_limit: int = 15_000
    used: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self, prefix: str) -> str:
        """An 18-character id with the object's key prefix (00Q Lead, 002 Note)."""
        return f"{prefix}{next(self.counter):015d}"

    def add_lead(self, fields: dict[str, Any]) -> str:
        """A lead written by someone else (it may share a key with another: a 300 then)."""
        lead_id = self.new_id("00Q")
        self.leads[lead_id] = dict(fields)
        return lead_id

    def leads_with(self, name: str, value: Any) -> list[str]:
        return [lead_id for lead_id, lead in self.leads.items() if lead.get(name) == value]

    def notes_of(self, lead_id: str) -> list[dict[str, Any]]:
        return [note for note in self.notes.values() if note["ParentId"] == lead_id]

    def delete_lead(self, lead_id: str) -> None:
        """Delete a lead and, as Salesforce does, its notes."""
        del self.leads[lead_id]
        self.notes = {i: note for i, note in self.notes.items() if note["ParentId"] != lead_id}

    def expire_tokens(self) -> None:
        self.tokens.clear()

    def is_lead_field(self, name: str) -> bool:
        return name in LEAD_FIELDS or name == self.key_field or name in self.extra_fields


class FakeSalesforce:
    """The org's REST API as an httpx handler, with the requests it received and its faults."""

    def __init__(self, org: SalesforceOrg | None = None, *faults: Fault) -> None:
        self.org = org or SalesforceOrg()
        self.faults = list(faults)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.org.lock:
            self.requests.append(request)
            fault = self._fault_for(request)
            if fault is not None and fault.expire:
                self.org.expire_tokens()
            if fault is not None and fault.instead is not None:
                return _deliver(fault.instead, None)
            response = self.handle(request)
            if fault is not None and fault.after is not None:
                return _deliver(fault.after, response)
            return response

    def data_requests(self, method: str = "", on: str = "") -> list[httpx.Request]:
        """The requests to the REST API (not the token's), by method and path part."""
        return [
            r
            for r in self.requests
            if "/services/data/" in r.url.path
            and (not method or r.method == method)
            and on in r.url.path
        ]

    @property
    def token_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == "/services/oauth2/token"]

    def _fault_for(self, request: httpx.Request) -> Fault | None:
        line = f"{request.method} {request.url.path}"
        for index, fault in enumerate(self.faults):
            if fault.on in line:
                return self.faults.pop(index)
        return None

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The org's answer to one request, faults aside."""
        path = request.url.path
        if path == "/services/oauth2/token" and request.method == "POST":
            return self._token(request)
        match = re.fullmatch(r"/services/data/(v\d+\.\d)/(.+)", path)
        if match is None:
            return sf_error(404, "NOT_FOUND", "The requested resource does not exist")
        if self._bearer(request) not in self.org.tokens or not self._on_instance(request):
            return sf_error(401, "INVALID_SESSION_ID", "Session expired or invalid")
        self.org.used += 1
        response = self._route(request, match.group(1))
        response.headers["Sforce-Limit-Info"] = f"api-usage={self.org.used}/{self.org.api_limit}"
        return response

    def _route(self, request: httpx.Request, version: str) -> httpx.Response:
        raw = request.url.raw_path.decode("ascii").split("?", 1)[0]
        parts = [unquote(part) for part in raw.split("/")[4:]]
        method = request.method
        if method == "GET" and parts == ["query"]:
            return self._query(request.url.params.get("q", ""), version)
        if parts[:2] == ["sobjects", "Lead"] and len(parts) == 4 and method == "PATCH":
            return self._with_body(
                request, lambda body: self._upsert_lead(parts[2], parts[3], body, version)
            )
        if parts == ["sobjects", "Note"] and method == "POST":
            return self._with_body(request, self._create_note)
        if parts[:2] == ["sobjects", "Note"] and len(parts) == 3 and method == "PATCH":
            return self._with_body(request, lambda body: self._update_note(parts[2], body))
        return sf_error(404, "NOT_FOUND", "The requested resource does not exist")

    # --- OAuth ---------------------------------------------------------------------------

    def _token(self, request: httpx.Request) -> httpx.Response:
        if not request.headers.get("Content-Type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return _oauth_error("invalid_request", "must use application/x-www-form-urlencoded")
        form = {k: v[-1] for k, v in parse_qs(request.content.decode("utf-8")).items()}
        if form.get("grant_type") != "client_credentials":
            return _oauth_error("unsupported_grant_type", "grant type not supported")
        if (form.get("client_id"), form.get("client_secret")) != (
            self.org.client_id,
            self.org.client_secret,
        ):
            return _oauth_error("invalid_client", "invalid client credentials")
        token = f"00DFAKE0000000042!AR{next(self.org.counter):08d}"
        self.org.tokens.add(token)
        instance = self.org.instance_url or f"{request.url.scheme}://{request.url.netloc.decode()}"
        return httpx.Response(
            200,
            json={
                "access_token": token,
                "signature": "c2lnbmF0dXJl",
                "scope": "api",
                "instance_url": instance,
                "id": "https://login.salesforce.test/id/00DFAKE0000000042/005FAKE0000000042",
                "token_type": "Bearer",
                "issued_at": str(int(time.time() * 1000)),
            },
        )

    def _on_instance(self, request: httpx.Request) -> bool:
        """Whether a REST request went to the instance its token was issued for."""
        wanted = self.org.instance_url
        return wanted is None or httpx.URL(wanted).netloc == request.url.netloc

    @staticmethod
    def _bearer(request: httpx.Request) -> str:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return token if scheme == "Bearer" else ""

    # --- sObjects --------------------------------------------------------------------------

    def _with_body(
        self, request: httpx.Request, write: Callable[[dict[str, Any]], httpx.Response]
    ) -> httpx.Response:
        if not request.headers.get("Content-Type", "").startswith("application/json"):
            kind = request.headers.get("Content-Type", "")
            return sf_error(
                415, "UNSUPPORTED_MEDIA_TYPE", f"MediaType of '{kind}' is not supported"
            )
        try:
            body = json.loads(request.content)
        except ValueError:
            return sf_error(400, "JSON_PARSER_ERROR", "Unexpected character in the body")
        if not isinstance(body, dict):
            return sf_error(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of sObject")
        return write(body)

    def _upsert_lead(
        self, name: str, value: str, body: dict[str, Any], version: str
    ) -> httpx.Response:
        org = self.org
        if name != org.key_field:
            message = f"Provided external ID field does not exist or is not accessible: {name}"
            return sf_error(404, "NOT_FOUND", message)
        if name in body:
            return sf_error(400, "INVALID_FIELD", f"{name} is in the URL: not in the body", [name])
        if problem := _bad_fields(body, org.is_lead_field, "Lead", LENGTHS):
            return problem
        matches = org.leads_with(name, value)
        if len(matches) > 1:
            urls = [f"/services/data/{version}/sobjects/Lead/{lead_id}" for lead_id in matches]
            return httpx.Response(300, json=urls)
        if matches:
            [lead_id] = matches
            org.leads[lead_id].update(body)
            if org.update_status == 204:
                return httpx.Response(204)
            return _saved(lead_id, created=False)
        lead = {**body, name: value}
        missing = [f for f in ("LastName", "Company") if not str(lead.get(f) or "").strip()]
        if missing:
            message = f"Required fields are missing: [{', '.join(missing)}]"
            return sf_error(400, "REQUIRED_FIELD_MISSING", message, missing)
        lead_id = org.add_lead(lead)
        return _saved(lead_id, created=True, status=201)

    def _create_note(self, body: dict[str, Any]) -> httpx.Response:
        if problem := _bad_fields(body, NOTE_FIELDS.__contains__, "Note", NOTE_LENGTHS):
            return problem
        missing = [f for f in ("ParentId", "Title") if not body.get(f)]
        if missing:
            message = f"Required fields are missing: [{', '.join(missing)}]"
            return sf_error(400, "REQUIRED_FIELD_MISSING", message, missing)
        if body["ParentId"] not in self.org.leads:
            return sf_error(
                400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ["ParentId"]
            )
        note_id = self.org.new_id("002")
        self.org.notes[note_id] = {"IsPrivate": False, "Body": None, **body}
        return httpx.Response(201, json={"id": note_id, "success": True, "errors": []})

    def _update_note(self, note_id: str, body: dict[str, Any]) -> httpx.Response:
        if note_id not in self.org.notes:
            return sf_error(404, "NOT_FOUND", "The requested resource does not exist")
        if "ParentId" in body:
            message = "Unable to create/update fields: ParentId. Please check the security settings of this field."
            return sf_error(400, "INVALID_FIELD_FOR_INSERT_UPDATE", message, ["ParentId"])
        if problem := _bad_fields(body, NOTE_FIELDS.__contains__, "Note", NOTE_LENGTHS):
            return problem
        self.org.notes[note_id].update(body)
        return httpx.Response(204)

    # --- SOQL --------------------------------------------------------------------------------

    def _query(self, soql: str, version: str) -> httpx.Response:
        try:
            if lead := _LEAD_QUERY.fullmatch(soql):
                name = lead.group(1)
                if not self.org.is_lead_field(name):
                    message = f"No such column '{name}' on entity 'Lead'."
                    return sf_error(400, "INVALID_FIELD", message)
                kind, found = "Lead", self.org.leads_with(name, _unescape(lead.group(2)))
            elif note := _NOTE_QUERY.fullmatch(soql):
                parent, title = _unescape(note.group(1)), _unescape(note.group(2))
                kind = "Note"
                found = [
                    note_id
                    for note_id, row in self.org.notes.items()
                    if row["ParentId"] == parent and row["Title"] == title
                ]
            else:
                raise _Malformed(f"unexpected query: {soql[:80]}")
        except _Malformed as error:
            return sf_error(400, "MALFORMED_QUERY", str(error))
        records = [
            {
                "attributes": {
                    "type": kind,
                    "url": f"/services/data/{version}/sobjects/{kind}/{i}",
                },
                "Id": i,
            }
            for i in found
        ]
        return httpx.Response(
            200, json={"totalSize": len(records), "done": True, "records": records}
        )


def _unescape(literal: str) -> str:
    """A SOQL literal's text; an escape SOQL does not define is a malformed query."""

    def one(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _UNESCAPE:
            raise _Malformed(f"invalid escape sequence \\{char}")
        return _UNESCAPE[char]

    return re.sub(r"\\(.)", one, literal, flags=re.DOTALL)


class _Malformed(ValueError):
    pass


def _bad_fields(
    body: dict[str, Any], known: Callable[[str], bool], kind: str, lengths: dict[str, int]
) -> httpx.Response | None:
    for name, value in body.items():
        if not _NAME.fullmatch(name) or not known(name):
            return sf_error(
                400, "INVALID_FIELD", f"No such column '{name}' on sobject of type {kind}", [name]
            )
        limit = lengths.get(name)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            message = f"{kind} {name}: data value too large: {value[:20]}... (max length={limit})"
            return sf_error(400, "STRING_TOO_LONG", message, [name])
    return None


def _saved(record_id: str, *, created: bool, status: int = 200) -> httpx.Response:
    body = {"id": record_id, "success": True, "errors": [], "created": created}
    return httpx.Response(status, json=body)


def _oauth_error(error: str, description: str) -> httpx.Response:
    return httpx.Response(400, json={"error": error, "error_description": description})


def _deliver(answer: Answer, response: httpx.Response | None) -> httpx.Response:
    if isinstance(answer, Exception):
        raise answer
    if isinstance(answer, httpx.Response):
        return answer
    assert response is not None, "a function of the answer needs the request handled"
    return answer(response)


# --- a loopback server ---------------------------------------------------------------------


@contextmanager
def salesforce_server(handler: Handler, *, port: int = 0) -> Iterator[str]:
    """A real HTTP server on the loopback answering with `handler` (GET, POST and PATCH,
    every header of the answer); yields its base URL. `port` reopens one on the same port,
    after a restart. A handler raising `httpx.TimeoutException` holds the connection without
    answering until the client gives up; any other exception closes it without a word (a
    reset). Build the org with `instance_url=None` so that tokens point here."""
    stopping = threading.Event()

    class Answer(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PATCH(self) -> None:
            self._answer()

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = httpx.Request(
                self.command,
                base_url + self.path,
                headers=dict(self.headers.items()),
                content=self.rfile.read(length),
            )
            try:
                response = handler(request)
            except httpx.TimeoutException:
                stopping.wait(30)
                self.close_connection = True
                return
            except Exception:
                self.close_connection = True
                return
            body = response.content
            try:
                self.send_response(response.status_code)
                for name, value in response.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                if response.status_code != 204:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if response.status_code != 204:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting

    server = ThreadingHTTPServer(("127.0.0.1", port), Answer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield base_url
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()

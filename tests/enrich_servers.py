"""Fake Hunter and Dropcontact speaking their documented contracts, for the enrichment
provider tests: each is an httpx handler (`httpx.Request` → `httpx.Response`) usable in a
`MockTransport` with a fake clock, or behind `local_server`, a real loopback HTTP server
for tests that go through the real client and a socket."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from recherche_fakes import FakeClock

from agent.http import OutsideApi, RetryPolicy
from agent.settings import Settings

Handler = Callable[[httpx.Request], httpx.Response]
HUNTER_KEY = "hk_live_9f2c41d07be3a5"
DROPCONTACT_KEY = "dc_secret_77ab31c4e9"


def hunter_error(status: int, error_id: str, details: str) -> httpx.Response:
    """An error the way Hunter writes them."""
    return httpx.Response(
        status, json={"errors": [{"id": error_id, "code": status, "details": details}]}
    )


@dataclass
class FakeHunter:
    """Hunter's email-finder and email-verifier: `people` maps (first, last) to an address,
    `statuses` an address to its verification status; a wrong key is a 401."""

    people: dict[tuple[str, str], str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    key: str = HUNTER_KEY
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("X-API-KEY") != self.key:
            return hunter_error(401, "authentication_failed", "No user found for the API key")
        params = request.url.params
        if request.url.path.endswith("/email-finder"):
            email = self.people.get((params["first_name"], params["last_name"]))
            return httpx.Response(200, json=self.found(email))
        if request.url.path.endswith("/email-verifier"):
            status = self.statuses.get(params["email"], "valid")
            data = {"email": params["email"], "status": status, "score": 91}
            return httpx.Response(200, json={"data": data, "meta": {}})
        return hunter_error(404, "not_found", "Not found")

    def found(self, email: str | None) -> dict[str, Any]:
        """A finder answer for `email` (None: not found)."""
        verification = {"date": "2026-11-02", "status": self.statuses.get(email or "", "valid")}
        data = {
            "email": email,
            "score": 94 if email else None,
            "position": "Directeur financier" if email else None,
            "sources": [{"domain": "ondilab.fr", "uri": "https://ondilab.fr/equipe"}],
            "verification": verification if email else None,
        }
        return {"data": data, "meta": {"params": {}}}


@dataclass
class FakeDropcontact:
    """Dropcontact's asynchronous enrichment: a POST gives a request id, which answers "not
    ready" `not_ready` times before giving one record per person sent, from `records`
    (keyed by last name), in the order sent."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    not_ready: int = 0
    key: str = DROPCONTACT_KEY
    requests: list[httpx.Request] = field(default_factory=list)
    batches: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    ids: Iterator[int] = field(default_factory=itertools.count)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("X-Access-Token") != self.key:
            return httpx.Response(401, json={"error": True, "reason": "Invalid access token"})
        if request.method == "POST" and request.url.path.endswith("/enrich/all"):
            request_id = f"req-{next(self.ids)}"
            self.batches[request_id] = json.loads(request.content)["data"]
            return httpx.Response(
                200, json={"request_id": request_id, "success": True, "credits_left": 4200}
            )
        request_id = request.url.path.rsplit("/", 1)[-1]
        if request_id not in self.batches:
            return httpx.Response(404, json={"error": True, "reason": "Unknown request"})
        self.polls[request_id] = self.polls.get(request_id, 0) + 1
        if self.polls[request_id] <= self.not_ready:
            return httpx.Response(200, json=not_ready())
        data = [self.enriched(person) for person in self.batches[request_id]]
        return httpx.Response(200, json={"success": True, "data": data})

    def enriched(self, person: dict[str, Any]) -> dict[str, Any]:
        """The record Dropcontact sends back for one person: what was sent, and what it found."""
        return {**person, "email": [], **self.records.get(person["last_name"], {})}

    @property
    def posts(self) -> list[httpx.Request]:
        return [request for request in self.requests if request.method == "POST"]


def not_ready() -> dict[str, Any]:
    return {
        "success": False,
        "reason": "Request not ready yet, try again in 30 seconds",
        "error": False,
    }


def mock_api(
    vendor: str, handler: Handler, clock: FakeClock, policy: RetryPolicy | None = None
) -> OutsideApi:
    """An `OutsideApi` over a MockTransport, its waits and deadlines on the fake clock."""
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return OutsideApi(vendor, client, policy=policy, clock=clock, sleep=clock.sleep)


def socket_settings(home: Any, timeout: float = 5.0) -> Settings:
    return Settings(FILON_HOME=home, FILON_HTTP_TIMEOUT=timeout)


@dataclass
class LocalServer:
    """A loopback server answering with `handler`, after `delay` seconds when set."""

    handler: Handler
    delay: float = 0.0
    base_url: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)


def _http_handler(state: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PATCH(self) -> None:
            self._answer()

        def do_PUT(self) -> None:
            self._answer()

        def do_DELETE(self) -> None:
            self._answer()

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = httpx.Request(
                self.command,
                state.base_url + self.path,
                headers=dict(self.headers.items()),
                content=self.rfile.read(length),
            )
            response = state.handler(request)
            if state.delay and state.stopping.wait(state.delay):
                return
            body = response.content
            try:
                self.send_response(response.status_code)
                self.send_header(
                    "Content-Type", response.headers.get("Content-Type", "application/json")
                )
                self.send_header("Content-Length", str(len(body)))
                for name, value in response.headers.items():  # Retry-After, rate-limit headers…
                    if name.lower() not in ("content-type", "content-length"):
                        self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is what a timeout test wants

    return Handler


@contextmanager
def local_server(handler: Handler, *, delay: float = 0.0) -> Iterator[LocalServer]:
    """A running server on a free loopback port, answering every request with `handler`."""
    state = LocalServer(handler, delay)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _http_handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()

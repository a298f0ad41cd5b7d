"""A local HTTP server speaking the API Recherche d'entreprises contract (`GET /search`), for
tests that need a real socket: the real client, the real `filon` command, several processes.

It serves a body (the recorded page by default) and records when each request arrived.
Faults are scripted: an HTTP status, or a body drip-fed one byte at a time, as a broken
proxy or a hostile server would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from recherche_fakes import DATA


@dataclass
class RechercheServer:
    """What the server answers, and what it saw (`seen`: path, User-Agent, arrival time)."""

    body: bytes = field(default_factory=lambda: (DATA / "search_page.json").read_bytes())
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip_every: float | None = None  # seconds between the body's bytes
    seen: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def arrivals(self) -> list[float]:
        """Arrival times of the requests (time.monotonic), sorted."""
        return sorted(request["at"] for request in self.seen)


def _handler(state: RechercheServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            state.seen.append(
                {
                    "path": self.path,
                    "user_agent": self.headers.get("User-Agent"),
                    "at": time.monotonic(),
                }
            )
            if not self.path.startswith("/search?"):
                status, body = 404, b'{"erreur": "Not Found"}'
            else:
                status, body = state.status, state.body
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                if state.drip_every is None:
                    self.wfile.write(body)
                    return
                for index in range(len(body)):
                    if state.stopping.wait(state.drip_every):
                        return
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up: that is what the test wants

    return Handler


@contextmanager
def recherche_server(**script: Any) -> Iterator[RechercheServer]:
    """A running server on a free loopback port; `script` sets `RechercheServer` fields."""
    state = RechercheServer(**script)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
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

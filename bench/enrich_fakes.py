"""The fake world of the enrichment benchmark: who has which address, which provider finds it
and how long each call takes, all drawn from a seed and what the call carries (so a person's
answer and latency do not depend on the order calls go out in).

- `PatternFake` (free, per person) and `DropcontactFake` (paid, batches) are in-process
  providers that sleep their latency;
- `serve` is a fake Hunter email-finder on 127.0.0.1, run in its own process as
  `python -m bench.enrich_fakes serve --seed 7` (it prints `port N`), so the real
  `HunterProvider` goes through the HTTP client and a socket. It sleeps each request's latency
  and gives the latencies it drew at `GET /_latencies` (and forgets them).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from agent.enrichment.ports import Finding, Target
from store.models import EmailStatus

LATENCY = (0.100, 0.300)  # seconds, every call of every provider
CATCH_ALL_COMPANIES = 0.20  # share of companies whose mail server accepts any address
# Share of the people a provider is asked about that it finds: with the company's domain, and
# with only its name (the pattern provider needs a domain).
HIT_RATES = {
    "pattern": (0.45, 0.0),
    "hunter": (0.55, 0.30),
    "dropcontact": (0.50, 0.40),
}
COMPOUND_PENALTY = 0.75  # "Jean-François de La Tour": fewer pattern guesses come out right
# Of the addresses found at a company that is not catch-all, the share verified; the rest is
# "guessed" (pattern), "unknown" (Hunter) or "catch_all" (Dropcontact's own verdict).
VERIFIED = {"pattern": 0.75, "hunter": 0.90, "dropcontact": 0.95}
NOT_VERIFIED = {
    "pattern": EmailStatus.guessed,
    "hunter": EmailStatus.unknown,
    "dropcontact": EmailStatus.catch_all,
}
HUNTER_STATUS = {
    EmailStatus.verified: "valid",
    EmailStatus.catch_all: "accept_all",
    EmailStatus.unknown: "unknown",
}


def draw(seed: int, *parts: str) -> float:
    """A number in [0, 1) fixed by the seed and the parts."""
    text = "\x1f".join((str(seed), *parts)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") / 2**64


def latency(seed: int, provider: str, key: str) -> float:
    """Seconds one call of `provider` about `key` takes."""
    low, high = LATENCY
    return low + (high - low) * draw(seed, "latency", provider, key)


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits only: "Jean-François" → "jeanfrancois"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in folded.lower() if char.isalnum())


def answer(
    seed: int, provider: str, first: str, last: str, *, domain: str | None, company: str
) -> tuple[str | None, EmailStatus]:
    """What `provider` answers about a person: an address (None: not found) and its status."""
    where = domain or company.lower()
    rate = HIT_RATES[provider][0 if domain else 1]
    if provider == "pattern" and ("-" in first or " " in last.strip()):
        rate *= COMPOUND_PENALTY
    if draw(seed, "hit", provider, first, last, where) >= rate:
        return None, EmailStatus.unknown
    email = f"{slug(first)}.{slug(last)}@{domain or slug(company) + '.fr'}"
    if draw(seed, "catch-all", where) < CATCH_ALL_COMPANIES:
        return email, EmailStatus.catch_all
    if draw(seed, "verified", provider, first, last, where) < VERIFIED[provider]:
        return email, EmailStatus.verified
    return email, NOT_VERIFIED[provider]


@dataclass
class PatternFake:
    """The free provider, one person a call: no domain, no guess (answered at once)."""

    seed: int
    concurrency: int = 8
    name: str = "pattern"
    batch_size: int = 1
    cost: float = 0.0
    latencies: list[float] = field(default_factory=list)

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """One finding per target (the waterfall sends one)."""
        findings = []
        for target in targets:
            if not target.domain:
                self.latencies.append(0.0)
                findings.append(Finding(provider=self.name, note="no company domain"))
                continue
            seconds = latency(self.seed, self.name, target.subject)
            self.latencies.append(seconds)
            await asyncio.sleep(seconds)
            email, status = answer(
                self.seed,
                self.name,
                target.first_name,
                target.last_name,
                domain=target.domain,
                company=target.company,
            )
            findings.append(Finding(provider=self.name, email=email, status=status))
        return findings


@dataclass
class DropcontactFake:
    """The paid batch provider: one call of up to `batch_size` people, 1 credit per email."""

    seed: int
    batch_size: int = 50
    concurrency: int = 2
    name: str = "dropcontact"
    cost: float = 1.0
    latencies: list[float] = field(default_factory=list)

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """One finding per target, in order, after one latency for the whole batch."""
        seconds = latency(self.seed, self.name, "|".join(t.subject for t in targets))
        self.latencies.append(seconds)
        await asyncio.sleep(seconds)
        findings = []
        for target in targets:
            email, status = answer(
                self.seed,
                self.name,
                target.first_name,
                target.last_name,
                domain=target.domain,
                company=target.company,
            )
            cost = self.cost if email else 0.0
            findings.append(Finding(provider=self.name, email=email, status=status, cost=cost))
        return findings


def hunter_finder(seed: int, params: dict[str, str]) -> tuple[float, dict[str, Any]]:
    """The seconds a Hunter email-finder request takes and its JSON answer."""
    first, last = params.get("first_name", ""), params.get("last_name", "")
    domain, company = params.get("domain") or None, params.get("company", "")
    seconds = latency(seed, "hunter", f"{first} {last}@{domain or company}".lower())
    email, status = answer(seed, "hunter", first, last, domain=domain, company=company)
    data: dict[str, Any] = {"email": email, "score": None, "sources": [], "verification": None}
    if email:
        data["score"] = 92 if status == EmailStatus.verified else 61
        data["sources"] = [{"domain": email.split("@")[1], "uri": "https://example.org/team"}]
        data["verification"] = {"date": "2026-11-02", "status": HUNTER_STATUS[status]}
    return seconds, {"data": data, "meta": {"params": params}}


def _handler(seed: int, drawn: list[float], lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real API over a pooled client
        # Headers and body go in two writes: with Nagle's algorithm on, the body would wait
        # for the client's delayed ACK (~40 ms a request), which no real API makes us pay.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/_latencies":
                with lock:
                    seen, drawn[:] = list(drawn), []
                self._send(200, seen)
            elif url.path.endswith("/email-finder"):
                params = {key: values[0] for key, values in parse_qs(url.query).items()}
                seconds, found = hunter_finder(seed, params)
                with lock:
                    drawn.append(seconds)
                time.sleep(seconds)
                self._send(200, found)
            else:
                errors = [{"id": "not_found", "code": 404, "details": "Not found"}]
                self._send(404, {"errors": errors})

        def _send(self, status: int, body: Any) -> None:
            content = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

    return Handler


def serve(seed: int) -> None:
    """Run the fake Hunter on a free loopback port until killed; print `port N` first."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(seed, [], threading.Lock()))
    server.daemon_threads = True
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the benchmark's fake Hunter server")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--seed", type=int, default=7)
    serve(parser.parse_args().seed)

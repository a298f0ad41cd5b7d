"""Where a domain's email goes: its MX hosts, looked up over DNS (dnspython's asyncio resolver).

The answer is one of three: `ok` with the hosts to talk to (MX by preference, or the domain
itself when it has an A/AAAA record but no MX, as RFC 5321 says), `no_mail` (the domain does
not exist, has neither MX nor address, or publishes a null MX), or `unknown` (the DNS did not
answer in time, or answered SERVFAIL): the caller goes on without waiting any longer.
The SMTP probe lives in agent.enrichment.smtp and is importable from here too.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import dns.asyncresolver
import dns.exception
import dns.inet
import dns.name
import dns.nameserver
import dns.rdata
import dns.rdatatype
import dns.resolver
from dns.rdtypes.ANY.MX import MX

from agent.enrichment.smtp import SmtpProbe, SmtpVerdict  # the other half of mail checking

__all__ = ["MailHosts", "MailResolver", "SmtpProbe", "SmtpVerdict"]

MailState = Literal["ok", "no_mail", "unknown"]

# A DNS failure is remembered briefly only: the next person at that domain may get an answer,
# yet fifty people at a dead domain do not wait fifty times in a row.
_UNKNOWN_TTL = 60.0


@dataclass(frozen=True, slots=True)
class MailHosts:
    """A domain's mail hosts, best first (`hosts` is empty unless `state` is "ok")."""

    state: MailState
    hosts: tuple[str, ...] = ()


class MailResolver:
    """MX lookups with a fallback to A/AAAA, bounded by `timeout` seconds, cached per domain."""

    def __init__(self, *, nameservers: Sequence[str] = (), timeout: float = 3.0) -> None:
        self._timeout = timeout
        self._nameservers = [_nameserver(item) for item in nameservers]
        self._resolver: dns.asyncresolver.Resolver | None = None
        self._cache: dict[str, tuple[MailHosts, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def mail_hosts(self, domain: str) -> MailHosts:
        """The domain's mail hosts; never raises, never takes longer than the timeout."""
        key = domain.strip().lower().rstrip(".")
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # people at the same domain share one lookup
            cached = self._cache.get(key)
            if cached is not None and cached[1] > time.monotonic():
                return cached[0]
            answer = await self._lookup(key)
            ttl = _UNKNOWN_TTL if answer.state == "unknown" else float("inf")
            self._cache[key] = (answer, time.monotonic() + ttl)
            return answer

    async def _lookup(self, domain: str) -> MailHosts:
        try:
            name = dns.name.from_text(domain) if domain else None
        except dns.exception.DNSException:
            name = None
        if name is None:
            return MailHosts("no_mail")  # not a name DNS can hold: no mail can reach it
        deadline = time.monotonic() + self._timeout
        try:
            async with asyncio.timeout(self._timeout):
                return await self._mx_or_address(name, deadline)
        except (TimeoutError, dns.exception.DNSException):
            return MailHosts("unknown")

    async def _mx_or_address(self, name: dns.name.Name, deadline: float) -> MailHosts:
        mx = await self._query(name, "MX", deadline)
        if mx is None:
            return MailHosts("no_mail")
        records = sorted(
            (record.preference, record.exchange.to_text(omit_final_dot=True).lower())
            for record in mx
            if isinstance(record, MX)
        )
        if records:
            hosts = tuple(dict.fromkeys(host for _, host in records if host != "."))
            return MailHosts("ok", hosts) if hosts else MailHosts("no_mail")  # null MX
        for rdtype in ("A", "AAAA"):
            address = await self._query(name, rdtype, deadline)
            if address is None:
                return MailHosts("no_mail")
            if len(address):
                return MailHosts("ok", (name.to_text(omit_final_dot=True),))
        return MailHosts("no_mail")

    async def _query(
        self, name: dns.name.Name, rdtype: str, deadline: float
    ) -> list[dns.rdata.Rdata] | None:
        """The records of that type (empty when there are none), None when the name does not
        exist; DNS failures and timeouts propagate."""
        try:
            answer = await self._dns().resolve(
                name,
                dns.rdatatype.from_text(rdtype),
                raise_on_no_answer=False,
                lifetime=max(deadline - time.monotonic(), 0.05),
                search=False,
            )
        except dns.resolver.NXDOMAIN:
            return None
        return list(answer.rrset) if answer.rrset is not None else []

    def _dns(self) -> dns.asyncresolver.Resolver:
        # Built on first use: the system resolver reads /etc/resolv.conf, not at construction.
        if self._resolver is None:
            resolver = dns.asyncresolver.Resolver(configure=not self._nameservers)
            if self._nameservers:
                resolver.nameservers = self._nameservers
            resolver.lifetime = self._timeout
            resolver.timeout = min(resolver.timeout, self._timeout)
            resolver.cache = None
            self._resolver = resolver
        return self._resolver


def _nameserver(value: str) -> dns.nameserver.Do53Nameserver:
    """A nameserver from "host" or "host:port" ("[::1]:5353" for IPv6 with a port)."""
    text = value.strip()
    host, port = text, 53
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        number = rest.removeprefix(":")
        port = (int(number) if number.isdigit() else -1) if rest else 53
    elif text.count(":") == 1:
        host, _, number = text.partition(":")
        port = int(number) if number.isdigit() else -1
    if not dns.inet.is_address(host) or not 0 < port < 65536:
        raise ValueError(f"DNS nameserver {value!r}: expected an IP address, optionally with :port")
    return dns.nameserver.Do53Nameserver(host, port)

"""The built-in, free provider: guess a person's address from their name and the company's
domain (agent.enrichment.patterns), check the domain takes email (MX), and, when the SMTP
probe is configured, ask its mail server which guess exists.

Statuses: verified (the server accepted it, domain not catch-all), catch_all (it accepts
anything), guessed (MX found, no SMTP asked), unknown (DNS or SMTP did not answer), invalid
(only for an address the target already had, and the server refused it). A domain without
mail or a set of refused guesses is "not found": no email.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import ClassVar

from agent.enrichment.mail import MailResolver
from agent.enrichment.patterns import candidates
from agent.enrichment.ports import Finding, Target
from agent.enrichment.smtp import SmtpProbe, SmtpVerdict
from store.models import EmailStatus


class PatternProvider:
    """Email guessing by pattern, with MX and optional SMTP verification."""

    name = "pattern"
    batch_size = 1
    cost = 0.0
    # Guesses asked over SMTP at most: past these, servers start refusing or slowing us down.
    smtp_candidates: ClassVar[int] = 6

    def __init__(
        self, *, resolver: MailResolver, smtp: SmtpProbe | None = None, concurrency: int = 8
    ) -> None:
        self.concurrency = concurrency
        self._resolver = resolver
        self._smtp = smtp

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """One finding per target, in order, `concurrency` people at once at most."""
        limit = asyncio.Semaphore(self.concurrency)

        async def one(target: Target) -> Finding:
            async with limit:
                return await self._find_one(target)

        return list(await asyncio.gather(*(one(target) for target in targets)))

    async def _find_one(self, target: Target) -> Finding:
        known = (target.email or "").strip().lower() or None
        if known is not None:
            local, _, domain = known.rpartition("@")
            if not local or not domain:
                return _finding(known, EmailStatus.invalid, "not an email address")
            addresses = [known]
        elif not target.domain:
            return _finding(note="no company domain")
        else:
            domain = target.domain.strip().lower()
            addresses = candidates(target.first_name, target.last_name, domain)
            if not addresses:
                return _finding(note=f"no address can be made from this name at {domain}")
        mail = await self._resolver.mail_hosts(domain)
        if mail.state == "no_mail":
            if known is not None:
                return _finding(known, EmailStatus.invalid, f"{domain} receives no email")
            return _finding(note=f"{domain} receives no email")
        first = addresses[0]
        if mail.state == "unknown":
            return _finding(first, EmailStatus.unknown, "DNS did not answer: unknown")
        mx = {"mx": mail.hosts[0]}
        if self._smtp is None:
            return _finding(first, EmailStatus.guessed, f"MX {mail.hosts[0]}; SMTP not asked", mx)
        asked = addresses[: self.smtp_candidates]
        verdict = await self._smtp.check(mail.hosts, asked)
        return _judge(verdict, asked, known is not None, mx)


def _judge(verdict: SmtpVerdict, asked: list[str], known: bool, mx: dict[str, str]) -> Finding:
    """The finding an SMTP verdict gives about the addresses asked, most likely first."""
    if verdict.catch_all:
        return _finding(asked[0], EmailStatus.catch_all, "catch-all domain", mx)
    rejected = [a for a in asked if verdict.of(a) == "rejected"]
    accepted = next((a for a in asked if verdict.of(a) == "accepted"), None)
    said = f"rejected: {', '.join(rejected)}" if rejected else ""
    if accepted is not None:
        note = "; ".join(filter(None, [said, f"accepted: {accepted}"]))
        return _finding(accepted, EmailStatus.verified, note, mx)
    if len(rejected) == len(asked):
        if known:
            return _finding(asked[0], EmailStatus.invalid, "rejected by the mail server", mx)
        return _finding(note="every candidate rejected", extra=mx)
    rest = next(a for a in asked if a not in rejected)
    why = f"SMTP {verdict.reason}" if verdict.reason else "SMTP could not verify"
    return _finding(rest, EmailStatus.unknown, "; ".join(filter(None, [said, why])), mx)


def _finding(
    email: str | None = None,
    status: EmailStatus = EmailStatus.unknown,
    note: str | None = None,
    extra: dict[str, str] | None = None,
) -> Finding:
    return Finding(
        provider=PatternProvider.name, email=email, status=status, note=note, extra=extra or {}
    )

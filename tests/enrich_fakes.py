"""In-memory enrichment providers for waterfall tests: scripted answers per person, a latency,
calls and concurrency counted, failures on demand."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from agent.enrichment.ports import Finding, ProviderStopped, StopReason, Target
from agent.http import ApiUnavailable
from store.models import EmailStatus

Answer = Callable[[Target], Finding | None]


@dataclass
class FakeProvider:
    """Answers `answers[last_name]` (a status; absent: not found) with `email_of(target)`."""

    name: str
    answers: dict[str, EmailStatus] = field(default_factory=dict)
    cost: float = 1.0
    batch_size: int = 1
    concurrency: int = 4
    latency: float = 0.0
    stop_with: StopReason | None = None
    fail_for: set[str] = field(default_factory=set)  # last names whose call fails (5xx)
    calls: list[list[str]] = field(default_factory=list)
    out: int = 0
    most_out: int = 0
    phone: str | None = None

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        self.calls.append([t.last_name for t in targets])
        self.out += 1
        self.most_out = max(self.most_out, self.out)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            if self.stop_with is not None:
                raise ProviderStopped(self.name, self.stop_with, "scripted")
            if any(t.last_name in self.fail_for for t in targets):
                raise ApiUnavailable(self.name, "server", "HTTP 503")
            return [self._answer(target) for target in targets]
        finally:
            self.out -= 1

    def _answer(self, target: Target) -> Finding:
        status = self.answers.get(target.last_name)
        if status is None:
            return Finding(provider=self.name, note="not found")
        email = f"{target.first_name}.{target.last_name}@{target.domain}".lower()
        return Finding(
            provider=self.name, email=email, status=status, cost=self.cost, phone=self.phone
        )

    @property
    def asked(self) -> list[str]:
        """Every last name asked, in order."""
        return [name for call in self.calls for name in call]


def target(index: int, last: str | None = None, *, domain: str = "acme.fr") -> Target:
    """Person number `index` (last name `last` or P<index>) at Acme."""
    return Target(
        contact_id=index,
        siren="552100554",
        first_name="Jean",
        last_name=last or f"P{index}",
        company="Acme",
        domain=domain,
    )

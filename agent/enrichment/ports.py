"""What the waterfall asks of an enrichment provider, and what a provider answers.

    class Provider(Protocol):
        name: str             # "pattern", "hunter", "dropcontact": the ledger and trail say it
        batch_size: int       # people per call: 1 for a per-person API, 250 for Dropcontact
        concurrency: int      # calls out at once at most
        cost: float           # credits one call costs at most (0 for a free provider)
        async def find(self, targets: Sequence[Target]) -> list[Finding]: ...

`find` answers one `Finding` per target, in the targets' order; a finding without an email
means "not found". A provider that cannot be used at all any more (bad key, quota spent)
raises `ProviderStopped`; one failing call raises `OutsideApiError` (agent/http), and the
waterfall moves on to the next provider for the people of that call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from store.models import EmailStatus

# The strength of an email status: the waterfall keeps the strongest answer it gets.
_STRENGTH = {
    EmailStatus.verified: 4,
    EmailStatus.catch_all: 3,
    EmailStatus.guessed: 2,
    EmailStatus.unknown: 1,
    EmailStatus.invalid: 0,
}

StopReason = Literal["auth", "quota"]


def strength(status: EmailStatus) -> int:
    """verified 4 > catch_all 3 > guessed 2 > unknown 1 > invalid 0."""
    return _STRENGTH[status]


@dataclass(frozen=True, slots=True)
class Target:
    """One person to find an email for: who, at which company and domain; `email` is the
    address already known (a provider that verifies checks it rather than searching)."""

    contact_id: int
    siren: str
    first_name: str
    last_name: str
    company: str
    domain: str | None = None
    email: str | None = None

    @property
    def subject(self) -> str:
        """What makes two requests the same for the cache: the person and the domain (an
        address found by a provider is not asked about again to be verified)."""
        who = f"{self.first_name} {self.last_name}".strip().lower()
        return f"{who}@{self.domain or f'siren:{self.siren}'}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A provider's answer for one person: an email and its status (none: not found), a phone
    in E.164, the provider's confidence (0–100) and a short note (why, for the trail)."""

    provider: str
    email: str | None = None
    status: EmailStatus = EmailStatus.unknown
    phone: str | None = None
    score: int | None = None
    note: str | None = None
    cost: float = 0.0  # credits this answer cost (a batch's cost is spread over its people)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        """Whether it gives an address worth keeping (an invalid one is not)."""
        return self.email is not None and self.status != EmailStatus.invalid


class ProviderStopped(RuntimeError):
    """The provider cannot be used for the rest of the run: its key is refused (`auth`) or its
    credits are spent (`quota`)."""

    def __init__(self, provider: str, reason: StopReason, detail: str) -> None:
        super().__init__(f"{provider}: {reason}: {detail}")
        self.provider = provider
        self.reason: StopReason = reason
        self.detail = detail


class Provider(Protocol):
    """An enrichment provider (see the module docstring)."""

    name: str
    batch_size: int
    concurrency: int
    cost: float

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """One finding per target, in order; raises `ProviderStopped` or `OutsideApiError`."""
        ...

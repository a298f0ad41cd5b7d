"""`Provider` adapter for Hunter (hunter.io API v2), one person per request.

    GET {base}/email-finder?domain=|company=&first_name=&last_name=   (header X-API-KEY)
      → {"data": {"email" (null: not found), "score" 0–100, "position", "sources": [...],
                  "verification": {"date", "status": "valid|accept_all|unknown"}}, "meta": {…}}
    GET {base}/email-verifier?email=                                    (a known address)
      → {"data": {"email", "status": "valid|invalid|accept_all|webmail|disposable|unknown",
                  "score", …}}
    errors → {"errors": [{"id", "code", "details"}]}

A finder call costs 1 credit when it finds an email, a verifier call 0.5. 401 stops the
provider (`auth`); 402, or a 403 whose error says the plan's usage is spent, stops it
(`quota`), and so does a 429 saying so; a 403 rate limit is `ApiRateLimited`; a finder 404
means not found. Other 429s are
retried by `OutsideApi` (Retry-After honoured); 5xx and timeouts end as `ApiUnavailable`.
The key travels only in its header, never in a URL or an error.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from agent.enrichment.ports import Finding, ProviderStopped, Target
from agent.http import ApiRateLimited, ApiRejected, OutsideApi
from store.models import EmailStatus

VENDOR = "hunter"
FINDER_COST = 1.0
VERIFIER_COST = 0.5

# Hunter's statuses as Filon's: webmail and disposable addresses prove nothing about a person.
_STATUSES = {
    "valid": EmailStatus.verified,
    "accept_all": EmailStatus.catch_all,
    "invalid": EmailStatus.invalid,
}
# Error ids and details saying the plan's searches or verifications are used up, versus a
# per-second rate limit ("too_many_requests"): the first lasts until the plan renews.
_QUOTA = re.compile(r"usage|quota|credit|plan_limit|\bplan\b|subscription", re.IGNORECASE)
_RATE = re.compile(r"too_many_requests|rate.?limit", re.IGNORECASE)

Model = TypeVar("Model", bound=BaseModel)


class Verification(BaseModel):
    status: str | None = None
    date: str | None = None


class FinderData(BaseModel):
    email: str | None = None
    score: int | None = Field(default=None, ge=0, le=100)
    position: str | None = None
    sources: list[dict[str, Any]] = Field(default_factory=list)
    verification: Verification | None = None


class FinderAnswer(BaseModel):
    data: FinderData


class VerifierData(BaseModel):
    email: str
    status: str
    score: int | None = Field(default=None, ge=0, le=100)


class VerifierAnswer(BaseModel):
    data: VerifierData


class HunterProvider:
    """Emails found (email-finder) or checked (email-verifier) by Hunter, one call a person."""

    name = VENDOR
    batch_size = 1
    cost = FINDER_COST

    def __init__(
        self, api: OutsideApi, *, api_key: str, base_url: str, concurrency: int = 4
    ) -> None:
        self.api = api
        self.concurrency = concurrency
        self._base = base_url.rstrip("/")
        self._headers = {"X-API-KEY": api_key}

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """One finding per target, in order, with at most `concurrency` calls out at once."""
        gate = asyncio.Semaphore(self.concurrency)

        async def one(target: Target) -> Finding:
            async with gate:
                return await self._find_one(target)

        return await _all_or_none([one(target) for target in targets])

    async def _find_one(self, target: Target) -> Finding:
        if target.email:
            return await self._verify(target.email)
        missing = _missing(target)
        if missing:
            return Finding(provider=VENDOR, note=f"hunter not asked: no {missing}")
        return await self._search(target)

    async def _search(self, target: Target) -> Finding:
        where = {"domain": target.domain} if target.domain else {"company": target.company}
        params = {**where, "first_name": target.first_name, "last_name": target.last_name}
        try:
            answer = await self._get("email-finder", params, FinderAnswer)
        except ApiRejected as error:
            if error.status_code == 404:
                return Finding(provider=VENDOR, note="hunter: no email found")
            raise
        data = answer.data
        if not data.email:
            return Finding(provider=VENDOR, note="hunter: no email found")
        said = data.verification.status if data.verification else None
        return Finding(
            provider=VENDOR,
            email=data.email,
            status=_status(said),
            score=data.score,
            note=f"hunter finder: {said or 'not verified'}, {len(data.sources)} source(s)",
            cost=FINDER_COST,
            extra={"position": data.position} if data.position else {},
        )

    async def _verify(self, email: str) -> Finding:
        answer = await self._get("email-verifier", {"email": email}, VerifierAnswer)
        data = answer.data
        return Finding(
            provider=VENDOR,
            email=data.email or email,
            status=_status(data.status),
            score=data.score,
            note=f"hunter verifier: {data.status}",
            cost=VERIFIER_COST,
        )

    async def _get(self, path: str, params: dict[str, str], model: type[Model]) -> Model:
        """GET one endpoint; refusals that end the provider's run become `ProviderStopped`."""
        try:
            response = await self.api.request(
                "GET", f"{self._base}/{path}", params=params, headers=self._headers
            )
        except ApiRejected as error:
            _raise_if_stopping(error)
            raise
        except ApiRateLimited as error:  # a 429 whose words say the plan is spent: a quota
            if _QUOTA.search(error.message):
                raise ProviderStopped(VENDOR, "quota", error.message) from error
            raise
        answer: Model = self.api.read_json(response, model)
        return answer


def _missing(target: Target) -> str | None:
    """What Hunter needs and the target lacks: a name, or somewhere to look."""
    if not target.first_name.strip() or not target.last_name.strip():
        return "first and last name"
    if not target.domain and not target.company.strip():
        return "domain or company name"
    return None


def _status(said: str | None) -> EmailStatus:
    return _STATUSES.get((said or "").lower(), EmailStatus.unknown)


def _raise_if_stopping(error: ApiRejected) -> None:
    """A refused key or a spent plan stops Hunter for the run; a 403 rate limit is one."""
    status, message = error.status_code, error.message
    if status == 401:
        raise ProviderStopped(VENDOR, "auth", message) from error
    if status == 402 or (status in (403, 429) and _QUOTA.search(message)):
        raise ProviderStopped(VENDOR, "quota", message) from error
    if status == 403 and _RATE.search(message):
        raise ApiRateLimited(VENDOR) from error


async def _all_or_none(calls: Sequence[Awaitable[Finding]]) -> list[Finding]:
    """Every call's finding in order; on the first failure the others are cancelled."""
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        raise

"""`Provider` adapter for Dropcontact (API v1), asynchronous batches of up to 250 people.

    POST {base}/enrich/all   (header X-Access-Token)
         {"data": [{"first_name", "last_name", "company", "website", "num_siren"}, …],
          "siren": true, "language": "fr"}
      → {"request_id", "success": true, "credits_left"}  or  {"success": false, "error": true,
         "reason"}
    GET  {base}/enrich/all/{request_id}   (same header)
      → {"success": false, "error": false, "reason": "Request not ready yet, …"} while it works,
        then {"success": true, "data": [records in the order sent]}

A record carries `email: [{"email", "qualification"}]`, `phone`, `mobile_phone`, `siren`,
`naf5_code`, `website`, `linkedin`, `job`. Only nominative professional addresses are kept:
"nominatif@pro" is verified, "catch_all@pro" / "catch-all@pro" catch-all; personal, generic
and invalid ones are skipped. A record that comes back with an email costs 1 credit.
The result is polled with waits doubling from `poll_every` to `poll_max`; no result within
`deadline` seconds is `ApiUnavailable` (timeout). 401/403 stop the provider (`auth`); 402 or
a reason about credits stop it (`quota`). The key travels only in its header.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel

from agent.contacts.phones import e164
from agent.enrichment.ports import Finding, ProviderStopped, Target
from agent.http import ApiMalformed, ApiRejected, ApiUnavailable, OutsideApi
from store.models import EmailStatus

VENDOR = "dropcontact"
BATCH_SIZE = 250
CREDIT = 1.0

_QUALIFICATIONS = {
    "nominatif@pro": EmailStatus.verified,
    "catch_all@pro": EmailStatus.catch_all,
    "catch-all@pro": EmailStatus.catch_all,
}
_CREDITS = re.compile(r"credit|crédit|quota", re.IGNORECASE)
_EXTRA = ("siren", "naf5_code", "website", "linkedin", "job")

Model = TypeVar("Model", bound=BaseModel)


class Address(BaseModel):
    email: str
    qualification: str | None = None


class Record(BaseModel):
    email: list[Address] | None = None
    phone: str | None = None
    mobile_phone: str | None = None
    siren: str | None = None
    naf5_code: str | None = None
    website: str | None = None
    linkedin: str | None = None
    job: str | None = None


class Submitted(BaseModel):
    success: bool
    request_id: str | None = None
    credits_left: int | None = None
    error: bool = False
    reason: str | None = None


class Result(BaseModel):
    success: bool
    error: bool = False
    reason: str | None = None
    data: list[Record] | None = None


class DropcontactProvider:
    """Emails, phones and SIRENs from Dropcontact, a batch submitted then polled."""

    name = VENDOR
    batch_size = BATCH_SIZE
    cost = CREDIT

    def __init__(
        self,
        api: OutsideApi,
        *,
        api_key: str,
        base_url: str,
        poll_every: float = 2.0,
        poll_max: float = 30.0,
        deadline: float = 600.0,
        concurrency: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.api = api
        self.concurrency = concurrency
        self.poll_every, self.poll_max, self.deadline = poll_every, poll_max, deadline
        self.clock, self.sleep = clock, sleep
        self._url = base_url.rstrip("/") + "/enrich/all"
        self._headers = {"X-Access-Token": api_key}

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """One finding per target, in order; more than 250 people go as successive batches."""
        findings: list[Finding] = []
        for start in range(0, len(targets), BATCH_SIZE):
            findings += await self._enrich(targets[start : start + BATCH_SIZE])
        return findings

    async def _enrich(self, batch: Sequence[Target]) -> list[Finding]:
        body = {"data": [_record(target) for target in batch], "siren": True, "language": "fr"}
        submitted = await self._call("POST", self._url, Submitted, json=body)
        if not submitted.success:
            raise _refusal(submitted.reason)
        if not submitted.request_id:
            raise ApiMalformed(VENDOR, "request_id: missing", field="request_id")
        records = await self._wait_for(submitted.request_id)
        if len(records) != len(batch):
            raise ApiMalformed(VENDOR, f"data: {len(records)} records for {len(batch)} sent")
        return [_finding(record) for record in records]

    async def _wait_for(self, request_id: str) -> list[Record]:
        """Poll until the batch is done, waiting longer each time, until the deadline."""
        started, wait = self.clock(), self.poll_every
        while True:
            left = self.deadline - (self.clock() - started)
            if left <= 0:
                raise ApiUnavailable(
                    VENDOR,
                    "timeout",
                    f"no result within {self.deadline:g} s",
                    seconds=self.deadline,
                )
            await self.sleep(min(wait, left))
            result = await self._call("GET", f"{self._url}/{request_id}", Result)
            if result.success:
                if result.data is None:
                    raise ApiMalformed(VENDOR, "data: missing", field="data")
                return result.data
            if result.error:
                raise _refusal(result.reason)
            wait = min(wait * 2, self.poll_max)

    async def _call(self, method: str, url: str, model: type[Model], *, json: Any = None) -> Model:
        """One request; a refused key or spent credits become `ProviderStopped`."""
        try:
            response = await self.api.request(method, url, json=json, headers=self._headers)
        except ApiRejected as error:
            if error.status_code in (401, 403):
                raise ProviderStopped(VENDOR, "auth", error.message) from error
            if error.status_code == 402 or _CREDITS.search(error.message):
                raise ProviderStopped(VENDOR, "quota", error.message) from error
            raise
        answer: Model = self.api.read_json(response, model)
        return answer


def _record(target: Target) -> dict[str, str]:
    """The person as Dropcontact reads them; fields Filon does not know are left out."""
    record = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "company": target.company,
        "website": target.domain or "",
        "num_siren": target.siren,
        "email": target.email or "",
    }
    return {key: value for key, value in record.items() if value}


def _refusal(reason: str | None) -> Exception:
    """Why Dropcontact said no with a 200: spent credits stop it, anything else is refused."""
    said = reason or "no reason given"
    if _CREDITS.search(said):
        return ProviderStopped(VENDOR, "quota", said)
    return ApiRejected(VENDOR, status_code=200, message=said)


def _finding(record: Record) -> Finding:
    """The record's best nominative professional address, and its phone (mobile first)."""
    addresses = record.email or []
    nothing = Finding(
        provider=VENDOR,
        phone=e164(record.mobile_phone) or e164(record.phone),
        note=_nothing_kept(addresses),
        cost=CREDIT if addresses else 0.0,
        extra={key: value for key in _EXTRA if (value := getattr(record, key))},
    )
    best = _best(addresses)
    if best is None:
        return nothing
    address, status = best
    return replace(
        nothing, email=address.email, status=status, note=f"dropcontact: {address.qualification}"
    )


def _best(addresses: list[Address]) -> tuple[Address, EmailStatus] | None:
    """The first verified address, else the first catch-all one, else None."""
    kept = [
        (a, _QUALIFICATIONS[_qualification(a)])
        for a in addresses
        if _qualification(a) in _QUALIFICATIONS
    ]
    kept.sort(key=lambda pair: pair[1] != EmailStatus.verified)
    return kept[0] if kept else None


def _nothing_kept(addresses: list[Address]) -> str:
    """Why no address is kept: none found, or only personal, generic or invalid ones."""
    if not addresses:
        return "dropcontact: no email found"
    skipped = ", ".join(sorted({_qualification(a) or "unqualified" for a in addresses}))
    return f"dropcontact: skipped {skipped} address(es), not nominative professional"


def _qualification(address: Address) -> str:
    return (address.qualification or "").strip().lower()

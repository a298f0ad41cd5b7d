"""Sending the outbox: a worker claims due rows of a CRM, writes each lead's company, contact,
deal and note through the CRM's adapter, and records how it went.

One attempt at one row:
- the lead's facts are read and mapped (`agent/crm/source.py`); a lead whose company opted
  out is `skipped` (nothing leaves);
- the four steps run in order; after each, the id the CRM gave is stored with the lease
  extended (`save_ids`), so a crash loses at most the step under way, and the next attempt
  (marked `in_doubt`) looks that object up before creating it;
- a worker that finds it no longer holds the row (its lease ran out and another took it)
  stops there;
- the CRM's refusal (`ApiRejected`: a 4xx other than 429) sends the row to the dead letters
  with the vendor's words — except a refused key (401, 403): no lead is at fault, so the rows
  wait (their attempt not counted) and the run stops for that CRM, saying why; a failure that may pass (network, timeout, 5xx, 429, an answer
  that is not the documented one) puts it back at `next_attempt_at` — the `Retry-After` the
  CRM asked for, else a backoff from `FILON_CRM_RETRY_SECONDS` doubling per attempt (one hour
  at most) — until `FILON_CRM_MAX_ATTEMPTS`, then to the dead letters too.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.crm.factory import build_crm
from agent.crm.mapping import CrmMapping, load_mapping
from agent.crm.ports import CrmClient, CrmNotConfigured
from agent.crm.records import CRMS, STEPS, CrmIds, CrmName, CrmRecord, Written
from agent.crm.source import LeadFacts, Skip, build_record, read_facts
from agent.http import ApiRateLimited, ApiRejected, OutsideApiError
from agent.i18n import Language, t
from agent.settings import Settings
from store.models import CrmSyncState
from store.models._time import utcnow
from store.repositories import crm_sync
from store.repositories.crm_sync import Claimed

BATCH = 50
# The CRM refused the key itself (bad, expired, or without the scopes): no lead is at fault.
KEY_REFUSED = (401, 403)
MAX_BACKOFF = 3600.0
Clock = Callable[[], datetime]
ClientFactory = Callable[[CrmName], CrmClient]


@dataclass(frozen=True, slots=True)
class Failure:
    """A row that failed in this run: the lead, the CRM, whether it is dead, and why."""

    lead_id: int
    crm: str
    dead: bool
    message: str


@dataclass(slots=True)
class SyncReport:
    """What one run did. `sent`: leads written to a CRM the first time; `updated`: written
    again (a re-sync); `failed`: attempts that will be tried again; `dead`: rows given up on
    (the vendor's refusal, or too many tries); `skipped`: leads that may not be sent;
    `pending`: rows still waiting at the end; `attempts`: attempts made; `not_configured`:
    CRMs whose keys are missing (their rows wait)."""

    sent: int = 0
    updated: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0
    pending: int = 0
    attempts: int = 0
    seconds: float = 0.0
    crms: list[str] = field(default_factory=list)
    not_configured: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stopped: dict[str, str] = field(default_factory=dict)  # CRM → why (its key was refused)
    failures: list[Failure] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The figures `filon sync --json` prints."""
        return {
            "sent": self.sent,
            "updated": self.updated,
            "failed": self.failed,
            "dead": self.dead,
            "pending": self.pending,
            "attempts": self.attempts,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
            "crms": self.crms,
            "not_configured": {crm: list(keys) for crm, keys in self.not_configured.items()},
            "stopped": self.stopped,
            "failures": [
                {"lead_id": f.lead_id, "crm": f.crm, "dead": f.dead, "message": f.message}
                for f in self.failures
            ],
        }


def worker_name() -> str:
    """This worker's name in the leases it takes: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Outbox:
    """The outbox of one store, sent by one worker."""

    engine: Engine
    settings: Settings
    clients: ClientFactory
    language: Language = "fr"
    worker: str = field(default_factory=worker_name)
    clock: Clock = utcnow
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def run(
        self,
        crms: Sequence[CrmName] | None = None,
        *,
        lead_ids: Sequence[int] | None = None,
        deadline: float | None = None,
    ) -> SyncReport:
        """Send every due row of `crms` (default: the configured targets, and any CRM with
        rows waiting), until none is due or `deadline` seconds have passed."""
        started = time.monotonic()
        report = SyncReport()
        for crm in crms or self.due_crms():
            report.crms.append(crm)
            try:
                client = self.clients(crm)
            except CrmNotConfigured as error:
                report.not_configured[crm] = error.missing
                continue
            try:
                mapping = load_mapping(crm, self.settings.crm_mapping)
                await self._drain(client, mapping, report, lead_ids, started, deadline)
            finally:
                await client.aclose()
        report.pending = self.pending(report.crms)
        report.seconds = time.monotonic() - started
        return report

    def due_crms(self) -> list[CrmName]:
        """The configured targets, then any other CRM that has rows waiting."""
        targets = list(self.settings.crm_targets)
        with Session(self.engine) as session:
            waiting = crm_sync.crms_waiting(session)
        names = [*targets, *(crm for crm in waiting if crm not in targets)]
        return [cast(CrmName, name) for name in names if name in CRMS]

    def pending(self, crms: Sequence[str]) -> int:
        """Rows of these CRMs still to send."""
        waiting = (CrmSyncState.pending, CrmSyncState.sending)
        with Session(self.engine) as session:
            counts = [crm_sync.count_states(session, crm=crm) for crm in crms]
        return sum(count.get(state, 0) for count in counts for state in waiting)

    async def _drain(
        self,
        client: CrmClient,
        mapping: CrmMapping,
        report: SyncReport,
        lead_ids: Sequence[int] | None,
        started: float,
        deadline: float | None,
    ) -> None:
        gate = asyncio.Semaphore(self.settings.crm_concurrency)
        while deadline is None or time.monotonic() - started < deadline:
            claimed = crm_sync.claim(
                self.engine,
                crm=client.name,
                worker=self.worker,
                lease=self.lease,
                limit=BATCH,
                now=self.clock(),
                lead_ids=lead_ids,
            )
            if not claimed:
                return
            facts = read_facts(self.engine, [row.lead_id for row in claimed])

            async def one(row: Claimed, lead: LeadFacts | None) -> None:
                async with gate:
                    await self._send(client, mapping, row, lead, report)

            await asyncio.gather(*(one(row, facts.get(row.lead_id)) for row in claimed))
            if client.name in report.stopped:
                return

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.settings.crm_lease_seconds)

    async def _send(
        self,
        client: CrmClient,
        mapping: CrmMapping,
        row: Claimed,
        facts: LeadFacts | None,
        report: SyncReport,
    ) -> None:
        if client.name in report.stopped:  # the key was refused meanwhile: leave it waiting
            self._finish(row, CrmSyncState.pending, error=report.stopped[client.name],
                         next_attempt_at=self.clock() + self.lease, not_an_attempt=True)  # fmt: skip
            return
        report.attempts += 1
        if facts is None:  # the lead was deleted since it was queued
            self._finish(row, CrmSyncState.skipped, error=t("crm.skip.lead_gone", self.language))
            report.skipped += 1
            return
        record = build_record(facts, mapping, self.language)
        if isinstance(record, Skip):
            self._finish(row, CrmSyncState.skipped, error=t(record.reason, self.language))
            report.skipped += 1
            return
        ids = CrmIds.from_dict(row.external_ids, in_doubt=row.in_doubt)
        try:
            for step in STEPS:
                written = await _step(client, step, record, ids)
                if written is None:
                    continue
                setattr(ids, step, written.id)
                held = crm_sync.save_ids(
                    self.engine,
                    sync_id=row.id,
                    worker=self.worker,
                    external_ids=ids.as_dict(),
                    lease_until=self.clock() + self.lease,
                )
                if not held:
                    return  # another worker took the row over: it finishes it
        except ApiRejected as error:
            message = _vendor_words(error)
            if error.status_code in KEY_REFUSED:  # the key, not the lead: stop, nothing dies
                report.stopped[client.name] = message
                self._finish(
                    row,
                    CrmSyncState.pending,
                    ids=ids,
                    error=message,
                    next_attempt_at=self.clock() + self.lease,
                    not_an_attempt=True,
                )
                return
            self._finish(row, CrmSyncState.dead, ids=ids, error=message)
            report.dead += 1
            report.failures.append(Failure(row.lead_id, client.name, True, message))
            return
        except (OutsideApiError, OSError, ValueError) as error:
            self._retry(row, ids, error, report, client.name)
            return
        if self._finish(row, CrmSyncState.sent, ids=ids):
            if row.sends:
                report.updated += 1
            else:
                report.sent += 1

    def _retry(
        self, row: Claimed, ids: CrmIds, error: Exception, report: SyncReport, crm: str
    ) -> None:
        message = (
            error.user_message(self.language)
            if isinstance(error, OutsideApiError)
            else f"{type(error).__name__}: {error}"
        )
        # a request that may have been applied: the next attempt looks before creating
        in_doubt = not isinstance(error, ApiRateLimited)
        if row.attempts >= self.settings.crm_max_attempts:
            given_up = t("crm.dead.attempts", self.language, attempts=row.attempts, error=message)
            self._finish(row, CrmSyncState.dead, ids=ids, error=given_up, in_doubt=in_doubt)
            report.dead += 1
            report.failures.append(Failure(row.lead_id, crm, True, given_up))
            return
        wait = self.settings.crm_retry_seconds * 2 ** (row.attempts - 1)
        if isinstance(error, ApiRateLimited) and error.retry_after is not None:
            wait = max(wait, error.retry_after)
        self._finish(
            row,
            CrmSyncState.pending,
            ids=ids,
            error=message,
            next_attempt_at=self.clock() + timedelta(seconds=min(wait, MAX_BACKOFF)),
            in_doubt=in_doubt,
        )
        report.failed += 1
        report.failures.append(Failure(row.lead_id, crm, False, message))

    def _finish(
        self,
        row: Claimed,
        state: CrmSyncState,
        *,
        ids: CrmIds | None = None,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
        in_doubt: bool = False,
        not_an_attempt: bool = False,
    ) -> bool:
        return crm_sync.finish(
            self.engine,
            sync_id=row.id,
            worker=self.worker,
            state=state,
            version=row.version,
            now=self.clock(),
            external_ids=ids.as_dict() if ids is not None else None,
            error=error,
            next_attempt_at=next_attempt_at,
            in_doubt=in_doubt,
            not_an_attempt=not_an_attempt,
        )


async def _step(client: CrmClient, step: str, record: CrmRecord, ids: CrmIds) -> Written | None:
    match step:
        case "company":
            return await client.upsert_company(record, ids)
        case "contact":
            return await client.upsert_contact(record, ids)
        case "deal":
            return await client.upsert_deal(record, ids)
        case "note":
            return await client.add_note(record, ids)
    raise ValueError(f"unknown step {step!r}")


def _vendor_words(error: ApiRejected) -> str:
    """The CRM's refusal as a rep reads it: the status and the vendor's own message."""
    return f"HTTP {error.status_code} : {error.message or error.detail}".strip()


def outbox_for(
    engine: Engine, settings: Settings, client: httpx.AsyncClient, *, language: Language
) -> Outbox:
    """The outbox sent through the real adapters on `client`."""
    return Outbox(engine, settings, lambda crm: build_crm(crm, settings, client), language=language)

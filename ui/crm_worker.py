"""The UI process sends the CRM outbox in the background: every `FILON_CRM_SYNC_INTERVAL`
seconds (0: never), one pass of `Outbox.run()` on the shared runtime — the SQLs a stage change
queued, and what a push left waiting. Started when the app starts, stopped when it stops.

A pass that fails (the store away, a CRM down, a mapping the team broke) is logged and the
next one comes on time: the UI never stops for it. Several processes may send at once (two
UIs, `filon sync`): the outbox's leases give each row to one of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from agent.crm.sync import SyncReport, outbox_for
from agent.settings import Settings
from ui.runtime import shared_runtime

logger = logging.getLogger(__name__)
Pass = Callable[[], Awaitable[SyncReport]]


class CrmWorker:
    """One background task sending the outbox every `interval` seconds."""

    def __init__(self, interval: float, send: Pass) -> None:
        self.interval = interval
        self.send = send
        self._task: asyncio.Task[None] | None = None
        self._missing: dict[str, tuple[str, ...]] = {}

    @property
    def running(self) -> bool:
        """Whether the task is alive."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start sending in the background (nothing when the interval is 0)."""
        if self.interval <= 0 or self.running:
            return
        self._task = asyncio.create_task(self._loop(), name="filon-crm-sync")

    async def stop(self) -> None:
        """Stop after the pass under way is cancelled (its rows' leases run out: another
        worker resends them, looking before it creates)."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                report = await self.send()
            except Exception:  # a failed pass is logged; the next one comes on time
                logger.exception("CRM sync: the pass failed; next one in %s s", self.interval)
                continue
            self._log(report)

    def _log(self, report: SyncReport) -> None:
        if report.attempts:
            logger.info(
                "CRM sync: sent %s, updated %s, to retry %s, dead %s, pending %s",
                report.sent, report.updated, report.failed, report.dead, report.pending,
            )  # fmt: skip
        for failure in report.failures:
            logger.warning(
                "CRM sync: lead %s → %s %s: %s",
                failure.lead_id, failure.crm, "dead" if failure.dead else "will retry",
                failure.message,
            )  # fmt: skip
        if report.not_configured != self._missing:  # said once, not every pass
            for crm, keys in report.not_configured.items():
                logger.warning("CRM sync: %s has sends waiting for %s", crm, ", ".join(keys))
            self._missing = dict(report.not_configured)


def ui_crm_worker(settings: Settings) -> CrmWorker:
    """The worker of the UI process: passes on the shared runtime's store and HTTP client."""

    async def send() -> SyncReport:
        runtime = await shared_runtime(settings)
        outbox = outbox_for(runtime.engine, settings, runtime.http, language=settings.language)
        return await outbox.run()

    return CrmWorker(settings.crm_sync_interval, send)

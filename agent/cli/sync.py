"""`filon sync [--crm hubspot|pipedrive|salesforce|csv] [--watch] [--retry-dead] [--json]`:
send the CRM outbox — the SQLs waiting for the team's CRMs — and say how it went.

`--json` prints `{"sent", "updated", "failed", "dead", "pending", "attempts", "seconds", …}`
(with `--watch`, one line per pass). `--watch` sends again every FILON_CRM_SYNC_INTERVAL
seconds until Ctrl-C. `--retry-dead` puts the dead letters back in the queue first (after the
mapping or the CRM was fixed). Several `filon sync` at once share the work: each row is sent
by one of them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, cast

import typer
from sqlalchemy.engine import Engine

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.signals_show import JsonOption
from agent.crm.mapping import MappingUnusable
from agent.crm.records import CRMS, CrmName
from agent.crm.sync import SyncReport, outbox_for
from agent.http import make_http_client
from agent.http.errors import vendor_name
from agent.i18n import Language, t
from agent.i18n.formats import format_number
from agent.settings import Settings
from store.models._time import utcnow
from store.repositories.crm_sync import retry_dead

CrmOption = Annotated[
    str | None,
    typer.Option("--crm", help="Only this CRM: hubspot, pipedrive, salesforce or csv"),
]


def sync_command(
    crm: CrmOption = None,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep sending, every FILON_CRM_SYNC_INTERVAL s")
    ] = False,
    retry_dead_rows: Annotated[
        bool, typer.Option("--retry-dead", help="Queue the dead letters again first")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Send the SQLs waiting for the team's CRMs (HubSpot, Pipedrive, Salesforce, CSV)."""
    language = terminal_language()
    wanted = _crm(crm, language)
    settings = load_settings()
    with store_engine(settings) as engine:
        if retry_dead_rows:
            again = retry_dead(engine, crm=wanted, now=utcnow())
            if not json_output:
                typer.echo(t("crm.cli.retry_dead", language, count=again))
        try:
            asyncio.run(_run(settings, engine, wanted, watch, json_output, language))
        except KeyboardInterrupt:
            pass
        except MappingUnusable as error:
            fail(t("crm.mapping_unusable", language, reason=str(error)))


def _crm(value: str | None, language: Language) -> CrmName | None:
    if value is None:
        return None
    name = value.strip().lower()
    if name not in CRMS:
        fail(t("crm.cli.unknown_crm", language, crm=value, crms=", ".join(CRMS)), code=2)
    return cast(CrmName, name)


async def _run(
    settings: Settings,
    engine: Engine,
    crm: CrmName | None,
    watch: bool,
    json_output: bool,
    language: Language,
) -> None:
    async with make_http_client(settings) as client:
        outbox = outbox_for(engine, settings, client, language=language)
        while True:
            report = await outbox.run([crm] if crm else None)
            if report.not_configured and crm is not None:
                missing = ", ".join(report.not_configured[crm])
                name = vendor_name(crm, language)
                fail(t("crm.cli.not_configured", language, crm=name, keys=missing), code=2)
            if json_output:
                typer.echo(json.dumps(report.as_json(), ensure_ascii=False))
            elif not watch or report.attempts:
                _print(report, language)
            if not watch:
                return
            await asyncio.sleep(max(settings.crm_sync_interval, 0.2))


def _print(report: SyncReport, language: Language) -> None:
    typer.echo(
        t(
            "crm.cli.done",
            language,
            sent=report.sent,
            updated=report.updated,
            failed=report.failed,
            dead=report.dead,
            pending=report.pending,
            attempts=report.attempts,
            seconds=format_number(round(report.seconds, 1) + 0.0, language),
        )
    )
    if report.skipped:
        typer.echo(t("crm.cli.skipped", language, count=report.skipped))
    for crm, keys in report.not_configured.items():
        name = vendor_name(crm, language)
        typer.echo(t("crm.cli.waiting_for_keys", language, crm=name, keys=", ".join(keys)))
    for crm, message in report.stopped.items():
        name = vendor_name(crm, language)
        typer.echo(t("crm.cli.key_refused", language, crm=name, message=message))
    for failure in report.failures:
        key = "crm.cli.failure_dead" if failure.dead else "crm.cli.failure_retry"
        name = vendor_name(failure.crm, language)
        typer.echo(t(key, language, lead=failure.lead_id, crm=name, message=failure.message))

"""`filon leads show` with the CRM column: a lead moved to SQL is queued for the CSV target,
`filon sync` sends it, and the list shows where each lead stands — sent with its day, or
refused with the CRM's own words (a terminal has no hover)."""

from __future__ import annotations

import json
from datetime import timedelta

from test_cli_leads import demo, document, filon  # noqa: F401 (the demo store fixture)

from agent.settings import Settings
from store.db import open_store, session_scope
from store.models import CrmSyncState
from store.models._time import utcnow
from store.repositories.crm_sync import claim, enqueue, finish


def test_leads_show_has_a_crm_column_once_a_lead_was_sent(demo: Settings) -> None:  # noqa: F811
    before = filon("leads", "show", "ESN Lyon")
    assert before.exit_code == 0 and "CRM" not in before.stdout  # nothing queued yet
    leads = document("leads", "--list", "ESN Lyon")["leads"]
    sent = next(lead for lead in leads if lead["stage"] in ("new", "mql"))
    refused = next(lead for lead in leads if lead["siren"] != sent["siren"])
    moved = filon("leads", "stage", sent["siren"], "--to", "sql", "--reason", "go",
                  "--user", sent["owner"])  # fmt: skip
    assert moved.exit_code == 0, moved.output
    synced = filon("sync", "--json")
    assert synced.exit_code == 0 and json.loads(synced.stdout)["sent"] == 1

    engine = open_store(demo.database_url)
    now = utcnow()
    with session_scope(engine) as session:
        enqueue(session, lead_ids=[refused["id"]], crms=["hubspot"], requested_by="a", now=now)
    (row,) = claim(engine, crm="hubspot", worker="w", lease=timedelta(minutes=1), limit=5,
                   now=now, lead_ids=[refused["id"]])  # fmt: skip
    finish(engine, sync_id=row.id, worker="w", state=CrmSyncState.dead, version=row.version,
           now=now, error="HTTP 400 : unknown property siren")  # fmt: skip
    engine.dispose()

    table = filon("leads", "show", "ESN Lyon")
    assert table.exit_code == 0, table.output
    assert "CRM" in table.stdout
    assert f"✓ CSV {now:%d/%m/%Y}" in table.stdout
    flat = " ".join(table.stdout.replace("│", " ").split())  # the cells rich wrapped
    assert "✗ HubSpot : refusé — HubSpot: HTTP 400" in flat and "siren" in flat
    shown = document("leads", "show", "ESN Lyon")
    by_siren = {lead["siren"]: lead for lead in shown["leads"]}
    assert by_siren[sent["siren"]]["crm"]["csv"]["state"] == "sent"
    assert by_siren[refused["siren"]]["crm"]["hubspot"]["error"] == (
        "HTTP 400 : unknown property siren"
    )

"""CRM sync in the UI: the leads table's CRM column ("✓ HubSpot 02/12", the CRM's refusal on
hover), a push's sends and the sync's state as tables of plain text, and the background worker
that sends the outbox while the UI runs (failures logged, never fatal, stopped cleanly)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from test_ui_rendering import NASTY

from agent.artifacts import (
    CrmLeadResult,
    CrmPushArtifact,
    CrmStateCounts,
    CrmStatus,
    CrmStatusArtifact,
    LeadItem,
    LeadsArtifact,
)
from agent.crm.sync import Failure, SyncReport
from ui.crm_worker import CrmWorker
from ui.render import render_artifact

SENT_AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


def lead(siren: str, crm: dict[str, CrmStatus]) -> LeadItem:
    return LeadItem(
        id=1, list_name="ESN Lyon", siren=siren, name=NASTY, stage="sql", created_at=SENT_AT,
        crm=crm,
    )  # fmt: skip


def test_the_leads_table_shows_where_each_lead_stands_in_the_crm() -> None:
    artifact = LeadsArtifact(
        total=4,
        leads=[
            lead("552100554", {"hubspot": CrmStatus(state="sent", at=SENT_AT)}),
            lead("383474814", {"csv": CrmStatus(state="pending", at=SENT_AT)}),
            lead("542065479", {"hubspot": CrmStatus(state="dead", at=SENT_AT, error=NASTY)}),
            lead("572015246", {}),
        ],
    )
    rendered = render_artifact(artifact, "fr", result_id="r1")
    assert rendered is not None
    props = rendered.tables[0].props("fr")
    assert props["columns"][-1] == {"key": "crm", "label": "CRM", "numeric": False}
    cells = [row["cells"]["crm"] for row in props["rows"]]
    assert cells == ["✓ HubSpot 02/12/2026", "↻ CSV : en attente", "✗ HubSpot : refusé", ""]
    titles = [row["titles"] for row in props["rows"]]
    assert titles == [{}, {}, {"crm": f"HubSpot: {NASTY}"}, {}]  # plain text, on hover
    english = render_artifact(artifact, "en", result_id="r1")
    assert english is not None
    assert english.tables[0].props("en")["rows"][1]["cells"]["crm"] == "↻ CSV: pending"


def test_without_a_send_the_leads_table_has_no_crm_column() -> None:
    artifact = LeadsArtifact(total=1, leads=[lead("552100554", {})])
    rendered = render_artifact(artifact, "fr", result_id="r1")
    assert rendered is not None
    assert "crm" not in [column["key"] for column in rendered.tables[0].props("fr")["columns"]]


def send(siren: str, outcome: str, error: str | None = None) -> CrmLeadResult:
    return CrmLeadResult.model_validate(
        {"lead_id": 1, "siren": siren, "name": NASTY, "list_name": "ESN Lyon",
         "owner": "alice.martin", "crm": "hubspot", "outcome": outcome, "error": error,
         "at": SENT_AT}
    )  # fmt: skip


def test_a_push_renders_as_a_table_of_its_sends() -> None:
    artifact = CrmPushArtifact(
        crms=["hubspot"],
        queued=2,
        sent=1,
        dead=1,
        leads=[send("542065479", "dead", NASTY), send("552100554", "sent")],
    )
    rendered = render_artifact(artifact, "fr", result_id="r1")
    assert rendered is not None and rendered.markdown == ""
    (table,) = rendered.tables
    props = table.props("fr")
    assert props["caption"] == "2 envois vers le CRM"
    assert [c["label"] for c in props["columns"]] == [
        "Entreprise", "Liste", "CRM", "Résultat", "Message du CRM",
    ]  # fmt: skip
    dead, sent = props["rows"]
    assert dead["cells"] == {
        "company": NASTY, "list": "ESN Lyon", "crm": "HubSpot",
        "outcome": "Refusé par le CRM", "message": NASTY,
    }  # fmt: skip
    assert dead["titles"] == {"message": NASTY} and sent["titles"] == {}
    assert sent["cells"]["outcome"] == "Créé" and sent["actions"][0]["payload"] == {
        "siren": "552100554"
    }
    assert "542065479" in table.keys
    empty = artifact.model_copy(update={"leads": []})
    assert render_artifact(empty, "fr", result_id="r1") is None


def test_the_sync_state_renders_counts_then_the_sends_that_went_wrong() -> None:
    artifact = CrmStatusArtifact(
        targets=["csv"],
        crms=[
            CrmStateCounts(crm="csv", sent=12, pending=1),
            CrmStateCounts(crm="hubspot", dead=1, missing_keys=["HUBSPOT_TOKEN"]),
        ],
        troubles_total=1,
        troubles=[send("542065479", "dead", NASTY)],
    )
    rendered = render_artifact(artifact, "en", result_id="r1")
    assert rendered is not None
    counts, troubles = rendered.tables
    rows = [row["cells"] for row in counts.props("en")["rows"]]
    assert rows == [
        {"crm": "the CSV file", "pending": "1", "sent": "12", "dead": "0", "skipped": "0",
         "keys": ""},
        {"crm": "HubSpot", "pending": "0", "sent": "0", "dead": "1", "skipped": "0",
         "keys": "HUBSPOT_TOKEN"},
    ]  # fmt: skip
    assert troubles.props("en")["caption"] == "1 send that went wrong"
    assert troubles.props("en")["rows"][0]["cells"]["message"] == NASTY
    calm = render_artifact(artifact.model_copy(update={"troubles": []}), "en", result_id="r1")
    assert calm is not None and len(calm.tables) == 1


async def test_the_worker_sends_every_interval_and_survives_a_failed_pass(
    caplog: pytest.LogCaptureFixture,
) -> None:
    passes: list[int] = []

    async def send() -> SyncReport:
        passes.append(len(passes))
        if len(passes) == 1:
            raise ConnectionError("the store went away")
        report = SyncReport(sent=1, attempts=1)
        report.failures.append(Failure(7, "hubspot", True, "HTTP 400 : bad stage"))
        return report

    worker = CrmWorker(0.01, send)
    with caplog.at_level(logging.INFO, logger="ui.crm_worker"):
        worker.start()
        worker.start()  # started once
        for _ in range(200):
            if len(passes) >= 3:
                break
            await asyncio.sleep(0.01)
        assert worker.running
        await worker.stop()
    assert len(passes) >= 3 and not worker.running
    assert "the pass failed" in caplog.text and "the store went away" in caplog.text
    assert "lead 7 → hubspot dead: HTTP 400 : bad stage" in caplog.text
    await worker.stop()  # stopping twice is harmless


async def test_an_interval_of_zero_sends_nothing() -> None:
    async def send() -> SyncReport:
        raise AssertionError("no pass when the interval is 0")

    worker = CrmWorker(0, send)
    worker.start()
    assert not worker.running
    await worker.stop()

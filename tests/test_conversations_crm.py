"""Multi-turn conversations on the offline model about CRM sync, through the real graph and
tools with the CSV target (the default without CRM keys): a lead moved to SQL then pushed lands
in the file once, pushed again it is updated, never doubled; a teammate's lead is refused; a
CRM without keys is named with the variable to set; the status shows the CRM's own words."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from sqlalchemy import text

from agent.crm.source import lead_key
from store.db import open_store, session_scope
from store.models import CrmSyncState
from store.models._time import utcnow
from store.repositories.crm_sync import claim, enqueue, finish

VENDOR_REFUSAL = 'HTTP 400 : Property "siren" does not exist'


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-crm"))


def csv_keys(home: Path) -> list[str]:
    """The Filon keys of the rows of the CSV target, in file order."""
    path = home / "crm" / "sqls.csv"
    if not path.exists():
        return []
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    return [row["Clé Filon"] for row in rows]


def lead_of(home: Path, name: str) -> tuple[int, str]:
    """(lead id, SIREN) of the lead of the company called `name`."""
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with engine.connect() as connection:
        lead_id, siren = connection.execute(
            text(
                "SELECT lead.id, company.siren FROM lead JOIN company "
                "ON company.siren = lead.company_siren WHERE company.name = :name"
            ),
            {"name": name},
        ).one()
    engine.dispose()
    return int(lead_id), str(siren)


async def test_a_lead_moved_to_sql_then_pushed_is_in_the_file_once(home: Path) -> None:
    lead_id, siren = lead_of(home, "Galami")
    async with conversation(home, user="alice.martin", thread_id="push-one") as thread:
        await thread.say("passe Galami en SQL")
        pushed = await thread.say("envoie-le dans le CRM")
        assert thread.calls == [("push_to_crm", {"sirens": [siren]})]
        assert "1 lead mis en file pour le fichier CSV, puis envoyé" in pushed.answer
        assert "1 écrit dans le fichier CSV" in pushed.answer  # a file, not a CRM
        assert f"ses lignes sont dans {home / 'crm' / 'sqls.csv'}" in pushed.answer
        assert "créé dans le CRM" not in pushed.answer
        assert csv_keys(home).count(lead_key(lead_id)) == 1
        again = await thread.say("renvoie-le dans le CRM")
        assert thread.calls == [("push_to_crm", {"sirens": [siren]})]
        assert "1 mis à jour (déjà envoyé : pas de doublon)" in again.answer
        assert csv_keys(home).count(lead_key(lead_id)) == 1
        shown = await thread.say("montre mes leads en SQL")
        (galami,) = [lead for lead in shown.artifacts[0]["leads"] if lead["siren"] == siren]
        assert galami["crm"]["csv"]["state"] == "sent" and galami["crm"]["csv"]["error"] is None


async def test_my_sqls_go_to_the_crm_and_a_teammates_lead_is_refused(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="push-mine") as thread:
        pushed = await thread.say("pousse mes SQL dans le CRM")
        assert thread.calls == [("push_to_crm", {})]
        artifact = pushed.artifacts[0]
        assert artifact["queued"] == 8 and artifact["sent"] == 8 and artifact["pending"] == 0
        assert {lead["owner"] for lead in artifact["leads"]} == {"david.roux"}
        _, bruno_lead = lead_of(home, "Galova Peinture")
        refused = await thread.say(f"envoie {bruno_lead} dans le CRM")
        assert thread.calls == [("push_to_crm", {"sirens": [bruno_lead]})]
        assert refused.answer == (
            "**Galova Peinture** est un lead de Bruno Petit : seul son responsable ou un "
            "manager peut l'envoyer dans le CRM. Rien n'a été envoyé."
        )


async def test_a_crm_without_its_keys_is_named_with_the_variable(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="no-keys") as thread:
        refused = await thread.say("pousse les SQL de la semaine dans HubSpot")
        assert thread.calls == [("push_to_crm", {"period": "this_week", "crm": "hubspot"})]
        # Markdown: the variable's underscore is escaped
        assert refused.answer.startswith("HubSpot n'est pas configuré : définissez HUBSPOT\\_TOKEN")
        english = await thread.say("push my SQLs to Salesforce")
        assert "set SALESFORCE\\_CLIENT\\_ID, SALESFORCE\\_CLIENT\\_SECRET" in english.answer


async def test_nothing_to_push_says_how_to_qualify(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="nothing") as thread:
        refused = await thread.say("pousse les SQL d'aujourd'hui dans le CRM")
        assert thread.calls == [("push_to_crm", {"period": "today"})]
        assert refused.answer.startswith("Aucun lead n'est passé en SQL du ")
        qualify = await thread.say("envoie la liste BTP Bretagne dans le CRM")
        assert thread.calls == [("push_to_crm", {"list_name": "BTP Bretagne"})]
        assert qualify.artifacts[0]["queued"] >= 1  # Galova Peinture, an SQL of the list


async def test_the_status_after_a_dead_letter_shows_the_vendors_words(home: Path) -> None:
    lead_id, _ = lead_of(home, "Galova Peinture")
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    now = utcnow()
    with session_scope(engine) as session:
        enqueue(session, lead_ids=[lead_id], crms=["hubspot"], requested_by="bruno.petit", now=now)
    (row,) = claim(
        engine, crm="hubspot", worker="w", lease=timedelta(minutes=5), limit=10, now=now,
        lead_ids=[lead_id],
    )  # fmt: skip
    finish(
        engine, sync_id=row.id, worker="w", state=CrmSyncState.dead, version=row.version, now=now,
        error=VENDOR_REFUSAL,
    )  # fmt: skip
    engine.dispose()
    async with conversation(home, user="bruno.petit", thread_id="status") as thread:
        status = await thread.say("où en est la synchro CRM ?")
        assert thread.calls == [("crm_sync_status", {})]
        assert "**HubSpot** — en file : 0 · envoyés : 0 · refusés : 1" in status.answer
        assert "HubSpot n'est pas configuré : définissez HUBSPOT\\_TOKEN" in status.answer
        assert (
            "**Galova Peinture** (liste «\u202fBTP Bretagne\u202f») → HubSpot : refusé — "
            + (VENDOR_REFUSAL)
            in status.answer
        )
        english = await thread.say("what failed in the CRM sync?")
        assert thread.calls == [("crm_sync_status", {})]
        assert "1 send went wrong:" in english.answer
    async with conversation(home, user="alice.martin", thread_id="status-mine") as thread:
        mine = await thread.say("des erreurs de synchro ?")
        assert "Galova" not in mine.answer  # a rep sees their own leads' sends

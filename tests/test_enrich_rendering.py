"""Enrichment in the web UI and the offline model's words: a run's summary and its people
with what it did for each, the "Enrichir" button under a list and under people shown, and
hostile names kept as data."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.artifacts import (
    CompanyContacts,
    ContactItem,
    ContactsArtifact,
    EnrichmentArtifact,
    EnrichmentSummary,
    LeadItem,
    LeadListArtifact,
    ListInfo,
    PersonRun,
    TrailStep,
)
from agent.llm.offline.intents.enrich import enrichment_answer
from agent.llm.offline.results import ToolResult
from ui.buttons import ENRICH
from ui.render import render_artifact

HOSTILE = "**Acme** [clic](http://evil.example) <img src=x>"


def _run() -> EnrichmentArtifact:
    jean = ContactItem(id=1, name="Jean Dupont", title="DSI", email="jean.dupont@acme.fr",
                       email_status="verified", email_source="hunter")  # fmt: skip
    anne = ContactItem(id=2, name="Anne Martin", title="DAF", email="anne.martin@acme.fr",
                       email_status="verified", email_source="demo")  # fmt: skip
    return EnrichmentArtifact(
        run_id="r1",
        companies=[CompanyContacts(siren="552100554", name=HOSTILE, contacts=[jean, anne])],
        runs=[
            PersonRun(
                contact_id=1,
                outcome="found",
                trail=[
                    TrailStep(provider="pattern", outcome="found", status="guessed"),
                    TrailStep(provider="hunter", outcome="found", status="verified"),
                ],
            ),
            PersonRun(contact_id=2, outcome="already"),
        ],
        summary=EnrichmentSummary(
            contacts=2,
            already=1,
            asked=1,
            found=1,
            verified=2,
            calls={"pattern": 1, "hunter": 1},
            cost={"hunter": 1.0},
            budget=1.0,
            budget_reached=True,
            over_budget=0,
            providers=["pattern", "hunter"],
            missing_key=["dropcontact"],
        ),
    )


def test_a_run_shows_its_summary_and_people_with_the_outcome_of_each() -> None:
    rendered = render_artifact(_run(), "fr", result_id="r")
    assert rendered is not None
    assert "Personnes : 2" in rendered.markdown and "hunter 1" in rendered.markdown
    assert "Budget de 1 crédits atteint" in rendered.markdown
    assert "Sans clé, non interrogés : dropcontact." in rendered.markdown
    (table,) = rendered.tables
    columns = [column.key for column in table.columns]
    assert columns[-1] == "outcome"
    outcomes = [row.cells["outcome"] for row in table.rows]
    assert [str(o) for o in outcomes] == ["trouvé", "déjà vérifié"]
    english = render_artifact(_run(), "en", result_id="r")
    assert english is not None and "People: 2" in english.markdown


def test_enrich_buttons_under_a_list_and_under_people() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    lead = LeadItem(id=1, list_name="ESN Lyon", siren="552100554", name="Acme", stage="new",
                    created_at=now)  # fmt: skip
    lead_list = LeadListArtifact(
        list=ListInfo(id=1, name="ESN Lyon", owner="rep", created_at=now), created=False,
        leads=[lead],
    )  # fmt: skip
    shown = render_artifact(lead_list, "fr", result_id="r")
    assert shown is not None
    (enrich,) = [a for a in shown.actions if a.name == ENRICH]
    assert enrich.payload == {"list": "ESN Lyon"}
    people = ContactsArtifact(
        roles=["it"],
        companies=[CompanyContacts(siren="552100554", name="Acme",
                                   contacts=[ContactItem(id=1, name="Jean Dupont")])],
    )  # fmt: skip
    rendered = render_artifact(people, "fr", result_id="r")
    assert rendered is not None
    (button,) = [a for a in rendered.actions if a.name == ENRICH]
    assert button.label == "Enrichir"
    assert button.payload == {"sirens": ["552100554"], "roles": "DSI / informatique"}


def test_the_offline_answer_says_what_the_run_found_and_cost() -> None:
    result = ToolResult(tool="enrich_contacts", content="", artifact=_run(), is_error=False)
    answer = enrichment_answer(result, "fr")
    assert answer.startswith("Personnes : 2 · e-mails trouvés ou améliorés : 1")
    assert "coût : 1 crédits" in answer
    assert "jean.dupont@acme.fr" in answer and "vérifié" in answer
    assert "[clic](http://evil.example)" not in answer

"""A company on the suppression list still shows in searches (reps must know it exists), marked
"ne pas démarcher" in the answer, in the model's text and in the UI's table."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

from agent.artifacts import CompaniesArtifact
from agent.contacts import optout
from store.db import open_store
from ui.render import render_artifact


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("optout-search"))


async def test_a_suppressed_company_is_marked_wherever_it_is_listed(home: Path) -> None:
    async with conversation(home, thread_id="before") as thread:
        first = (await thread.say("ESN à Lyon")).artifacts[0]["companies"][0]
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    optout.add(engine, first["siren"], user="alice.martin")
    engine.dispose()

    async with conversation(home, thread_id="after") as thread:
        found = await thread.say("ESN à Lyon")
    artifact = CompaniesArtifact.model_validate(found.artifacts[0])
    assert artifact.suppressed == [first["siren"]]
    line = next(line for line in found.answer.splitlines() if first["name"] in line)
    assert "ne pas démarcher (liste d'opposition)" in line
    others = [line for line in found.answer.splitlines() if line.startswith("- ")][1:]
    assert all("ne pas démarcher" not in line for line in others)
    rendered = render_artifact(artifact, "fr", result_id="r")
    assert rendered is not None
    names = [str(row.cells["name"]) for row in rendered.tables[0].rows]
    assert names[0].endswith("ne pas démarcher (liste d'opposition)")
    assert not any("démarcher" in name for name in names[1:])


async def test_the_suppression_list_shown_in_the_conversation_and_the_ui(home: Path) -> None:
    from agent.artifacts import SuppressionListArtifact

    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    optout.add(engine, "bruit.fr", user="bruno.petit", reason="a demandé par téléphone")
    engine.dispose()
    async with conversation(home, thread_id="show-list") as thread:
        shown = await thread.say("montre moi la liste des gens à ne plus contacter")
        assert thread.calls == [("opt_out", {"show": True})]
        listed = SuppressionListArtifact.model_validate(shown.artifacts[0])
        assert listed.total == 2 and listed.entries[0].value == "bruit.fr"
        assert "bruit.fr (domaine entier) — a demandé par téléphone — par Bruno Petit" in (
            shown.answer
        )
        english = await thread.say("who is on the do not contact list?")
        assert thread.calls == [("opt_out", {"show": True})]
        assert english.answer.startswith("2 entries on the suppression list:")
    rendered = render_artifact(listed, "fr", result_id="r")
    assert rendered is not None
    (table,) = rendered.tables
    assert str(table.rows[0].cells["value"]) == "bruit.fr"


async def test_the_suppression_list_by_its_other_names(home: Path) -> None:
    async with conversation(home, thread_id="show-list-names") as thread:
        await thread.say("affiche la liste de suppression")
        assert thread.calls == [("opt_out", {"show": True})]


async def test_the_person_shown_by_role_objects_without_an_email(home: Path) -> None:
    async with conversation(home, thread_id="by-role") as thread:
        shown = await thread.say("les contacts de Venitek")
        people = shown.artifacts[0]["companies"][0]["contacts"]
        manager = next(p for p in people if p["title"] in ("Gérant", "Gérante"))
        answer = await thread.say("le gérant ne veut plus être contacté")
        assert thread.calls == [("opt_out", {"contact_id": manager["id"]})]
        assert "ne sera plus jamais contacté" in answer.answer and manager["name"] in answer.answer
        again = await thread.say("les contacts de Venitek")
        names = [p["name"] for p in again.artifacts[0]["companies"][0]["contacts"]]
        assert manager["name"] not in names

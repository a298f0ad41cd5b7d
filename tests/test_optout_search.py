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

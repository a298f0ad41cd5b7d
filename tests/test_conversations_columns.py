"""A multi-turn conversation on the offline model about AI columns: two built-in columns added
to a demo list by name, a custom question refused plainly (no language model), the columns
run on rules, the cells read in the answer and the artifact, then shown again at no cost."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

ESN = {"list_name": "ESN Lyon"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-columns"))


async def test_builtin_columns_added_run_offline_and_shown(home: Path) -> None:
    async with conversation(home, thread_id="columns") as thread:
        added = await thread.say("ajoute la colonne Maturité d'achat à ma liste ESN Lyon")
        assert thread.calls == [("add_ai_column", {**ESN, "name": "Maturité d'achat"})]
        assert "1 colonne ajoutée à la liste ESN Lyon : Maturité d'achat." in added.answer
        assert "remplis les colonnes IA de la liste ESN Lyon" in added.answer

        await thread.say("ajoute la colonne Décideur identifié à ESN Lyon")
        assert thread.calls == [("add_ai_column", {**ESN, "name": "Décideur identifié"})]

        custom = await thread.say(
            "ajoute une colonne IA 'utilise Salesforce ?' à la liste ESN Lyon (oui/non)"
        )
        ((name, args),) = thread.calls
        assert name == "add_ai_column" and args["type"] == "boolean"
        assert "mode hors ligne" in custom.answer and "OPENAI_API_KEY" in custom.answer
        assert custom.artifacts == []

        run = await thread.say("remplis les colonnes IA de la liste ESN Lyon")
        assert thread.calls == [("run_ai_columns", ESN)]
        (artifact,) = run.artifacts
        summary = artifact["run"]
        assert [c["name"] for c in artifact["columns"]] == [
            "Maturité d'achat",
            "Décideur identifié",
        ]
        assert summary["model"] == "rules" and summary["cost"] == 0 and summary["failed"] == 0
        assert summary["cells"] == 2 * artifact["total"] == summary["filled"] > 0
        first = artifact["rows"][0]
        assert set(first["cells"]) == {"Maturité d'achat", "Décideur identifié"}
        assert isinstance(first["cells"]["Décideur identifié"]["value"], bool | None)
        assert "Colonnes IA de la liste ESN Lyon (rules)" in run.answer
        assert f"**{first['company']}**" in run.answer and "Décideur identifié" in run.answer

        shown = await thread.say("montre les colonnes de la liste ESN Lyon")
        assert thread.calls == [("run_ai_columns", {**ESN, "show_only": True})]
        assert shown.artifacts[0]["rows"] == artifact["rows"]
        assert "Maturité d'achat, Décideur identifié" in shown.answer

        again = await thread.say("lance les colonnes sur ESN Lyon")
        assert again.artifacts[0]["run"]["cached"] == summary["cells"]


async def test_in_english(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="columns-en") as thread:
        run = await thread.say("run the AI columns on my SaaS Île-de-France list")
        assert thread.calls == [("run_ai_columns", {"list_name": "SaaS Île-de-France"})]
        (artifact,) = run.artifacts
        assert artifact["run"]["added_builtins"] and len(artifact["columns"]) == 4
        assert "Buying maturity" in [c["name"] for c in artifact["columns"]]
        assert "had no AI column: the built-in columns were added" in run.answer

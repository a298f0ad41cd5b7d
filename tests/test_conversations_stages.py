"""Multi-turn conversations on the offline model about a lead's stage corrected right after
a move: "en fait non, perdu…", "undo that, put it back in SQL", "ok then mark it
disqualified"."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-stages"))


async def test_a_move_corrected_right_after_keeps_the_lead(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="corrected") as thread:
        await thread.say("passe Galami en SQL")
        ((_, moved),) = thread.calls[-1:]
        siren = moved["siren"]
        lost = await thread.say("en fait non, perdu, ils ont signé avec un concurrent")
        assert thread.calls == [
            (
                "set_lead_stage",
                {
                    "siren": siren,
                    "stage": "lost",
                    "list_name": "ESN Lyon",
                    "reason": "ils ont signé avec un concurrent",
                },
            )
        ]
        assert "Perdu (ils ont signé avec un concurrent)" in lost.answer
        await thread.say("undo that, put it back in SQL")
        assert thread.calls == [("set_lead_stage", {"siren": siren, "stage": "sql"})]
        why = await thread.say("ok then mark it disqualified")
        assert thread.calls == [("set_lead_stage", {"siren": siren, "stage": "disqualified"})]
        assert "For what reason?" in why.answer
        await thread.say("wrong contact, their CTO email bounces")
        ((tool, args),) = thread.calls
        assert (
            tool == "set_lead_stage" and args["reason"] == "wrong contact, their CTO email bounces"
        )


async def test_a_stage_word_alone_is_a_move_only_right_after_one(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="alone") as thread:
        await thread.say("mes leads")
        await thread.say("perdu")
        assert [tool for tool, _ in thread.calls] != ["set_lead_stage"]

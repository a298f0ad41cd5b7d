"""Conversations from the held-out evaluation 15: after Filon refuses to move a lead to SQL
(its BANT is not confirmed) and waits for a reason to force it, a new order or a "let it go" is
never taken as that reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from test_conversations_evaluation14 import new_lead_without_bant, stage_of


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation15"))


async def test_a_new_order_after_a_refused_move_to_sql_is_that_order(home: Path) -> None:
    siren, _ = new_lead_without_bant(home, "david.roux")
    async with conversation(home, user="david.roux", thread_id="lost-instead") as thread:
        refused = await thread.say(f"passe {siren} en SQL")
        assert "ne peut pas encore passer en SQL" in refused.answer
        await thread.say("ok mets le en perdu alors")
        assert all(args.get("stage") != "sql" for _tool, args in thread.calls)
        assert stage_of(home, siren) == "new"
        await thread.say("ils ont signé avec un concurrent")
        assert stage_of(home, siren) == "lost"


@pytest.mark.parametrize("dropped", ["ok laisse", "laisse tomber alors", "forget it", "oublie"])
async def test_letting_it_go_after_a_refused_move_to_sql_moves_nothing(
    home: Path, dropped: str
) -> None:
    siren, _ = new_lead_without_bant(home, "chloe.bernard")
    async with conversation(home, user="chloe.bernard", thread_id=f"drop-{dropped}") as thread:
        await thread.say(f"passe {siren} en SQL")
        await thread.say(dropped)
        assert "set_lead_stage" not in [tool for tool, _ in thread.calls]
        assert stage_of(home, siren) == "new"

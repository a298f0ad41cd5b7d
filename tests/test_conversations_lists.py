"""Multi-turn conversations on the offline model about lead lists named in full: names that
hold role, sector or place words, companies added by name, lists given to another rep."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-lists"))


async def test_a_role_word_in_a_list_name_is_not_a_role(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="role-words") as thread:
        await thread.say("any accounting firms in Lyon with 10+ employees?")
        await thread.say("who's the boss there and what's their email?")
        await thread.say("add it to my Cabinets comptables Gironde list")
        ((tool, args),) = thread.calls
        assert tool == "add_to_list" and args["list_name"] == "Cabinets comptables Gironde"
        assert len(args["sirens"]) == 1

"""Conversations on the lead lists, as reps and managers follow them up: "et chez Chloé ?" shows
her lists, and "lesquels n'ont pas été contactés depuis 30 jours ?" the stale leads of the rep
whose lists are on screen, the answer saying the filter it applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation19"))


@pytest.mark.parametrize("follow_up", ["et chez Chloé ?", "et pour Chloé ?", "what about Chloé's?"])
async def test_another_reps_lists_after_lists(home: Path, follow_up: str) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=follow_up) as thread:
        await thread.say("montre les listes de Alice")
        answer = await thread.say(follow_up)
    assert thread.calls == [("lead_lists", {"owner": "Chloé"})]
    assert "Chloe Bernard" in answer.answer and "Alice Martin" not in answer.answer


async def test_the_stale_leads_of_the_lists_on_screen(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="stale") as thread:
        await thread.say("les listes de Bruno")
        answer = await thread.say("lesquels n'ont pas été contactés depuis 30 jours ?")
    assert thread.calls == [("list_leads", {"owner": "bruno.petit", "not_contacted_days": 30})]
    assert "sans contact depuis 30 jours ou plus, ou jamais contactés" in answer.answer


async def test_stale_leads_say_their_filter_in_english(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="stale-en") as thread:
        answer = await thread.say("my leads not contacted in 2 weeks")
    assert thread.calls == [("list_leads", {"mine": True, "not_contacted_days": 14})]
    assert "not contacted for 14 days or more, or never" in answer.answer


async def test_signals_of_a_company_not_found_say_it_was_not_found(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="zorglub") as thread:
        await thread.say("cherche la société Zorglub Industries")
        answer = await thread.say("elle recrute ?")
    assert "Aucune entreprise ne correspond à « Zorglub Industries »" in answer.answer
    assert "pour cette entreprise" not in answer.answer


async def test_a_complete_bant_on_a_closed_lead_says_why_no_sql_is_offered(home: Path) -> None:
    said = (
        "budget 50 k€ validé par le DAF, le DSI décide, besoin de migrer leur infra, "
        "décision avant mars"
    )
    async with conversation(home, user="alice.martin", thread_id="closed-bant") as thread:
        await thread.say("mes leads disqualifiés")
        answer = await thread.say(f"qualifie le premier : {said}")
    assert "le lead est fermé (étape Disqualifié)" in answer.answer
    assert "passe-le en SQL" in answer.answer

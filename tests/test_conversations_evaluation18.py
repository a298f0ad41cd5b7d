"""Conversations from the held-out evaluation 18, on the real graph: "mon équipe" is the
manager's team (never her own, empty, leads), and the period follow-ups that come after keep
that scope; "top 5 leads de l'équipe" is everyone's, even right after one rep's; calls,
LinkedIn, a table at a restaurant and a football final are declined plainly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation18"))


def _sqls(home: Path) -> int:
    with sqlite3.connect(home / "filon.db") as db:
        return int(db.execute("select count(*) from lead where stage = 'sql'").fetchone()[0])


async def test_my_team_is_the_team_and_its_follow_ups_keep_it(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="team") as thread:
        answer = await thread.say("mon équipe a combien de SQL en ce moment ?")
        calls = thread.calls
        for follow_up in (
            "et de gagnés depuis le début de l'année ?",
            "et le mois dernier ?",
            "what about my team this quarter?",
        ):
            await thread.say(follow_up)
            calls += thread.calls
    assert [name for name, _args in calls] == ["pipeline_summary"] * 4
    assert all("mine" not in args and "owner" not in args for _name, args in calls), calls
    assert "Maya" not in answer.answer
    assert f"SQL {_sqls(home)}," in answer.answer.replace("\u202f", " ").replace("\xa0", " ")


async def test_a_manager_asking_for_her_own_pipeline_still_gets_hers(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="own") as thread:
        await thread.say("mon pipeline de la semaine")
    assert thread.calls == [("pipeline_summary", {"period": "week", "mine": True})]


async def test_the_teams_top_five_after_one_reps_scores(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="top") as thread:
        await thread.say("score les leads de David")
        await thread.say("top 5 leads de l'équipe")
        assert thread.calls == [("list_leads", {"limit": 5})]
        await thread.say("score les leads de David")
        await thread.say("top 3 leads for the whole team")
        assert thread.calls == [("list_leads", {"limit": 3})]


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        ("appelle-le pour moi", "appels téléphoniques"),
        ("passe un coup de fil au DAF de Verilia", "appels téléphoniques"),
        ("call them for me", "phone calls"),
        ("ajoute-le sur LinkedIn pour moi", "LinkedIn"),
        ("envoie-lui une invitation LinkedIn", "LinkedIn"),
        ("connect with him on LinkedIn", "LinkedIn"),
        ("réserve moi une table chez eux vendredi midi", "copilote de prospection"),
        ("Who won the Champions League last year?", "prospecting copilot"),
        ("qui a gagné la coupe du monde ?", "copilote de prospection"),
    ],
)
async def test_what_filon_does_not_do_is_declined_plainly(
    home: Path, request_text: str, said: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id="no") as thread:
        answer = await thread.say(request_text)
    assert thread.calls == []
    assert said in answer.answer


async def test_prospecting_words_near_those_declines_still_work(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="near") as thread:
        await thread.say("restaurants à Lyon")
        assert [name for name, _args in thread.calls] == ["search_companies"]
        await thread.say("who won the most deals last month?")
        assert [name for name, _args in thread.calls] == ["pipeline_summary"]

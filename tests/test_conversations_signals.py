"""Multi-turn conversations on the offline model about buying signals: a search narrowed to the
companies hiring, ranked by intent, the signals of every match, then their decision-makers; a
lead list asked about insolvency then fundraising; a company's card, then its signals; the
same in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-signals"))


async def test_from_a_search_to_the_hottest_and_their_signals(home: Path) -> None:
    async with conversation(home, thread_id="signals-search") as thread:
        await thread.say("ESN à Lyon")
        lyon = {"naf_codes": ["62"], "cities": ["LYON"]}

        hiring = await thread.say("lesquelles recrutent ?")
        assert thread.calls == [
            ("search_companies", {**lyon, "signal_kinds": ["hiring"], "limit": 10})
        ]
        (page,) = hiring.artifacts
        assert page["total"] >= 1 and set(page["highlights"]) == set(page["intent"])
        assert all(item["kind"] == "hiring" for item in page["highlights"].values())
        assert "Recrute" in hiring.answer and "intention" in hiring.answer

        ranked = await thread.say("trie par intention")
        ((_, args),) = thread.calls
        assert args["sort"] == "intent" and args["signal_kinds"] == ["hiring"]
        scores = [
            ranked.artifacts[0]["intent"][c["siren"]] for c in ranked.artifacts[0]["companies"]
        ]
        assert scores == sorted(scores, reverse=True)

        await thread.say("ESN à Lyon")
        signals = await thread.say("quels signaux d'achat sur ces boîtes ?")
        assert thread.calls == [("find_signals", {"query": lyon})]
        (found,) = signals.artifacts
        assert found["scope"] == "search" and found["asked"] > len(found["companies"]) >= 1
        assert "les plus chaudes d'abord" in signals.answer
        assert "données de démonstration" in signals.answer  # each signal's source

        await thread.say("et leurs décideurs ?")
        sirens = [company["siren"] for company in found["companies"]]
        assert thread.calls == [
            ("find_decision_makers", {"sirens": sirens, "roles": ["decision_makers"]})
        ]


async def test_a_lead_list_asked_about_insolvency_then_fundraising(home: Path) -> None:
    async with conversation(home, thread_id="signals-list") as thread:
        insolvent = await thread.say(
            "lesquelles de ma liste ESN Lyon sont en procédure collective ?"
        )
        assert thread.calls == [
            ("find_signals", {"list_name": "ESN Lyon", "kinds": ["insolvency"]})
        ]
        (artifact,) = insolvent.artifacts
        assert artifact["scope"] == "list" and artifact["asked"] >= 20
        assert "de la liste «\u202fESN Lyon\u202f» (procédure collective)" in insolvent.answer

        await thread.say("et lesquelles ont levé des fonds ?")  # the same list
        assert thread.calls == [
            ("find_signals", {"list_name": "ESN Lyon", "kinds": ["fundraising"]})
        ]

        asked = await thread.say("lesquelles de ma liste recrutent ?")  # the list last worked with
        assert thread.calls == [("find_signals", {"list_name": "ESN Lyon", "kinds": ["hiring"]})]
        assert asked.artifacts[0]["list_name"] == "ESN Lyon"


async def test_my_list_not_named_is_the_reps_only_list_or_said_missing(home: Path) -> None:
    async with conversation(home, thread_id="signals-my-list") as thread:
        answer = await thread.say("lesquelles de ma liste recrutent ?")  # Alice has one list
        assert thread.calls == [
            ("lead_lists", {"mine": True}),
            ("find_signals", {"list_name": "ESN Lyon", "kinds": ["hiring"]}),
        ]
        assert "de la liste «\u202fESN Lyon\u202f» (recrutement)" in answer.answer
        assert "intention" in answer.answer and "il y a" in answer.answer  # the score, and why
    async with conversation(home, user="nadia.nouvelle", thread_id="signals-no-list") as thread:
        answer = await thread.say("lesquelles de ma liste recrutent ?")
        assert answer.answer.startswith("Vous n'avez pas encore de liste de leads")


async def test_the_same_in_english(home: Path) -> None:
    async with conversation(home, thread_id="signals-en") as thread:
        found = await thread.say("IT companies in Lyon that are hiring")
        ((tool, args),) = thread.calls
        assert (tool, args["signal_kinds"]) == ("search_companies", ["hiring"])
        first = found.artifacts[0]["companies"][0]["siren"]
        assert "intent" in found.answer

        one = await thread.say("any buying signals on the first one?")
        assert thread.calls == [("find_signals", {"sirens": [first]})]
        assert "intent" in one.answer and "demo data" in one.answer


async def test_what_filon_cannot_find_is_said_plainly(home: Path) -> None:
    async with conversation(home, thread_id="signals-none") as thread:
        await thread.say("restaurants à Brest")
        answer = await thread.say("est-ce que la première recrute ?")
        ((tool, args),) = thread.calls
        assert tool == "find_signals" and args["kinds"] == ["hiring"]
        if not answer.artifacts[0]["with_signals"]:
            assert "aucun signal connu de ce type (recrutement)" in answer.answer

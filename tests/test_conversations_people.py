"""Multi-turn conversations on the offline model about the people to talk to: the decision-makers
of a company picked from the results, another role, their emails with status and source, a
list's decision-makers, and "les DSI des ESN à Lyon" (a search, then its companies' people)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-people"))


async def test_from_a_search_to_the_people_of_a_company(home: Path) -> None:
    async with conversation(home, thread_id="people") as thread:
        found = await thread.say("ESN à Lyon")
        first = found.artifacts[0]["companies"][0]

        makers = await thread.say("qui sont les décideurs de la première ?")
        assert thread.calls == [
            ("find_decision_makers", {"sirens": [first["siren"]], "roles": ["decision_makers"]})
        ]
        (people,) = makers.artifacts
        assert people["kind"] == "contacts" and people["companies"][0]["siren"] == first["siren"]
        shown = people["companies"][0]["contacts"]
        assert shown and {c["seniority"] for c in shown} <= {"c_level", "director"}
        assert f"Chez {first['name']}" in makers.answer
        assert shown[0]["name"] in makers.answer
        if shown[0]["email"]:
            assert "source : données de démonstration" in makers.answer

        await thread.say("et le DAF ?")
        assert thread.calls == [
            ("find_decision_makers", {"sirens": [first["siren"]], "roles": ["finance"]})
        ]

        everyone = await thread.say("son email ?")
        assert thread.calls == [("find_decision_makers", {"sirens": [first["siren"]]})]
        assert "personnes connues" in everyone.answer or "personne connue" in everyone.answer

        await thread.say("ajoute les 3 premières à une liste 'Décideurs ESN'")
        listed = await thread.say("les décideurs de cette liste")
        assert thread.calls == [
            ("find_decision_makers", {"list_name": "Décideurs ESN", "roles": ["decision_makers"]})
        ]
        assert listed.artifacts[0]["asked"] == 3
        assert "Liste «\u202fDécideurs ESN\u202f»" in listed.answer


async def test_the_it_directors_of_a_search_in_english_and_french(home: Path) -> None:
    async with conversation(home, thread_id="people-search") as thread:
        answer = await thread.say("les DSI des ESN à Lyon")
        names = [name for name, _ in thread.calls]
        assert names == ["search_companies", "find_decision_makers"]
        people = answer.artifacts[-1]
        assert people["roles"] == ["it"] and len(people["companies"]) == 10
        functions = {c["function"] for company in people["companies"] for c in company["contacts"]}
        assert functions <= {"it"}
        assert "dans 10 entreprises" in answer.answer

    async with conversation(home, thread_id="people-en") as thread:
        await thread.say("IT companies in Lyon")
        answer = await thread.say("who should I contact at the second one?")
        ((name, args),) = thread.calls
        assert name == "find_decision_makers" and len(args["sirens"]) == 1
        assert answer.answer.startswith("At ")


async def test_no_company_on_screen_asks_which(home: Path) -> None:
    async with conversation(home, thread_id="people-which") as thread:
        asked = await thread.say("qui est le DSI ?")
        assert thread.calls == []
        assert "De quelle entreprise ?" in asked.answer


async def test_do_not_contact_the_first_means_the_first_person_shown(home: Path) -> None:
    async with conversation(home, thread_id="first-person") as thread:
        shown = await thread.say("qui sont les contacts chez Galami ?")
        people = shown.artifacts[0]["companies"][0]["contacts"]
        assert len(people) == 2
        done = await thread.say("ne plus contacter le deuxième")
        assert thread.calls == [("opt_out", {"contact_id": people[1]["id"]})]
        assert people[1]["name"] in done.answer and "entreprise entière" not in done.answer

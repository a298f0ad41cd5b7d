"""Multi-turn conversations on the offline model, about searches: refine, page, reach past the
page, answer Filon's own questions, and hear plainly what Filon cannot do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations"))


async def test_follow_ups_change_one_thing_and_keep_the_rest(home: Path) -> None:
    async with conversation(home, thread_id="refine") as thread:
        await thread.say("ESN de 20 à 50 salariés dans le 44")
        first = thread.calls[0][1]
        assert first["naf_codes"] == ["62"] and first["departments"] == ["44"]

        await thread.say("et à Nantes ?")
        ((name, args),) = thread.calls
        assert name == "search_companies"
        assert args["cities"] == ["NANTES"] and "departments" not in args
        assert (args["naf_codes"], args["headcount_min"], args["headcount_max"]) == (["62"], 20, 50)

        await thread.say("seulement celles de plus de 50 salariés")
        ((_, args),) = thread.calls
        assert args["cities"] == ["NANTES"] and args["headcount_min"] == 51
        assert "headcount_max" not in args

        answer = (await thread.say("what about Paris?")).answer
        ((_, args),) = thread.calls
        assert args["cities"] == ["PARIS"] and args["headcount_min"] == 51
        assert answer.startswith("I found")


async def test_paging_and_ranks_beyond_the_page(home: Path) -> None:
    async with conversation(home, thread_id="paging") as thread:
        first = await thread.say("ESN en Île-de-France")
        total = first.artifacts[0]["total"]
        assert total > 20

        page = await thread.say("les 10 suivantes")
        ((_, args),) = thread.calls
        assert (args["offset"], args["limit"]) == (10, 10)
        assert page.answer.startswith(f"Entreprises 11 à 20 sur {total}")

        await thread.say("page 1")
        ((_, args),) = thread.calls
        assert "offset" not in args

        card = await thread.say("la 15e")
        assert [name for name, _ in thread.calls] == ["search_companies", "get_company"]
        assert thread.calls[0][1]["offset"] == 14 and thread.calls[0][1]["limit"] == 1
        fifteenth = card.artifacts[0]["companies"][0]["siren"]
        assert card.artifacts[-1]["company"]["siren"] == fifteenth

        # the rank fetched on the way is not the rep's current search: paging goes on from it
        await thread.say("page 2")
        ((_, args),) = thread.calls
        assert (args["offset"], args["limit"]) == (10, 10)

        past = await thread.say(f"la {total + 5}e")
        assert thread.calls == []
        assert f"ne comptent que {total} entreprises" in past.answer

        end = await thread.say(f"page {total}")
        assert "Il n'y a pas d'autres résultats" in end.answer


async def test_a_question_back_keeps_the_request(home: Path) -> None:
    async with conversation(home, thread_id="clarify") as thread:
        found = await thread.say("ESN à Lyon")
        first_three = [c["siren"] for c in found.artifacts[0]["companies"][:3]]

        asked = await thread.say("ajoute les 3 premières à une liste")
        assert thread.calls == [] and "Quel nom donner à la liste" in asked.answer

        done = await thread.say("ESN Lyon clarifiées")
        assert thread.calls == [
            ("create_lead_list", {"name": "ESN Lyon clarifiées", "sirens": first_three})
        ]
        assert "3 leads ajoutés" in done.answer

        # another request instead of an answer is read as itself
        await thread.say("ajoute les 2 premières à une liste")
        await thread.say("trouve des agences web à Nantes")
        assert thread.calls[0][0] == "search_companies"


async def test_cancel_a_pending_question(home: Path) -> None:
    async with conversation(home, thread_id="cancel") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("crée une liste avec ces entreprises")
        cancelled = await thread.say("non, annule")
        assert thread.calls == [] and cancelled.answer == "D'accord, je n'ai rien fait."


@pytest.mark.parametrize(
    ("request_text", "named"),
    [
        ("ajoute une note sur la première : rappeler en janvier", "les notes sur les leads"),
        ("écris-moi un mail de prospection pour la première", "la rédaction d'e-mails"),
        ("rappelle-moi de relancer la première lundi", "les relances et rappels programmés"),
        ("quel temps fait-il à Lyon ?", "je ne peux pas répondre à cette question"),
    ],
)
async def test_what_filon_cannot_do_is_said_plainly(
    home: Path, request_text: str, named: str
) -> None:
    async with conversation(home, thread_id=f"scope-{request_text}") as thread:
        await thread.say("ESN à Lyon")
        answer = (await thread.say(request_text)).answer
        assert thread.calls == []
        assert named in answer


async def test_signal_words_in_a_search_filter_it_and_show_the_signal(home: Path) -> None:
    async with conversation(home, thread_id="signals") as thread:
        answer = (await thread.say("ESN à Lyon qui recrutent")).answer
        ((tool, args),) = thread.calls
        assert (tool, args["signal_kinds"]) == ("search_companies", ["hiring"])
        assert "Recrute" in answer and "intention" in answer


async def test_open_a_row_after_paging_past_the_end(home: Path) -> None:
    async with conversation(home, thread_id="past-the-end") as thread:
        found = await thread.say("ESN à Lyon")
        assert 10 < found.artifacts[0]["total"] <= 20
        second = (await thread.say("les 10 suivantes")).artifacts[0]["companies"]
        past = await thread.say("encore")
        assert "Il n'y a pas d'autres résultats" in past.answer
        await thread.say("la première")  # the first row still on screen: page 2's
        assert thread.calls == [("get_company", {"siren": second[0]["siren"]})]


async def test_creation_dates_change_with_a_short_follow_up(home: Path) -> None:
    async with conversation(home, thread_id="dates") as thread:
        await thread.say("entreprises créées en 2021 à Paris")
        await thread.say("et l'année dernière ?")  # the turn's today: the real one
        ((_, args),) = thread.calls
        last = date.today().year - 1
        assert args["cities"] == ["PARIS"]
        assert (args["created_after"], args["created_before"]) == (f"{last}-01-01", f"{last}-12-31")
        await thread.say("et en 2019 ?")
        ((_, args),) = thread.calls
        assert (args["created_after"], args["created_before"]) == ("2019-01-01", "2019-12-31")


async def test_an_export_that_names_its_search_is_refined_next(home: Path) -> None:
    async with conversation(home, thread_id="export-described") as thread:
        exported = await thread.say("exporte toutes les ESN lyonnaises en CSV")
        assert thread.calls == [
            ("export_csv", {"query": {"naf_codes": ["62"], "cities": ["LYON"]}})
        ]
        assert exported.artifacts[0]["rows"] > 0
        await thread.say("et celles de Villeurbanne ?")
        ((name, args),) = thread.calls
        assert (name, args["naf_codes"], args["cities"]) == (
            "search_companies",
            ["62"],
            ["VILLEURBANNE"],
        )


async def test_a_list_of_companies_is_a_search_not_a_new_list(home: Path) -> None:
    async with conversation(home, thread_id="liste-des") as thread:
        await thread.say("liste des entreprises créées cette année dans le 69")
        ((name, args),) = thread.calls
        assert name == "search_companies" and args["departments"] == ["69"]
        asked = await thread.say("ajoute-les à une liste")
        assert "Quel nom" in asked.answer
        await thread.say("celles qui ont plus de 10 salariés")  # a refinement, not a name
        ((name, args),) = thread.calls
        assert name == "search_companies" and args["headcount_min"] == 11


async def test_the_biggest_of_a_search_opens_its_card(home: Path) -> None:
    async with conversation(home, thread_id="biggest") as thread:
        await thread.say("ESN en Île-de-France")
        card = await thread.say("la plus grosse, c'est laquelle ?")
        assert [name for name, _ in thread.calls] == ["search_companies", "get_company"]
        assert thread.calls[0][1]["sort"] == "size_desc" and thread.calls[0][1]["limit"] == 1
        biggest = card.artifacts[0]["companies"][0]["siren"]
        assert card.artifacts[-1]["company"]["siren"] == biggest
        await thread.say("son dirigeant ?")
        assert thread.calls == [("find_decision_makers", {"sirens": [biggest], "roles": ["ceo"]})]

"""Conversations from the held-out evaluation 19 on the real graph: what the threads e19-a1,
a3, a10, b9, c9, d3, d5, d6 and d8 missed, and variants of it the evaluator did not write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

from agent.search.parse import parse_company_query


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-fix19a"))


def _sirens(answer: str) -> list[str]:
    return re.findall(r"\(SIREN (\d{9})\)", answer)


@pytest.mark.parametrize(
    "said",
    ["PME info dans le 69", "boîtes d'info à Lyon", "PME infor à Lyon", "sociétés infos du 33"],
)
def test_info_after_a_word_for_companies_is_the_it_sector(said: str) -> None:
    reading = parse_company_query(said)
    assert reading.naf_codes == ["62", "63.1"]
    assert reading.text is None


@pytest.mark.parametrize("said", ["des infos sur Altis", "infos sur la première"])
def test_info_alone_is_information(said: str) -> None:
    assert parse_company_query(said).naf_codes == []


async def test_pme_info_in_the_69_is_searched_as_it(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="pme-info-69") as thread:
        answer = await thread.say("chui dans le 69, trouve moi des PME info")
    assert thread.calls == [
        (
            "search_companies",
            {
                "naf_codes": ["62", "63.1"],
                "departments": ["69"],
                "categories": ["PME"],
                "limit": 10,
            },
        )
    ]
    assert "ignoré" not in answer.answer


async def test_pme_info_then_only_the_ones_over_100(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="pme-info") as thread:
        await thread.say("chui dans le 69, trouve moi des PME info")
        first = thread.calls
        narrowed = await thread.say("que celles de plus de 100 salariés")
        second = thread.calls
        beyond = await thread.say("que celles de plus de 500 salariés")
        third = thread.calls
    place = {"naf_codes": ["62", "63.1"], "departments": ["69"]}
    assert first == [("search_companies", {**place, "categories": ["PME"], "limit": 10})]
    assert second == [
        ("search_companies", {**place, "headcount_min": 101, "categories": ["PME"], "limit": 10})
    ]
    assert "ignoré" not in narrowed.answer
    assert third == [("search_companies", {**place, "headcount_min": 501, "limit": 10})]
    assert "Une PME compte moins de 250 salariés : le filtre PME est retiré" in beyond.answer


async def test_only_the_ones_beyond_an_eti_say_the_filter_is_dropped(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="eti") as thread:
        await thread.say("ETI in Île-de-France")
        answer = await thread.say("only the ones with more than 6000 employees")
    assert thread.calls == [
        ("search_companies", {"regions": ["11"], "headcount_min": 6001, "limit": 10})
    ]
    assert "An ETI (mid-cap) has fewer than 5,000 employees" in answer.answer


@pytest.mark.parametrize(
    "request_text",
    [
        "show me the card of the first one",
        "open the record of the first one",
        "the first one's card",
        "card of 1",
    ],
)
async def test_the_card_of_a_rank_in_english(home: Path, request_text: str) -> None:
    async with conversation(home, user="alice.martin", thread_id=request_text) as thread:
        found = await thread.say("find software companies in Toulouse with over 50 staff")
        await thread.say("next page")
        await thread.say(request_text)
        card = thread.calls
        await thread.say("is it hiring?")
    first = _sirens(found.answer)[0]
    assert card == [("get_company", {"siren": first})]
    assert thread.calls == [("get_company", {"siren": first})]


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        ("ok, show me Finora Apps's card then", "Finora Apps"),
        ("show me Lineo Apps' card", "Lineo Apps"),
        ("can you open Finora Apps's profile please", "Finora Apps"),
    ],
)
async def test_a_possessive_card_request(home: Path, request_text: str, name: str) -> None:
    async with conversation(home, user="bruno.petit", thread_id=request_text) as thread:
        answer = await thread.say(request_text)
    assert [call for call, _args in thread.calls] == ["search_companies", "get_company"]
    assert thread.calls[0] == ("search_companies", {"text": name, "limit": 10})
    assert answer.answer.startswith(f"**{name}**")


@pytest.mark.parametrize(
    ("request_text", "stage_line"),
    [
        ("bon, où en est IT Consulting Lyon ?", "ESN Lyon — Nouveau, Chloe Bernard"),
        ("on en est où avec IT Consulting Lyon ?", "ESN Lyon — Nouveau, Chloe Bernard"),
        ("what's the status of IT Consulting Lyon?", "ESN Lyon — New, Chloe Bernard"),
        ("IT Consulting Lyon, on en est où ?", "ESN Lyon — Nouveau, Chloe Bernard"),
    ],
)
async def test_where_a_company_stands_is_its_card_with_its_stage(
    home: Path, request_text: str, stage_line: str
) -> None:
    async with conversation(home, user="chloe.bernard", thread_id=request_text) as thread:
        answer = await thread.say(request_text)
    assert thread.calls == [
        ("search_companies", {"text": "IT Consulting Lyon", "limit": 10}),
        ("get_company", {"siren": "797069242"}),
    ]
    assert stage_line in answer.answer


async def test_where_a_company_in_no_list_stands(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="no-stage") as thread:
        await thread.say("fiche de Finora Apps")
        answer = await thread.say("on en est où avec elle ?")
    assert thread.calls == [("get_company", {"siren": "510343403"})]
    assert "Finora Apps n'est dans aucune liste de leads : elle n'a donc pas encore d'étape" in (
        answer.answer
    )


async def test_where_it_stands_with_no_company_on_screen_asks_which(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="which-stage") as thread:
        answer = await thread.say("où en est-elle ?")
    assert thread.calls == []
    assert answer.answer.startswith("De quelle entreprise ?")


async def test_the_pipeline_is_not_a_company_whose_status_is_asked(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="pipe") as thread:
        await thread.say("où en est mon pipeline ?")
    assert [call for call, _args in thread.calls] == ["pipeline_summary"]


async def test_the_second_one_after_a_search_that_found_nothing(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="empty") as thread:
        found = await thread.say("construction companies in Rennes")
        await thread.say("only the ones with more than 2000 employees")
        people = await thread.say("who are the decision makers of the second one?")
        first = thread.calls
        await thread.say("and the CFO?")
        then = thread.calls
        card = await thread.say("details on the third one")
        third = thread.calls
    rows = _sirens(found.answer)
    assert first == [("find_decision_makers", {"sirens": [rows[1]], "roles": ["decision_makers"]})]
    assert "The last search found no company, so I took that rank from the results" in (
        people.answer
    )
    assert then == [("find_decision_makers", {"sirens": [rows[1]], "roles": ["finance"]})]
    assert third == [("get_company", {"siren": rows[2]})]
    assert "so I took that rank" in card.answer


async def test_all_of_them_after_a_search_that_found_nothing_is_not_the_page_before(
    home: Path,
) -> None:
    async with conversation(home, user="david.roux", thread_id="empty-all") as thread:
        await thread.say("construction companies in Rennes")
        await thread.say("only the ones with more than 2000 employees")
        answer = await thread.say("ajoute-les à une liste Test")
    assert thread.calls == []
    assert "La dernière recherche n'a trouvé aucune entreprise" in answer.answer


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        ("translate my last email to the CFO of Vitane into English", "translating emails"),
        ("traduis mon dernier mail au DAF de Vitane en anglais", "la traduction d'e-mails"),
        ("tu peux traduire ce message en anglais ?", "la traduction d'e-mails"),
        ("c'est qui nos concurrents sur le btp breton ?", "la recherche de concurrents"),
        ("qui nous fait concurrence à Lyon ?", "la recherche de concurrents"),
        ("who are our competitors in Brittany construction?", "finding a company's competitors"),
        ("who do we compete with in Lyon?", "finding a company's competitors"),
    ],
)
async def test_what_filon_does_not_do_is_declined_plainly(
    home: Path, request_text: str, said: str
) -> None:
    async with conversation(home, user="bruno.petit", thread_id=request_text) as thread:
        answer = await thread.say(request_text)
    assert thread.calls == []
    assert said in answer.answer


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        ("merci quand même", "Avec plaisir"),
        ("ok merci", "Avec plaisir"),
        ("top merci", "Avec plaisir"),
        ("merci pour ton aide !", "Avec plaisir"),
        ("thanks anyway", "You're welcome"),
        ("thanks for your help", "You're welcome"),
    ],
)
async def test_thanks_get_a_short_answer(home: Path, request_text: str, said: str) -> None:
    async with conversation(home, user="david.roux", thread_id=request_text) as thread:
        await thread.say("prépare mon appel de demain avec Capide Architecture")
        answer = await thread.say(request_text)
    assert thread.calls == []
    assert answer.answer.startswith(said)


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        ("ajoute-la à BTP Bretagne", "Quelle entreprise ?"),
        ("mets-le dans BTP Bretagne", "Quelle entreprise ?"),
        ("add it to BTP Bretagne", "Which company?"),
    ],
)
async def test_adding_it_with_no_company_on_screen_asks_which(
    home: Path, request_text: str, said: str
) -> None:
    async with conversation(home, user="david.roux", thread_id=request_text) as thread:
        await thread.say("ESN à Rennes")
        await thread.say("la 30ème")
        answer = await thread.say(request_text)
    assert thread.calls == []
    assert answer.answer.startswith(said)


async def test_adding_it_after_a_card_still_adds_it(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="add-it") as thread:
        await thread.say("fiche de Finora Apps")
        await thread.say("ajoute-la à BTP Bretagne")
    assert thread.calls == [("add_to_list", {"list_name": "BTP Bretagne", "sirens": ["510343403"]})]


@pytest.mark.parametrize(
    ("correction", "crm", "said"),
    [
        ("non dans hubspot", "hubspot", "HUBSPOT\\_TOKEN"),
        ("non, dans HubSpot je t'ai dit", "hubspot", "HUBSPOT\\_TOKEN"),
        ("no, to Pipedrive I meant", "pipedrive", "PIPEDRIVE\\_API\\_TOKEN"),
    ],
)
async def test_a_corrected_crm_pushes_again_there(
    home: Path, correction: str, crm: str, said: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=correction) as thread:
        await thread.say("pousse mes SQL dans le CRM")
        assert thread.calls == [("push_to_crm", {})]
        answer = await thread.say(correction)
    assert thread.calls == [("push_to_crm", {"crm": crm})]
    assert said in answer.answer


async def test_post_it_to_a_channel_after_the_stale_leads(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="post") as thread:
        await thread.say("my pipeline this quarter")
        await thread.say("weekly trend")
        await thread.say("which of my leads are stale?")
        answer = await thread.say("post it to #ventes")
    assert thread.calls == [
        (
            "post_pipeline_to_slack",
            {"channel": "#ventes", "period": "quarter", "owner": "david.roux"},
        )
    ]
    assert "SLACK\\_BOT\\_TOKEN" in answer.answer
    assert "Only the pipeline summary goes to Slack" in answer.answer
    assert "Teams" not in answer.answer


async def test_post_it_to_a_channel_after_a_search_is_slack_all_the_same(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="post-search") as thread:
        await thread.say("ESN à Rennes")
        answer = await thread.say("post it to #ventes")
    assert thread.calls == []
    assert answer.answer.startswith("In Slack, I post the pipeline summary to a channel")

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

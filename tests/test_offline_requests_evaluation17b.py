"""Requests the seventeenth outside evaluation found misread (helper b's rows): a BANT
qualification started by a rank in a named list, BANT answers said with no interview open, a
"why was it lost?" question that must never move a lead, and requests Filon cannot serve
(taking one lead out of a list, an average revenue) declined plainly."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import ask, assert_one_call, case

FIRST = "100055433"  # the first company of the earlier search (`offline_fixtures`)

CALLS = [
    # a rank in a named list: that list's rows first, then the lead at that rank is qualified
    case("qualifie le premier lead de ma liste Cabinets comptables Gironde selon BANT",
         "list_leads", {"list_name": "Cabinets comptables Gironde", "limit": 1}),
    case("qualifie le 3e lead de la liste ESN Lyon selon BANT", "list_leads",
         {"list_name": "ESN Lyon", "limit": 3}),
    case("qualifie le deuxième de ma liste BTP Bretagne", "list_leads",
         {"list_name": "BTP Bretagne", "limit": 2}),
    case("qualify the first lead of my list ESN Lyon with BANT", "list_leads",
         {"list_name": "ESN Lyon", "limit": 1}),
    # "why was it lost?" is a question: the lead's card and history, never a stage change
    case("le premier, pourquoi il a été perdu ?", "qualify_lead", {"siren": FIRST},
         previous=True),
    case("pourquoi le premier a été disqualifié ?", "qualify_lead", {"siren": FIRST},
         previous=True),
    case("why was the first one lost?", "qualify_lead", {"siren": FIRST}, previous=True),
    case("la première, pour quelle raison on l'a perdue ?", "qualify_lead", {"siren": FIRST},
         previous=True),
    # what is not a BANT answer still reaches its tool
    case("le DAF de la première", "find_decision_makers",
         {"sirens": [FIRST], "roles": ["finance"]}, previous=True),
    # "top 5 leads" with nothing ranked before: the whole team's, as asked
    case("top 5 leads", "list_leads", {"limit": 5}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


NO_INTERVIEW = [
    "budget 25k€ validé par le DAF",
    "c'est le DAF qui signe, Marc Durand",
    "c'est la DAF qui signe",
    "ils veulent automatiser leur saisie comptable",
    "ils ont besoin d'un CRM",
    "avant fin mars",
    "décision avant juin",
    "pas de budget cette année",
]


@pytest.mark.parametrize("text", NO_INTERVIEW)
def test_a_bant_answer_with_no_interview_open_says_so(text: str) -> None:
    """No lead in focus and no qualification under way: said, and which lead is asked —
    never a contacts request nor a company search on the words."""
    message = ask(text)
    assert message.tool_calls == []
    assert "Aucune qualification n'est en cours" in message.text


@pytest.mark.parametrize(
    "text", ["cabinets comptables à Bordeaux", "ESN à Lyon avec un budget", "trouve des ESN à Lyon"]
)
def test_a_search_that_says_budget_is_still_a_search(text: str) -> None:
    assert ask(text).tool_calls[0]["name"] == "search_companies"


@pytest.mark.parametrize("text", ["oui vas-y", "ok vas-y", "oui, go", "yes go ahead", "vas-y"])
def test_a_yes_with_nothing_pending_says_nothing_is_pending(text: str) -> None:
    message = ask(text)
    assert message.tool_calls == []
    assert "rien en attente" in message.text or "Nothing is waiting" in message.text


DECLINED = [
    # one lead out of a list: no tool does it; what can be done instead
    ("annule, retire-la de la liste", "le retrait de leads d'une liste"),
    ("retire Venys de ma liste ESN Lyon", "le retrait de leads d'une liste"),
    ("enlève le premier de la liste", "le retrait de leads d'une liste"),
    ("remove it from the list", "removing leads from a list"),
    # an average: not computed, what is available said
    ("c'est quoi le CA moyen de mes clients gagnés ?", "Je ne calcule pas de moyenne"),
    ("quel est le chiffre d'affaires moyen de mes leads ?", "Je ne calcule pas de moyenne"),
    ("la moyenne des effectifs de ma liste ESN Lyon", "Je ne calcule pas de moyenne"),
    ("what's the average revenue of my won deals?", "I don't compute averages"),
]


@pytest.mark.parametrize(("text", "expected"), DECLINED)
def test_a_request_no_tool_serves_is_declined(text: str, expected: str) -> None:
    message = ask(text, previous=True)
    assert message.tool_calls == [] and expected in message.text

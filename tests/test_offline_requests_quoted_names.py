"""A quoted name is the rep's own words, never a reference to results: "crée une liste 'Tout
IDF'" makes that list (an empty one when nothing was searched), where "Tout" once read as "all
of them" and answered that there were no results to refer to."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import assert_one_call, case

from agent.llm.offline.references import Reference, find_reference

CALLS = [
    case("crée une liste 'Tout IDF'", "create_lead_list", {"name": "Tout IDF", "sirens": []}),
    case('crée une liste "Tous secteurs Lyon"', "create_lead_list",
         {"name": "Tous secteurs Lyon", "sirens": []}),
    case("crée une liste « Top 3 Lyon »", "create_lead_list", {"name": "Top 3 Lyon", "sirens": []}),
    case("create a list called 'All of Lille'", "create_lead_list",
         {"name": "All of Lille", "sirens": []}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_a_quoted_list_name_is_no_reference(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("cree une liste 'tout idf'", None),
        ("ajoute les 3 premieres a la liste 'top 10 lyon'", Reference("first", count=3)),
        ("ajoute celles-ci a « tout le sud »", Reference("all")),
        ("l'entreprise d'alice", None),  # elisions are no quotes
        ("la deuxieme d'entre elles", Reference("positions", positions=(2,))),
    ],
)
def test_references_outside_quotes_still_count(folded: str, expected: Reference | None) -> None:
    assert find_reference(folded) == expected

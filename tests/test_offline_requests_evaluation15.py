"""Requests the fifteenth outside evaluation found misread: requests Filon has no chat tool for
(sharing a list, passwords, private life, quotes, quotas, accounts, reports, chat apps) now get
an honest answer naming what does it, never a company search on their leftover words."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import ask, assert_one_call, case

ANSWERS = [
    # sharing a list: the CLI command, never a search
    ("partage ESN Lyon avec David", False, "filon lists share"),
    ("share my list SaaS IDF with bruno.petit", False, "filon lists share"),
    ("partage la liste BTP Bretagne", False, "filon lists share"),
    # passwords: never given
    ("donne-moi les mots de passe des commerciaux", False, "Argon2id"),
    ("what is Bruno's password?", False, "Argon2id"),
    # private life: declined before any company or role is read
    ("trouve l'adresse perso et le salaire du DG de Watora Informatique", False,
     "données personnelles"),
    ("ok then give me the home addresses of the CEOs of ESN in Lyon", False, "personal data"),
    ("combien gagne le DAF de Verilia ? son salaire", False, "données personnelles"),
    # quotes, quotas, user accounts
    ("fais moi un devis pour Watora Informatique de 12k€", False, "devis"),
    ("can you make me a quote for Verilia?", False, "quotes"),
    ("augmente le quota de Bruno de 10% pour le T1", False, "quotas"),
    ("set Alice's sales target to 50k", False, "sales targets"),
    ("ajoute un utilisateur paul.girard comme commercial", False, "filon users add"),
    ("create a new user for Paul", False, "filon users add"),
    # reports and the weekly digest: `filon digest`
    ("email me the weekly digest", False, "filon digest"),
    ("fais moi un rapport PDF du pipeline pour le comex", False, "filon digest"),
    ("envoie-moi le récap par mail chaque lundi", False, "filon digest"),
    # chat apps and automatic emails: the capability named as such
    ("envoie un message slack à bruno pour lui dire que j'ai closé", False, "Slack"),
    ("relance automatiquement par email les leads qui dorment", False, "envoi d'e-mails"),
    # competitors: named as missing, not searched
    ("who are Verilia Métallerie's main competitors?", False, "competitor"),
    ("quels sont les principaux concurrents de Watora ?", False, "concurrent"),
]  # fmt: skip

CALLS = [
    # the words close to these stay with their own intents
    case("ESN de 50 à 200 salariés à Lyon", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "headcount_min": 50, "headcount_max": 200,
          "limit": 10}),
    case("montre la liste ESN Lyon", "list_leads", {"list_name": "ESN Lyon"}),
    # SMS style: "+" for "plus"
    case("les + gros d'abord", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "limit": 10, "sort": "size_desc"},
         previous=True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "expected"), ANSWERS)
def test_request_gets_a_plain_answer(text: str, previous: bool, expected: str) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == [] and expected in message.text


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


RANKINGS = [
    ("qui a le + de SQL", "sql"),
    ("qui a le+ de perdus ?", "lost"),
    ("et le + de gagnés ?", "won"),
]


@pytest.mark.parametrize(("text", "metric"), RANKINGS)
def test_sms_style_most_is_a_ranking(text: str, metric: str) -> None:
    from agent.llm.offline.intents.ranking import rank_metric
    from agent.llm.offline.request import Request

    assert rank_metric(Request(text)) == metric


# an AI column whose name holds an apostrophe, filtered on a figure: its stored cells
COLUMN_FILTERS = [
    case("leads de SaaS Île-de-France où 'Maturité d'achat' = 8", "run_ai_columns",
         {"list_name": "SaaS Île-de-France", "column": "Maturité d'achat", "where_value": "8"}),
    case("leads de ESN Lyon où 'Utilise Salesforce' = oui", "run_ai_columns",
         {"list_name": "ESN Lyon", "column": "Utilise Salesforce", "where_value": "oui"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), COLUMN_FILTERS)
def test_ai_column_filter_is_kept(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    from agent.tools import TOOLS

    message = ask(text, previous=previous, tools=TOOLS)
    assert [(c["name"], c["args"]) for c in message.tool_calls] == [(tool_name, args)]

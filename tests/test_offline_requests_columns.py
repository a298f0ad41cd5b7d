"""OfflineChatModel: requests about AI columns → one exact tool call. A quoted question is a
custom column with its type; an unquoted name is a built-in column; "remplis", "lance", "run"
fill the list's columns; "montre" shows them; a question about every lead ("do they use
Salesforce?") is told how to ask it as a column; no list named → which list."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import ask, assert_one_call, case

LIST = {"list_name": "ESN Lyon"}
SALESFORCE = {"name": "utilise Salesforce ?", "prompt": "utilise Salesforce ?", "type": "boolean"}

COLUMN_CASES = [
    # a filter on stored cells: nothing is run
    case("leads de la liste ESN Lyon où 'Utilise Salesforce' = oui", "run_ai_columns",
         {"list_name": "ESN Lyon", "column": "Utilise Salesforce", "where_value": "oui"}),
    case("montre les leads de ESN Lyon dont « Segment » est ETI", "run_ai_columns",
         {"list_name": "ESN Lyon", "column": "Segment", "where_value": "ETI"}),
    case("leads in the ESN Lyon list where \"Uses Salesforce\" is yes", "run_ai_columns",
         {"list_name": "ESN Lyon", "column": "Uses Salesforce", "where_value": "yes"}),
    case("ajoute une colonne IA 'utilise Salesforce ?' à la liste ESN Lyon (oui/non)",
         "add_ai_column", {**LIST, **SALESFORCE}),
    case("ajoute une colonne 'maturité' de type score à ESN Lyon", "add_ai_column",
         {**LIST, "name": "maturité", "prompt": "maturité", "type": "score"}),
    case("ajoute la colonne Maturité d'achat à ma liste ESN Lyon", "add_ai_column",
         {**LIST, "name": "Maturité d'achat"}),
    case("ajoute la colonne Adéquation à l'offre à la liste ESN Lyon", "add_ai_column",
         {**LIST, "name": "Adéquation à l'offre"}),
    case("ajoute les colonnes intégrées à la liste ESN Lyon", "add_ai_column",
         {**LIST, "builtins": True}),
    case("ajoute une colonne « taille de l'équipe IT » (petite/moyenne/grande) à ESN Lyon",
         "add_ai_column", {**LIST, "name": "taille de l'équipe IT",
                           "prompt": "taille de l'équipe IT", "type": "enum",
                           "options": ["petite", "moyenne", "grande"]}),
    case("add an AI column 'uses Salesforce?' as boolean to my ESN Lyon list", "add_ai_column",
         {**LIST, "name": "uses Salesforce?", "prompt": "uses Salesforce?", "type": "boolean"}),
    case("add the Buying maturity column to my ESN Lyon list", "add_ai_column",
         {**LIST, "name": "Buying maturity"}),
    case("remplis les colonnes IA de la liste ESN Lyon", "run_ai_columns", LIST),
    case("lance les colonnes sur ESN Lyon", "run_ai_columns", LIST),
    case("run the AI columns on ESN Lyon", "run_ai_columns", LIST),
    case("montre les colonnes de la liste ESN Lyon", "run_ai_columns",
         {**LIST, "show_only": True}),
    case("show the AI columns of my SaaS IDF list", "run_ai_columns",
         {"list_name": "SaaS IDF", "show_only": True}),
]  # fmt: skip

QUESTIONS = [
    ("ajoute une colonne IA 'utilise Salesforce ?'", "Sur quelle liste ?"),
    ("add a column 'uses AWS?' to my list", "AI columns"),
    ("ajoute une colonne à la liste ESN Lyon", "Quelle colonne ?"),
    ("est-ce qu'elles utilisent Salesforce ?", "ajoutez une colonne IA"),
    ("do they use HubSpot?", "AI columns"),
]


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), COLUMN_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "expected"), QUESTIONS)
def test_without_a_list_or_column_it_asks(text: str, expected: str) -> None:
    message = ask(text)
    assert message.tool_calls == []
    assert expected in message.text

"""OfflineChatModel: requests about lists, stages, exports and whole result sets → one tool call
with exact arguments, or a question back that keeps the request."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case
from test_offline_requests import TEXT_CASES, TOOL_CASES
from test_offline_requests_followups import FOLLOW_UPS

LYON_ESN = {"naf_codes": ["62"], "cities": ["LYON"]}

LEAD_CASES = [
    # --- a rep's own leads, stale leads, counts per list ----------------------------------
    case("mes leads", "list_leads", {"mine": True}),
    case("montre mes MQL", "list_leads", {"stage": "mql", "mine": True}),
    case("my won deals", "list_leads", {"stage": "won", "mine": True}),
    case("mes leads non contactés depuis 30 jours", "list_leads",
         {"mine": True, "not_contacted_days": 30}),
    case("leads pas relancés depuis 2 semaines", "list_leads", {"not_contacted_days": 14}),
    case("my leads not contacted for 3 months", "list_leads",
         {"mine": True, "not_contacted_days": 90}),
    case("les leads jamais contactés de la liste ESN Lyon", "list_leads",
         {"list_name": "ESN Lyon", "not_contacted_days": 30}),
    case("combien de leads dans la liste ESN Lyon ?", "list_leads", {"list_name": "ESN Lyon"}),
    case("c'est quoi qu'il y a dans Cabinets comptables Gironde", "list_leads",
         {"list_name": "Cabinets comptables Gironde"}),
    case("il y a quoi dans ESN Lyon ?", "list_leads", {"list_name": "ESN Lyon"}),
    case("qu'est-ce qu'il y a dans Lyon ?", "search_companies", {"cities": ["LYON"], "limit": 10}),
    case("how many leads in the list Lyon IT?", "list_leads", {"list_name": "Lyon IT"}),
    case("les SQL de bruno.petit", "list_leads", {"stage": "sql", "owner": "bruno.petit"}),
    # --- lists: show, rename, reassign ------------------------------------------------------
    case("mes listes", "lead_lists", {"mine": True}),
    case("quelles listes ai-je ?", "lead_lists", {"mine": True}),
    case("montre-moi mes listes de leads", "lead_lists", {"mine": True}),
    case("show my lists", "lead_lists", {"mine": True}),
    case("what lists do we have?", "lead_lists", {}),
    case("les listes de bruno.petit", "lead_lists", {"owner": "bruno.petit"}),
    case("renomme la liste ESN Lyon en ESN Lyon 2026", "rename_lead_list",
         {"list_name": "ESN Lyon", "new_name": "ESN Lyon 2026"}),
    case("rename the list 'Lyon IT' to 'Lyon IT Q1'", "rename_lead_list",
         {"list_name": "Lyon IT", "new_name": "Lyon IT Q1"}),
    case("renomme la liste « Cibles » en « Cibles 2026 »", "rename_lead_list",
         {"list_name": "Cibles", "new_name": "Cibles 2026"}),
    case("donne la liste ESN Lyon à bruno.petit", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "bruno.petit"}),
    case("réassigne la liste 'Cibles 2025' à chloe.bernard", "assign_lead_list",
         {"list_name": "Cibles 2025", "owner": "chloe.bernard"}),
    case("transfer the list Lyon IT to bruno.petit", "assign_lead_list",
         {"list_name": "Lyon IT", "owner": "bruno.petit"}),
    # --- stages -------------------------------------------------------------------------------
    case("passe 552100554 en SQL", "set_lead_stage", {"siren": "552100554", "stage": "sql"}),
    case("passe la première en MQL", "set_lead_stage",
         {"siren": SIRENS[0], "stage": "mql"}, previous=True),
    case("marque la deuxième comme gagnée", "set_lead_stage",
         {"siren": SIRENS[1], "stage": "won"}, previous=True),
    case("move the third one to SQL", "set_lead_stage",
         {"siren": SIRENS[2], "stage": "sql"}, previous=True),
    case("mark SOCIETE 4 as won", "set_lead_stage",
         {"siren": SIRENS[3], "stage": "won"}, previous=True),
    case("passe SOCIETE 5 en perdu car pas de budget", "set_lead_stage",
         {"siren": SIRENS[4], "stage": "lost", "reason": "pas de budget"}, previous=True),
    case("mark 552100554 as lost because they chose a competitor", "set_lead_stage",
         {"siren": "552100554", "stage": "lost", "reason": "they chose a competitor"}),
    case("passe 552100554 en disqualifié : hors cible", "set_lead_stage",
         {"siren": "552100554", "stage": "disqualified", "reason": "hors cible"}),
    case("la première est gagnée", "set_lead_stage",
         {"siren": SIRENS[0], "stage": "won"}, previous=True),
    case("passe 552100554 en SQL dans la liste ESN Lyon", "set_lead_stage",
         {"siren": "552100554", "stage": "sql", "list_name": "ESN Lyon"}),
    # --- exports --------------------------------------------------------------------------------
    case("exporte la liste ESN Lyon", "export_csv", {"list_name": "ESN Lyon"}),
    case("export the list 'Lyon IT' as CSV", "export_csv", {"list_name": "Lyon IT"}),
    case("exporte ces résultats en CSV", "export_csv", {"query": LYON_ESN}, previous=True),
    case("exporte tous les résultats", "export_csv", {"query": LYON_ESN}, previous=True),
    case("download these as csv", "export_csv", {"query": LYON_ESN}, previous=True),
    case("exporte mes leads", "export_csv", {"mine": True}),
    case("exporte mes SQL en CSV", "export_csv", {"mine": True, "stage": "sql"}),
    case("export all leads", "export_csv", {}),
    # --- whole result sets ------------------------------------------------------------------
    case("ajoute toutes les 57 à une liste 'ESN Lyon'", "create_lead_list",
         {"name": "ESN Lyon", "query": LYON_ESN}, previous=True),
    case("ajoute tous les résultats à la liste Cibles", "add_to_list",
         {"list_name": "Cibles", "query": LYON_ESN}, previous=True),
    case("save all of them to a list called Everything", "create_lead_list",
         {"name": "Everything", "query": LYON_ESN}, previous=True),
]  # fmt: skip

# Asked first without a confirmation or a reason: the tool says whose list or lead it is (or
# that there is none) before Filon asks; tests/test_conversations_leads.py follows the question.
LEAD_CASES += [
    case("supprime la liste ESN Lyon", "delete_lead_list", {"list_name": "ESN Lyon"}),
    case("delete the list Lyon IT", "delete_lead_list", {"list_name": "Lyon IT"}),
    case("passe 552100554 en perdu", "set_lead_stage", {"siren": "552100554", "stage": "lost"}),
    case("mark 552100554 as disqualified", "set_lead_stage",
         {"siren": "552100554", "stage": "disqualified"}),
]  # fmt: skip

QUESTIONS = [
    ("supprime la liste", "Quelle liste ?"),
    ("passe-le en SQL", "Quel lead ?"),
    ("donne la liste ESN Lyon", "À qui confier quelle liste ?"),
    ("exporte", "Que faut-il exporter ?"),
]


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), LEAD_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "expected"), QUESTIONS)
def test_request_gets_a_question_back(text: str, expected: str) -> None:
    message = ask(text)
    assert message.tool_calls == []
    assert expected in message.text


def test_the_request_tables_hold_more_than_two_hundred_requests() -> None:
    tables = (TOOL_CASES, TEXT_CASES, LEAD_CASES, QUESTIONS, FOLLOW_UPS)
    assert sum(len(table) for table in tables) >= 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("boulangerie a marseille", "fr"),
        ("cabinet comptable a toulouse cree apres 2020", "fr"),
        ("next page", "en"),
        ("call it Lyon accountants", "en"),
    ],
)
def test_the_language_of_unaccented_french_and_short_english(text: str, expected: str) -> None:
    from agent.llm.language import detect_language

    assert detect_language(text) == expected


def test_a_message_that_tells_no_language_keeps_the_conversations() -> None:
    from langchain_core.messages import AIMessage, HumanMessage

    from agent.llm.language import reply_language

    thread = [HumanMessage("accountants in Lyon"), AIMessage("…"), HumanMessage("page 2")]
    assert reply_language(thread) == "en"
    assert reply_language([HumanMessage("page 2")]) == "fr"

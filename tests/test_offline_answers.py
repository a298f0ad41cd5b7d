"""OfflineChatModel: tool results → answers in the user's language, quoting the results."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import (
    AIMessage,
    HumanMessage,
    ToolMessage,
)
from offline_fixtures import PIPELINE, SIRENS, TOOLS, companies_artifact, model
from pydantic import BaseModel


def answer(request: str, tool_name: str, artifact: Any, content: str = "", **extra: Any) -> str:
    """The final answer after one tool call made for `request` and its ToolMessage."""
    messages = [
        HumanMessage(request),
        AIMessage("", tool_calls=[{"name": tool_name, "args": {}, "id": "call_1"}]),
        ToolMessage(content, tool_call_id="call_1", artifact=artifact, **extra),
    ]
    result = model().bind_tools(TOOLS).invoke(messages)
    assert result.tool_calls == []
    return result.text


LEAD_LIST = {
    "kind": "lead_list",
    "list": {"id": 3, "name": "ESN Lyon", "owner": "alice.martin"},
    "created": True,
    "added": SIRENS[:8],
    "already_there": SIRENS[8:10],
    "skipped": ["999999999"],
    "leads": [],
}
LEADS = {
    "kind": "leads",
    "list": {"id": 3, "name": "ESN Lyon"},
    "stage": "sql",
    "owner": None,
    "total": 7,
    "leads": [
        {"siren": SIRENS[i], "name": f"SOCIETE {i + 1}", "city": "LYON 3EME", "stage": "sql",
         "owner": "bruno.petit", "score": 80 - i, "list_name": "ESN Lyon"}
        for i in range(7)
    ],
}  # fmt: skip
COMPANY = {
    "kind": "company",
    "company": {
        "siren": "552100554", "name": "NUMERIQUE CONSEIL", "city": "LYON 3EME",
        "naf_label": "Conseil en systèmes et logiciels informatiques",
        "headcount_label": "100 à 199 salariés", "category": "PME", "created_on": "2012-05-04",
    },
    "contacts": [{"name": "Claire Dubois", "title": "DSI", "email": "claire.dubois@nc.fr",
                  "email_status": "verified"}],
    "signals": [{"kind": "hiring", "title": "Recrute 3 développeurs", "occurred_on": "2025-03-01"}],
    "leads": [{"list_name": "ESN Lyon", "stage": "mql", "owner": "alice.martin"}],
}  # fmt: skip


def test_companies_answer_in_french_quotes_total_and_first_names() -> None:
    text = answer("trouve des ESN à Lyon", "search_companies", companies_artifact())
    assert "57 entreprises correspondent" in text
    assert "voici les 5 premières" in text
    assert "**SOCIETE 1** — Lyon 3e, 50 à 99 salariés" in text
    assert SIRENS[0] in text and "SOCIETE 5" in text and "SOCIETE 6" not in text


def test_companies_answer_in_english() -> None:
    text = answer("IT companies in Lyon", "search_companies", companies_artifact(3))
    assert "I found 57 matching companies; here are the first 3:" in text
    assert "Villeurbanne" in text


def test_no_company_found_says_so_and_suggests_widening() -> None:
    empty = {**companies_artifact(0), "total": 0, "note": "Source: local store."}
    assert "Aucune entreprise ne correspond" in answer("ESN à Lyon", "search_companies", empty)
    assert "Source: local store." in answer("ESN à Lyon", "search_companies", empty)
    assert "No company matches" in answer("find IT firms in Lyon", "search_companies", empty)


def test_company_answer_quotes_identity_contacts_signals_and_lists() -> None:
    text = answer("fiche de 552 100 554", "get_company", COMPANY)
    for fact in ("NUMERIQUE CONSEIL", "552100554", "Lyon 3e", "100 à 199 salariés",
                 "Claire Dubois — DSI — claire.dubois@nc.fr (verified)",
                 "Recrute 3 développeurs (2025-03-01)", "ESN Lyon — MQL, alice.martin",
                 "Créée le : 2012-05-04"):  # fmt: skip
        assert fact in text
    assert "Contacts (1):" in answer("details on 552100554", "get_company", COMPANY)


def test_lead_list_answer_counts_added_already_there_and_skipped() -> None:
    text = answer("ajoute-les à une liste 'ESN Lyon'", "create_lead_list", LEAD_LIST)
    assert "Liste « ESN Lyon » : 8 leads ajoutés, 2 déjà présents, 1 ignoré." in text
    text = answer("save these to a list called ESN Lyon", "create_lead_list", LEAD_LIST)
    assert "List “ESN Lyon”: 8 leads added, 2 already there, 1 skipped." in text


def test_leads_answer_lists_filters_and_first_leads() -> None:
    text = answer("montre les SQL de la liste ESN Lyon", "list_leads", LEADS)
    assert "7 leads (liste « ESN Lyon », étape SQL) ; les 5 premiers :" in text
    assert "**SOCIETE 1** — Lyon 3e, SQL, bruno.petit, score 80" in text
    empty = {**LEADS, "total": 0, "leads": []}
    assert "No lead found (list “ESN Lyon”, stage SQL)" in answer(
        "show the SQLs", "list_leads", empty
    )


def test_pipeline_answer_in_french_has_stages_trends_conversion_and_owners() -> None:
    text = answer("résumé du pipeline de la semaine", "pipeline_summary", PIPELINE)
    assert "Pipeline — semaine (2025-03-10 → 2025-03-16)" in text
    assert "Étapes (42 leads) : nouveau 20, MQL 12, SQL 6, gagné 3, perdu 1" in text
    assert "42 leads" in text
    assert "Nouveaux leads : 14 (+40\u202f% vs période précédente : 10)" in text
    assert "Nouveaux SQL : 4 (-20\u202f% vs période précédente : 5)" in text
    assert "Gagnés : 2 (période précédente : 0)" in text
    assert "MQL → SQL 66,7\u202f% (6/9)" in text
    assert "alice.martin : 9 nouveaux leads, 3 SQL, 2 gagnés" in text


def test_pipeline_answer_in_english() -> None:
    text = answer(
        "pipeline summary for this week", "pipeline_summary", {**PIPELINE, "owner": "alice.martin"}
    )
    assert "Pipeline of alice.martin — week (2025-03-10 → 2025-03-16)" in text
    assert "New leads: 14 (+40% vs previous period: 10)" in text
    assert "MQL → SQL 66.7% (6/9)" in text


def test_pydantic_artifact_is_read_like_a_dict() -> None:
    class Page(BaseModel):
        kind: str = "companies"
        total: int
        companies: list[dict[str, Any]]

    page = Page(total=1, companies=[{"siren": SIRENS[0], "name": "ACME", "city": "NANTES"}])
    assert "1 entreprise correspond" in answer("ESN à Nantes", "search_companies", page)


def test_result_without_artifact_falls_back_on_its_text() -> None:
    text = answer("trouve des ESN", "search_companies", None, content="3 companies: A, B, C")
    assert text == "Voici le résultat :\n\n3 companies: A, B, C"


def test_error_result_is_explained_with_what_to_do() -> None:
    french = answer("fiche de 552100554", "get_company", None, content="no company 552100554",
                    status="error")  # fmt: skip
    assert "Cela n'a pas abouti (`get_company`) : no company 552100554" in french
    assert "Vérifiez le SIREN" in french
    english = answer("add them to the list Foo", "add_to_list", None,
                     content="no lead list named 'Foo'", status="error")  # fmt: skip
    assert "That did not work (`add_to_list`): no lead list named 'Foo'" in english
    assert "Check the list name" in english


def test_several_results_are_all_answered() -> None:
    messages = [
        HumanMessage("pipeline et SQL"),
        AIMessage("", tool_calls=[
            {"name": "pipeline_summary", "args": {}, "id": "call_1"},
            {"name": "list_leads", "args": {}, "id": "call_2"},
        ]),
        ToolMessage("", tool_call_id="call_1", artifact=PIPELINE),
        ToolMessage("", tool_call_id="call_2", artifact=LEADS),
    ]  # fmt: skip
    text = model().bind_tools(TOOLS).invoke(messages).text
    assert "Pipeline — semaine" in text and "7 leads" in text

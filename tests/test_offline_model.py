"""OfflineChatModel: French and English requests → tool calls, tool results → answers.

The tools here are tiny stand-ins with the real tools' names and argument names; the real
ones live in agent/tools/ and are exercised by their own tests.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import pytest
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import BaseTool, tool
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from pydantic import BaseModel, Field

from agent.llm.language import detect_language
from agent.llm.offline import OfflineChatModel

TODAY = date(2025, 3, 14)
SIRENS = [
    "100055433", "100118785", "100174218", "100245489", "100380112", "100443464",
    "100490978", "100578087", "100712710", "100839414", "100886928", "100902766",
]  # fmt: skip


class SearchArgs(BaseModel):
    """A few of CompanyQuery's fields; the limit is capped like the real tool's."""

    text: str | None = None
    naf_codes: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    headcount_min: int | None = None
    headcount_max: int | None = None
    limit: int = Field(10, ge=1, le=100)


@tool(args_schema=SearchArgs)
def search_companies(**filters: Any) -> str:
    """Search French companies."""
    return "companies"


@tool
def get_company(siren: str | None = None, name: str | None = None) -> str:
    """One company by SIREN or name."""
    return "company"


@tool
def create_lead_list(name: str, sirens: list[str]) -> str:
    """Create a lead list."""
    return "created"


@tool
def add_to_list(list_name: str, sirens: list[str]) -> str:
    """Add companies to a list."""
    return "added"


@tool
def list_leads(
    list_name: str | None = None, stage: str | None = None, owner: str | None = None
) -> str:
    """List leads."""
    return "leads"


@tool
def pipeline_summary(
    period: Literal["week", "month", "quarter", "year"] = "week", owner: str | None = None
) -> str:
    """Pipeline summary."""
    return "pipeline"


TOOLS: list[BaseTool] = [
    search_companies, get_company, create_lead_list, add_to_list, list_leads, pipeline_summary,
]  # fmt: skip


def companies_artifact(count: int = 12) -> dict[str, Any]:
    """A "companies" artifact like search_companies returns."""
    cities = ["LYON 3EME", "VILLEURBANNE", "LYON 7EME", "BRON"]
    return {
        "kind": "companies",
        "total": 57,
        "query": {"naf_codes": ["62"], "cities": ["LYON"]},
        "companies": [
            {
                "siren": siren,
                "name": f"SOCIETE {index + 1}",
                "city": cities[index % len(cities)],
                "department": "69",
                "naf_label": "Programmation informatique",
                "headcount_label": "50 à 99 salariés",
                "category": "PME",
            }
            for index, siren in enumerate(SIRENS[:count])
        ],
        "note": None,
    }


def earlier_search() -> list[BaseMessage]:
    """A finished search turn: request, tool call, companies result, answer."""
    return [
        HumanMessage("trouve des ESN à Lyon"),
        AIMessage("", tool_calls=[{"name": "search_companies", "args": {}, "id": "call_1"}]),
        ToolMessage(
            "57 companies",
            tool_call_id="call_1",
            name="search_companies",
            artifact=companies_artifact(),
        ),
        AIMessage("57 entreprises correspondent à votre recherche."),
    ]


def model() -> OfflineChatModel:
    return OfflineChatModel(today=TODAY)


def ask(text: str, *, previous: bool = False, tools: list[BaseTool] | None = None) -> AIMessage:
    messages = [*earlier_search(), HumanMessage(text)] if previous else [HumanMessage(text)]
    result = model().bind_tools(TOOLS if tools is None else tools).invoke(messages)
    assert isinstance(result, AIMessage)
    return result


def case(text: str, tool_name: str, args: dict[str, Any], *, previous: bool = False) -> Any:
    return pytest.param(text, previous, tool_name, args, id=("+" if previous else "") + text)


LYON_ESN = {"naf_codes": ["62"], "cities": ["LYON"]}

TOOL_CASES = [
    # --- company search ------------------------------------------------------------------
    case("trouve des ESN de 50 à 200 salariés à Lyon", "search_companies",
         {**LYON_ESN, "headcount_min": 50, "headcount_max": 200, "limit": 10}),
    case("cabinets d'expertise comptable en Gironde créés après 2015", "search_companies",
         {"naf_codes": ["69.20Z"], "departments": ["33"], "created_after": "2016-01-01", "limit": 10}),
    case("SaaS companies in Île-de-France with more than 100 employees", "search_companies",
         {"naf_codes": ["58.29", "62.01Z"], "regions": ["11"], "headcount_min": 101, "limit": 10}),
    case("PME du BTP en Bretagne", "search_companies",
         {"naf_codes": ["41", "42", "43"], "regions": ["53"], "categories": ["PME"], "limit": 10}),
    case("cherche Capgemini", "search_companies", {"text": "Capgemini", "limit": 10}),
    case("Capgemini", "search_companies", {"text": "Capgemini", "limit": 10}),
    case("search for Dassault Systèmes", "search_companies", {"text": "Dassault Systèmes", "limit": 10}),
    case("les 50 premières ESN à Toulouse", "search_companies",
         {"naf_codes": ["62"], "cities": ["TOULOUSE"], "limit": 50}),
    case("top 500 agences web à Paris", "search_companies",
         {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["PARIS"], "limit": 100}),
    case("top 20 ETI industrielles en Auvergne-Rhône-Alpes", "search_companies",
         {"sections": ["C"], "regions": ["84"], "categories": ["ETI"], "limit": 20}),
    case("boulangeries à Bordeaux", "search_companies",
         {"naf_codes": ["10.71"], "cities": ["BORDEAUX"], "limit": 10}),
    case("find software companies in Lyon", "search_companies",
         {"naf_codes": ["58.29"], "cities": ["LYON"], "limit": 10}),
    case("ESN à Paris 2e", "search_companies",
         {"naf_codes": ["62"], "cities": ["PARIS"], "postcodes": ["75002"], "limit": 10}),
    case("ESN à Lyon 3e", "search_companies",
         {**LYON_ESN, "postcodes": ["69003"], "limit": 10}, previous=True),
    case("entreprises créées il y a moins de 3 ans dans le 69", "search_companies",
         {"departments": ["69"], "created_after": "2022-03-14", "limit": 10}),
    case("agences web à Nantes de plus de 20 salariés", "search_companies",
         {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["NANTES"], "headcount_min": 21, "limit": 10}),
    case("cabinets de conseil en recrutement à Lille", "search_companies",
         {"naf_codes": ["78.10Z"], "cities": ["LILLE"], "limit": 10}),
    case("startups in Bordeaux", "search_companies",
         {"cities": ["BORDEAUX"], "created_after": "2020-03-14", "limit": 10}),
    case("restaurants in Marseille with fewer than 10 employees", "search_companies",
         {"naf_codes": ["56.1"], "cities": ["MARSEILLE"], "headcount_max": 9, "limit": 10}),
    case("ESN lyonnaises qui recrutent", "search_companies",
         {"text": "lyonnaises", "naf_codes": ["62"], "limit": 10}),
    case("transport companies in Normandy", "search_companies",
         {"naf_codes": ["49", "50", "51", "52"], "regions": ["28"], "limit": 10}),
    case("SAS du BTP en Haute-Garonne", "search_companies",
         {"naf_codes": ["41", "42", "43"], "departments": ["31"], "legal_forms": ["57"], "limit": 10}),
    case("trouve des hôtels à Nice", "search_companies",
         {"naf_codes": ["55"], "cities": ["NICE"], "limit": 10}),
    case("architectes à Rennes", "search_companies",
         {"naf_codes": ["71.11Z"], "cities": ["RENNES"], "limit": 10}),
    case("find accounting firms in Gironde founded after 2010", "search_companies",
         {"naf_codes": ["69.20Z"], "departments": ["33"], "created_after": "2011-01-01", "limit": 10}),
    case("cherche des entreprises de nettoyage en Seine-Saint-Denis", "search_companies",
         {"naf_codes": ["81.2"], "departments": ["93"], "limit": 10}),
    case("imprimeries dans le 33 et le 40", "search_companies",
         {"naf_codes": ["18.1"], "departments": ["33", "40"], "limit": 10}),
    case("PME industrielles en Alsace", "search_companies",
         {"sections": ["C"], "regions": ["44"], "categories": ["PME"], "limit": 10}),
    case("laboratoires pharmaceutiques en Île-de-France", "search_companies",
         {"naf_codes": ["21"], "regions": ["11"], "limit": 10}),
    case("code NAF 62.02A à Grenoble", "search_companies",
         {"naf_codes": ["62.02A"], "cities": ["GRENOBLE"], "limit": 10}),
    # --- company details -----------------------------------------------------------------
    case("fiche de 552 100 554", "get_company", {"siren": "552100554"}),
    case("552100554", "get_company", {"siren": "552100554"}),
    case("SIRET 55210055400013", "get_company", {"siren": "552100554"}),
    case("montre-moi la société Numérique Conseil", "get_company", {"name": "Numérique Conseil"}),
    case("tell me about Capgemini", "get_company", {"name": "Capgemini"}),
    case("qui est Numérique Conseil ?", "get_company", {"name": "Numérique Conseil"}),
    case("infos sur la société Dupont et Fils", "get_company", {"name": "Dupont et Fils"}),
    case("details on the second one", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("la deuxième", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("le premier", "get_company", {"siren": SIRENS[0]}, previous=True),
    case("the third one", "get_company", {"siren": SIRENS[2]}, previous=True),
    case("la 3e", "get_company", {"siren": SIRENS[2]}, previous=True),
    case("number 4", "get_company", {"siren": SIRENS[3]}, previous=True),
    case("fiche du numéro 2", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("montre-moi la fiche de la deuxième", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("tell me more about the first one", "get_company", {"siren": SIRENS[0]}, previous=True),
    case("show me the last one", "get_company", {"siren": SIRENS[-1]}, previous=True),
    case("la dernière", "get_company", {"siren": SIRENS[-1]}, previous=True),
    # --- lead lists ----------------------------------------------------------------------
    case("ajoute les 10 premières à une liste 'ESN Lyon'", "create_lead_list",
         {"name": "ESN Lyon", "sirens": SIRENS[:10]}, previous=True),
    case("crée une liste Prospects Q1 avec ces entreprises", "create_lead_list",
         {"name": "Prospects Q1", "sirens": SIRENS}, previous=True),
    case("save these to a list called Lyon IT", "create_lead_list",
         {"name": "Lyon IT", "sirens": SIRENS}, previous=True),
    case('enregistre celles-ci dans une nouvelle liste "Gironde compta"', "create_lead_list",
         {"name": "Gironde compta", "sirens": SIRENS}, previous=True),
    case("create a list called Top accounts with the first 5", "create_lead_list",
         {"name": "Top accounts", "sirens": SIRENS[:5]}, previous=True),
    case("crée une liste Prospects Q1", "create_lead_list", {"name": "Prospects Q1", "sirens": []}),
    case("mets la troisième dans la liste ESN Lyon", "add_to_list",
         {"list_name": "ESN Lyon", "sirens": [SIRENS[2]]}, previous=True),
    case("add them to my Lyon IT list", "add_to_list",
         {"list_name": "Lyon IT", "sirens": SIRENS}, previous=True),
    case("ajoute-les à la liste « Cibles 2025 »", "add_to_list",
         {"list_name": "Cibles 2025", "sirens": SIRENS}, previous=True),
    case("add the first 3 to the list Q1 targets", "add_to_list",
         {"list_name": "Q1 targets", "sirens": SIRENS[:3]}, previous=True),
    case("put the second one in the list Lyon IT", "add_to_list",
         {"list_name": "Lyon IT", "sirens": [SIRENS[1]]}, previous=True),
    case("ajoute la 2e et la 4e à la liste ESN Lyon", "add_to_list",
         {"list_name": "ESN Lyon", "sirens": [SIRENS[1], SIRENS[3]]}, previous=True),
    case("ajoute 552 100 554 à la liste ESN Lyon", "add_to_list",
         {"list_name": "ESN Lyon", "sirens": ["552100554"]}, previous=True),
    # --- leads ---------------------------------------------------------------------------
    case("montre les leads de la liste ESN Lyon", "list_leads", {"list_name": "ESN Lyon"}),
    case("quels sont mes SQL ?", "list_leads", {"stage": "sql"}),
    case("leads en MQL de bruno.petit", "list_leads", {"stage": "mql", "owner": "bruno.petit"}),
    case("show the won deals", "list_leads", {"stage": "won"}),
    case("show my leads", "list_leads", {}),
    case("show the leads of the list Lyon IT", "list_leads", {"list_name": "Lyon IT"}),
    case("affiche les leads perdus", "list_leads", {"stage": "lost"}),
    case("liste les deals gagnés d'alice.martin", "list_leads", {"stage": "won", "owner": "alice.martin"}),
    case("leads de la liste 'Prospects Q1' en SQL", "list_leads",
         {"list_name": "Prospects Q1", "stage": "sql"}),
    case("which leads are disqualified?", "list_leads", {"stage": "disqualified"}),
    case("les nouveaux leads de bruno.petit", "list_leads", {"stage": "new", "owner": "bruno.petit"}),
    # --- pipeline ------------------------------------------------------------------------
    case("résumé du pipeline de la semaine", "pipeline_summary", {"period": "week"}),
    case("pipeline ce mois-ci par commercial", "pipeline_summary", {"period": "month"}),
    case("pipeline summary for this quarter", "pipeline_summary", {"period": "quarter"}),
    case("comment va le pipeline d'alice.martin ?", "pipeline_summary",
         {"period": "week", "owner": "alice.martin"}),
    case("combien de SQL ce trimestre ?", "pipeline_summary", {"period": "quarter"}),
    case("how many deals did we win this year?", "pipeline_summary", {"period": "year"}),
    case("taux de conversion du mois", "pipeline_summary", {"period": "month"}),
    case("pipeline", "pipeline_summary", {"period": "week"}),
    case("weekly pipeline for bruno.petit", "pipeline_summary", {"period": "week", "owner": "bruno.petit"}),
    case("stats de l'année", "pipeline_summary", {"period": "year"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), TOOL_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    message = ask(text, previous=previous)
    assert message.content == ""
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [(tool_name, args)]


def text_case(text: str, expected: str, *, previous: bool = False) -> Any:
    return pytest.param(text, previous, expected, id=("+" if previous else "") + text)


TEXT_CASES = [
    text_case("aide", "Je suis Filon"),
    text_case("help", "I'm Filon"),
    text_case("what can you do?", "I'm Filon"),
    text_case("bonjour", "Je suis Filon"),
    text_case("que sais-tu faire ?", "Je suis Filon"),
    text_case("merci", "Je suis Filon"),
    text_case("blabla", "je n'ai pas compris"),
    text_case("quelle heure est-il ?", "je n'ai pas compris"),
    text_case("what's the weather like?", "did not understand"),
    text_case("details on the second one", "Search for companies first"),
    text_case("la deuxième", "Lancez d'abord une recherche"),
    text_case("ajoute les 10 premières à une liste 'ESN Lyon'", "Lancez d'abord une recherche"),
    text_case("et la 15e ?", "ne comptent que 12 entreprises", previous=True),
    text_case("crée une liste avec ces entreprises", "Quel nom donner à la liste", previous=True),
    text_case("add them to the list", "What should the list be called", previous=True),
    text_case("fiche de 552 100 555", "n'est pas un SIREN valide"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "expected"), TEXT_CASES)
def test_request_gets_a_direct_answer(text: str, previous: bool, expected: str) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == []
    assert expected in message.text


def test_the_table_is_large_enough() -> None:
    assert len(TOOL_CASES) + len(TEXT_CASES) >= 80


# --- answers from tool results ------------------------------------------------------------


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
PIPELINE = {
    "kind": "pipeline",
    "period": {"label": "week", "start": "2025-03-10", "end": "2025-03-16"},
    "previous": {"label": "week", "start": "2025-03-03", "end": "2025-03-09"},
    "owner": None,
    "total": 42,
    "stages": {"new": 20, "mql": 12, "sql": 6, "won": 3, "lost": 1, "disqualified": 0},
    "conversion": {"mql_to_sql": {"reached": 9, "converted": 6, "rate": 0.6667}},
    "new_leads": 14,
    "new_sqls": 4,
    "won": 2,
    "trend": {
        "new_leads": {"current": 14, "previous": 10, "change_pct": 40.0},
        "new_sqls": {"current": 4, "previous": 5, "change_pct": -20.0},
        "won": {"current": 2, "previous": 0, "change_pct": None},
    },
    "owners": [
        {"owner": "alice.martin", "stages": {"sql": 4}, "new_leads": 9, "new_sqls": 3, "won": 2},
        {"owner": "bruno.petit", "stages": {"sql": 2}, "new_leads": 5, "new_sqls": 1, "won": 0},
    ],
}
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


# --- tools, ids, language, streaming ------------------------------------------------------


def test_only_bound_tools_are_called() -> None:
    message = ask("montre les leads de la liste ESN Lyon", tools=[search_companies])
    assert message.tool_calls == []
    assert "l'outil `list_leads` n'est pas activé" in message.text
    unbound = model().invoke([HumanMessage("pipeline summary for this quarter")])
    assert unbound.tool_calls == [] and "not available" in unbound.text


def test_call_ids_are_unique_in_a_conversation() -> None:
    first = ask("la deuxième", previous=True)
    assert first.tool_calls[0]["id"] == "call_2"  # call_1 is the earlier search
    assert ask("trouve des ESN à Lyon").tool_calls[0]["id"] == "call_1"


def test_model_is_deterministic_and_named() -> None:
    messages = [*earlier_search(), HumanMessage("save these to a list called Lyon IT")]
    bound = model().bind_tools(TOOLS)
    assert bound.invoke(messages).tool_calls == bound.invoke(messages).tool_calls
    assert model()._llm_type == "filon-offline"
    assert model().model_name == "filon-offline"
    assert bound.invoke(messages).response_metadata["model_name"] == "filon-offline"


def test_system_messages_and_an_empty_conversation_are_harmless() -> None:
    message = (
        model()
        .bind_tools(TOOLS)
        .invoke([SystemMessage("You are Filon."), HumanMessage("pipeline")])
    )
    assert message.tool_calls[0]["name"] == "pipeline_summary"
    assert "Filon" in model().invoke([SystemMessage("You are Filon.")]).text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("trouve des ESN à Lyon", "fr"),
        ("SaaS companies in Île-de-France with more than 100 employees", "en"),
        ("show the won deals", "en"),
        ("la deuxième", "fr"),
        ("Capgemini", "fr"),
        ("details on the second one", "en"),
        ("résumé du pipeline", "fr"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def merged(items: list[Any]) -> AIMessageChunk:
    chunks = [item for item in items if isinstance(item, AIMessageChunk)]
    assert len(chunks) == len(items), "every streamed item is an AIMessageChunk"
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    return total


async def test_astream_chunks_merge_into_the_same_tool_calls() -> None:
    messages = [*earlier_search(), HumanMessage("ajoute les 3 premières à une liste 'ESN Lyon'")]
    bound = model().bind_tools(TOOLS)
    chunks: list[Any] = [chunk async for chunk in bound.astream(messages)]
    assert len(chunks) > 2
    assert any(chunk.tool_call_chunks for chunk in chunks)
    streamed = merged(chunks)
    expected = bound.invoke(messages).tool_calls
    assert streamed.tool_calls == expected
    assert expected == [{"name": "create_lead_list", "args": {"name": "ESN Lyon", "sirens": SIRENS[:3]},
                         "id": "call_2", "type": "tool_call"}]  # fmt: skip


def test_stream_answer_comes_in_word_chunks_that_add_up() -> None:
    messages = [
        HumanMessage("résumé du pipeline"),
        AIMessage("", tool_calls=[{"name": "pipeline_summary", "args": {}, "id": "call_1"}]),
        ToolMessage("", tool_call_id="call_1", artifact=PIPELINE),
    ]
    bound = model().bind_tools(TOOLS)
    chunks: list[Any] = list(bound.stream(messages))
    assert sum(1 for chunk in chunks if chunk.text) > 20
    streamed = merged(chunks)
    assert streamed.text == bound.invoke(messages).text
    assert streamed.tool_calls == []


async def test_ainvoke_matches_invoke() -> None:
    messages = [HumanMessage("trouve des ESN de 50 à 200 salariés à Lyon")]
    bound = model().bind_tools(TOOLS)
    assert (await bound.ainvoke(messages)).tool_calls == bound.invoke(messages).tool_calls


# --- in a LangGraph loop ------------------------------------------------------------------


def test_drives_a_langgraph_tool_loop_to_a_final_answer() -> None:
    @tool("search_companies", response_format="content_and_artifact")
    def search(
        naf_codes: list[str], cities: list[str], limit: int = 10
    ) -> tuple[str, dict[str, Any]]:
        """Search French companies."""
        return "57 companies", companies_artifact(limit)

    bound = model().bind_tools([search])

    def call_model(state: MessagesState) -> dict[str, Any]:
        return {"messages": [bound.invoke(state["messages"])]}

    def route(state: MessagesState) -> str:
        last = state["messages"][-1]
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else END

    graph = StateGraph(MessagesState)
    graph.add_node("model", call_model)
    graph.add_node("tools", ToolNode([search]))
    graph.add_edge(START, "model")
    graph.add_conditional_edges("model", route, ["tools", END])
    graph.add_edge("tools", "model")
    state = graph.compile().invoke({"messages": [HumanMessage("ESN à Lyon")]})
    final = state["messages"][-1]
    assert [type(m).__name__ for m in state["messages"]] == [
        "HumanMessage", "AIMessage", "ToolMessage", "AIMessage",
    ]  # fmt: skip
    assert "57 entreprises correspondent" in final.text and "SOCIETE 1" in final.text

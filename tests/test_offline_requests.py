"""OfflineChatModel: French and English requests → one tool call with exact arguments, or a
direct answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case

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
         {"naf_codes": ["58.29", "62.01Z"], "cities": ["LYON"], "limit": 10}),
    case("ESN à Paris 2e", "search_companies",
         {"naf_codes": ["62"], "cities": ["PARIS"], "postcodes": ["75002"], "limit": 10}),
    case("ESN à Lyon 3e", "search_companies",
         {**LYON_ESN, "postcodes": ["69003"], "limit": 10}, previous=True),
    case("trouve l'email du DSI de la première", "enrich_contacts",
         {"sirens": [SIRENS[0]], "roles": ["it"]}, previous=True),
    case("les contacts de la deuxième", "find_decision_makers", {"sirens": [SIRENS[1]]},
         previous=True),
    # follow-ups on the last search (ESN à Lyon, 57 matches, 12 shown): one thing changes
    case("et à Nantes ?", "search_companies",
         {"naf_codes": ["62"], "cities": ["NANTES"], "limit": 10}, previous=True),
    case("what about Bordeaux?", "search_companies",
         {"naf_codes": ["62"], "cities": ["BORDEAUX"], "limit": 10}, previous=True),
    case("refais la même chose à Tourcoing", "search_companies",
         {"naf_codes": ["62"], "cities": ["TOURCOING"], "limit": 10}, previous=True),
    case("do the same for Roubaix", "search_companies",
         {"naf_codes": ["62"], "cities": ["ROUBAIX"], "limit": 10}, previous=True),
    case("seulement celles de plus de 50 salariés", "search_companies",
         {**LYON_ESN, "headcount_min": 51, "limit": 10}, previous=True),
    case("only those with more than 100 employees", "search_companies",
         {**LYON_ESN, "headcount_min": 101, "limit": 10}, previous=True),
    case("garde celles de Lyon 3e", "search_companies",
         {**LYON_ESN, "postcodes": ["69003"], "limit": 10}, previous=True),
    case("et celles créées après 2015", "search_companies",
         {**LYON_ESN, "created_after": "2016-01-01", "limit": 10}, previous=True),
    case("dans le 69", "search_companies",
         {"naf_codes": ["62"], "departments": ["69"], "limit": 10}, previous=True),
    case("les 10 suivantes", "search_companies",
         {**LYON_ESN, "limit": 10, "offset": 10}, previous=True),
    case("next", "search_companies", {**LYON_ESN, "limit": 10, "offset": 10}, previous=True),
    case("page 3", "search_companies", {**LYON_ESN, "limit": 10, "offset": 20}, previous=True),
    case("show me 20 more", "search_companies",
         {**LYON_ESN, "limit": 20, "offset": 10}, previous=True),
    case("et la 15e ?", "search_companies",
         {**LYON_ESN, "limit": 1, "offset": 14}, previous=True),
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
         {"naf_codes": ["62"], "cities": ["LYON"], "limit": 10}),
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
    # the outside evaluation's requests (tests/test_parse_outside_evaluation.py)
    case("les 5 plus grosses ESN de Lyon", "search_companies",
         {**LYON_ESN, "sort": "size_desc", "limit": 5}),
    case("restos paris 11e", "search_companies",
         {"naf_codes": ["56.1"], "cities": ["PARIS"], "postcodes": ["75011"], "limit": 10}),
    case("ESN à Sophia Antipolis", "search_companies",
         {"naf_codes": ["62"], "cities": ["SOPHIA ANTIPOLIS"], "limit": 10}),
    case("SAS créées depuis janvier 2025 dans le 92", "search_companies",
         {"departments": ["92"], "legal_forms": ["57"], "created_after": "2025-01-01", "limit": 10}),
    # --- company details -----------------------------------------------------------------
    case("fiche de 552 100 554", "get_company", {"siren": "552100554"}),
    case("552100554", "get_company", {"siren": "552100554"}),
    case("SIRET 55210055400013", "get_company", {"siren": "552100554"}),
    case("montre-moi la société Numérique Conseil", "search_companies", {"text": "Numérique Conseil", "limit": 10}),
    case("tell me about Capgemini", "search_companies", {"text": "Capgemini", "limit": 10}),
    case("qui est Numérique Conseil ?", "search_companies", {"text": "Numérique Conseil", "limit": 10}),
    case("infos sur la société Dupont et Fils", "search_companies", {"text": "Dupont et Fils", "limit": 10}),
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
         {"name": "Prospects Q1", "query": LYON_ESN}, previous=True),
    case("save these to a list called Lyon IT", "create_lead_list",
         {"name": "Lyon IT", "query": LYON_ESN}, previous=True),
    case('enregistre celles-ci dans une nouvelle liste "Gironde compta"', "create_lead_list",
         {"name": "Gironde compta", "query": LYON_ESN}, previous=True),
    case("create a list called Top accounts with the first 5", "create_lead_list",
         {"name": "Top accounts", "sirens": SIRENS[:5]}, previous=True),
    case("crée une liste Prospects Q1", "create_lead_list", {"name": "Prospects Q1", "sirens": []}),
    case("mets la troisième dans la liste ESN Lyon", "add_to_list",
         {"list_name": "ESN Lyon", "sirens": [SIRENS[2]]}, previous=True),
    case("add them to my Lyon IT list", "add_to_list",
         {"list_name": "Lyon IT", "query": LYON_ESN}, previous=True),
    case("ajoute-les à la liste « Cibles 2025 »", "add_to_list",
         {"list_name": "Cibles 2025", "query": LYON_ESN}, previous=True),
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
    case("quels sont mes SQL ?", "list_leads", {"stage": "sql", "mine": True}),
    case("leads en MQL de bruno.petit", "list_leads", {"stage": "mql", "owner": "bruno.petit"}),
    case("show the won deals", "list_leads", {"stage": "won"}),
    case("show my leads", "list_leads", {"mine": True}),
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
    # previous periods, starts, and counts over a period rather than all time
    case("pipeline du mois dernier", "pipeline_summary", {"period": "last_month"}),
    case("stats de la semaine précédente", "pipeline_summary", {"period": "last_week"}),
    case("pipeline for last quarter", "pipeline_summary", {"period": "last_quarter"}),
    case("combien de leads gagnés l'an dernier ?", "pipeline_summary", {"period": "last_year"}),
    case("leads gagnés ce trimestre", "pipeline_summary", {"period": "quarter"}),
    case("nouveaux leads ce mois-ci pour bruno.petit", "pipeline_summary",
         {"period": "month", "owner": "bruno.petit"}),
    case("combien de SQL depuis le 1er octobre ?", "pipeline_summary", {"since": "2024-10-01"}),
    case("pipeline since March 3rd", "pipeline_summary", {"since": "2025-03-03"}),
    case("pipeline depuis le 15/12", "pipeline_summary", {"since": "2024-12-15"}),
    case("pipeline depuis le 2 janvier 2025", "pipeline_summary", {"since": "2025-01-02"}),
    case("deals gagnés depuis lundi", "pipeline_summary", {"since": "2025-03-10"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), TOOL_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


def text_case(text: str, expected: str, *, previous: bool = False) -> Any:
    return pytest.param(text, previous, expected, id=("+" if previous else "") + text)


TEXT_CASES = [
    text_case("aide", "Je suis Filon"),
    text_case("help", "I'm Filon"),
    text_case("what can you do?", "I'm Filon"),
    text_case("bonjour", "Je suis Filon"),
    text_case("que sais-tu faire ?", "Je suis Filon"),
    text_case("merci", "Avec plaisir"),
    text_case("blabla", "je n'ai pas compris"),
    text_case("quelle heure est-il ?", "je n'ai pas compris"),
    # places outside France: said plainly, never searched as free text
    text_case("ESN à Bruxelles", "Bruxelles\u202f» n'en fait pas partie"),
    text_case("et en Belgique ?", "immatriculées en France", previous=True),
    text_case("ESN en Belgique", "Belgique\u202f» n'en fait pas partie"),
    text_case("what about in Belgium?", "“Belgium” is outside it", previous=True),
    text_case("software companies in London", "registered in France only"),
    text_case("what's the weather like?", "I'm a B2B prospecting copilot"),
    text_case("quel temps fait-il à Lyon ?", "je ne peux pas répondre à cette question"),
    # capabilities Filon lacks are named, never routed to an unrelated tool
    text_case("qualifie ce lead selon BANT", "la qualification BANT"),

    text_case("qui sont les décideurs ?", "De quelle entreprise ?"),
    text_case("enrichis les contacts de cette liste", "De quelles personnes trouver l'e-mail ?"),
    text_case("lesquelles recrutent ?", "signaux d'achat", previous=True),
    text_case("quels signaux d'achat sur ces boîtes ?", "signaux d'achat", previous=True),
    text_case("ajoute une colonne IA 'utilise Salesforce ?'", "les colonnes IA"),
    text_case("pousse les SQL de la semaine dans HubSpot", "la synchronisation avec un CRM"),
    text_case("push my SQLs to Salesforce", "CRM sync"),
    text_case("score mes leads", "le scoring des leads"),
    text_case("envoie un email aux leads de la liste ESN Lyon", "l'envoi d'e-mails"),
    text_case("can you post this in Slack?", "does not offer Slack"),
    text_case("details on the second one", "Search for companies first"),
    text_case("la deuxième", "Lancez d'abord une recherche"),
    text_case("ajoute les 10 premières à une liste 'ESN Lyon'", "Lancez d'abord une recherche"),
    text_case("et la 60e ?", "ne comptent que 57 entreprises", previous=True),
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

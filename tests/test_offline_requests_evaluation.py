"""Requests an outside evaluation found misread (typed as new reps and managers type them):
each now becomes the right call, or a plain answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case

LYON_ESN = {"naf_codes": ["62"], "cities": ["LYON"]}

CALLS = [
    # people named as people say them; "mon pipeline"; months; comparisons
    case("leads de bruno en MQL", "list_leads", {"stage": "mql", "owner": "bruno"}),
    case("Bruno's deals", "list_leads", {"owner": "Bruno"}),
    case("combien de leads j'ai en tout ?", "list_leads", {"mine": True}),
    case("pipeline d'Alice depuis septembre", "pipeline_summary",
         {"since": "2024-09-01", "owner": "Alice"}),
    case("pipeline de Chloé cette semaine", "pipeline_summary", {"period": "week", "owner": "Chloé"}),
    case("perf de l'équipe en novembre", "pipeline_summary",
         {"start": "2024-11-01", "end": "2024-11-30"}),
    case("compare cette semaine à la semaine dernière", "pipeline_summary", {"period": "week"}),
    case("mon pipeline du mois", "pipeline_summary", {"period": "month", "mine": True}),
    case("qui a signé le plus de deals ce trimestre ?", "pipeline_summary", {"period": "quarter"}),
    case("win rate by rep last quarter", "pipeline_summary", {"period": "last_quarter"}),
    case("quelle liste a le plus de deals gagnés ?", "lead_lists", {}),
    # stages by verb, with a reason after a comma
    case("disqualifie le 931411748, pas de besoin", "set_lead_stage",
         {"siren": "931411748", "stage": "disqualified", "reason": "pas de besoin"}),
    case("gagne 552100554", "set_lead_stage", {"siren": "552100554", "stage": "won"}),
    case("passe 552100554 en perdu : hors budget", "set_lead_stage",
         {"siren": "552100554", "stage": "lost", "reason": "hors budget"}),
    # list names end where the rest of the sentence begins
    case("exporte la liste BTP Bretagne en CSV", "export_csv", {"list_name": "BTP Bretagne"}),
    case("export csv de ma liste ESN Lyon & Nantes, que les gagnés", "export_csv",
         {"list_name": "ESN Lyon & Nantes", "stage": "won"}),
    case("supprime définitivement la liste Transport 59, je confirme", "delete_lead_list",
         {"list_name": "Transport 59", "confirm": True}),
    # companies by name: searched first (homonyms shown), politeness dropped
    case("infos sur Bénard Infogérance stp", "search_companies",
         {"text": "Bénard Infogérance", "limit": 10}),
    case("trouve la société Tessier et Associés", "search_companies",
         {"text": "Tessier et Associés", "limit": 10}),
    case("c'est quoi le CA 2024 de Dos Santos Frères ?", "search_companies",
         {"text": "Dos Santos Frères", "limit": 10}),
    case("trouve les emails des décideurs de Pichon et Associés", "search_companies",
         {"text": "Pichon et Associés", "limit": 10}),
    # references after "du" / "de la", and to people of a company shown
    case("la fiche du dernier", "get_company", {"siren": SIRENS[-1]}, previous=True),
    case("la fiche du 2e", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("qui est le dirigeant de la première ?", "get_company", {"siren": SIRENS[0]},
         previous=True),
    # follow-ups
    case("et dans tout le 35 ?", "search_companies",
         {"naf_codes": ["62"], "departments": ["35"], "limit": 10}, previous=True),
    case("élargis à toute l'Ille-et-Vilaine", "search_companies",
         {"naf_codes": ["62"], "departments": ["35"], "limit": 10}, previous=True),
    case("reviens sur Nantes, sans filtre de taille", "search_companies",
         {"naf_codes": ["62"], "cities": ["NANTES"], "limit": 10}, previous=True),
    # a second evaluation: how many, whose lists, lists given by first name, stages back
    case("top 5 leads", "list_leads", {"limit": 5}),
    case("mes 3 meilleurs leads", "list_leads", {"mine": True, "limit": 3}),
    case("quelles listes a david ?", "lead_lists", {"owner": "david"}),
    case("what lists does Bruno have?", "lead_lists", {"owner": "Bruno"}),
    case("les listes de Chloé", "lead_lists", {"owner": "Chloé"}),
    case("réattribue la liste ESN Lyon à Bruno", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "Bruno"}),
    case("file la liste BTP Bretagne à Alice", "assign_lead_list",
         {"list_name": "BTP Bretagne", "owner": "Alice"}),
    case("remets 552100554 en MQL", "set_lead_stage", {"siren": "552100554", "stage": "mql"}),
    case("repasse le 552100554 en SQL", "set_lead_stage", {"siren": "552100554", "stage": "sql"}),
    case("put 552100554 back to new", "set_lead_stage", {"siren": "552100554", "stage": "new"}),
    # a company named but not on screen: found first, then moved (see test_conversations)
    case("passe Verilia en SQL", "search_companies", {"text": "Verilia", "limit": 10}),
    case("pubs in Lille", "search_companies",
         {"naf_codes": ["56.30Z"], "cities": ["LILLE"], "limit": 10}),
    case("vet clinics in Nantes", "search_companies",
         {"naf_codes": ["75.00Z"], "cities": ["NANTES"], "limit": 10}),
    case("montre-moi des transporteurs dans le Nord", "search_companies",
         {"naf_codes": ["49.41"], "departments": ["59"], "limit": 10}),
    case("résumé de l'équipe cette semaine", "pipeline_summary", {"period": "week"}),
    case("récap du mois", "pipeline_summary", {"period": "month"}),
    case("classement des commerciaux ce trimestre", "pipeline_summary", {"period": "quarter"}),
    case("weekly team summary", "pipeline_summary", {"period": "week"}),
    case("which of my leads haven't been touched in a month?", "list_leads",
         {"mine": True, "not_contacted_days": 30}),
    case("mes leads pas relancés depuis une semaine", "list_leads",
         {"mine": True, "not_contacted_days": 7}),
    case("qu'est-ce qui a bougé cette semaine ?", "pipeline_summary", {"period": "week"}),
    case("what happened this month?", "pipeline_summary", {"period": "month"}),
    case("combien de listes on a ?", "lead_lists", {}),
    case("quelle est la plus grosse liste ?", "lead_lists", {}),
    case("hello, I need plumbers in Nantes", "search_companies",
         {"naf_codes": ["43.22"], "cities": ["NANTES"], "limit": 10}),
    case("hello, I need plumbers around Nantes", "search_companies",
         {"naf_codes": ["43.22"], "departments": ["44"], "limit": 10}),
    # a third evaluation: managers' questions, lists without the word "liste", bare moves
    case("how is the team doing this quarter?", "pipeline_summary", {"period": "quarter"}),
    case("who closed the most deals?", "pipeline_summary", {"period": "week"}),
    case("renomme Cabinets comptables Gironde en Experts-comptables 33", "rename_lead_list",
         {"list_name": "Cabinets comptables Gironde", "new_name": "Experts-comptables 33"}),
    case("rename Logiciels Ouest to Software Grand Ouest", "rename_lead_list",
         {"list_name": "Logiciels Ouest", "new_name": "Software Grand Ouest"}),
    case("réassigne Relance webinar à Alice", "assign_lead_list",
         {"list_name": "Relance webinar", "owner": "Alice"}),
    case("reassign his BTP list to Bruno", "assign_lead_list", {"list_name": "BTP", "owner": "Bruno"}),
    case("exporte toutes les ESN lyonnaises en CSV", "export_csv",
         {"query": {"naf_codes": ["62"], "cities": ["LYON"]}}),
    case("fiche de la 2", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("le troisième en gagné", "set_lead_stage", {"siren": SIRENS[2], "stage": "won"},
         previous=True),
    case("et SOCIETE 4 en disqualifié, pas dans notre cible", "set_lead_stage",
         {"siren": SIRENS[3], "stage": "disqualified", "reason": "pas dans notre cible"},
         previous=True),
    case("supprime la liste BTP récents de David", "delete_lead_list", {"list_name": "BTP récents"}),
    # a fourth evaluation
    case("c'est quoi la boîte la plus grosse de Gironde ?", "search_companies",
         {"departments": ["33"], "sort": "size_desc", "limit": 10}),
    case("crée une liste vide qui s'appelle Test salon", "create_lead_list",
         {"name": "Test salon", "sirens": []}),
    case("fais-en une liste SaaS Nantes récentes", "create_lead_list",
         {"name": "SaaS Nantes récentes", "query": {"naf_codes": ["62"], "cities": ["LYON"]}},
         previous=True),
    case("qui a quelle liste ?", "lead_lists", {}),
    case("how's David doing?", "pipeline_summary", {"period": "week", "owner": "David"}),
    case("who lost the most deals?", "pipeline_summary", {"period": "week"}),
    case("export the won leads of the ESN Lyon list", "export_csv",
         {"list_name": "ESN Lyon", "stage": "won"}),
    case("find cybersecurity companies in Paris", "search_companies",
         {"text": "cybersecurity", "cities": ["PARIS"], "limit": 10}),
    case("yo, t'as des agences immo sur Montpellier ?", "search_companies",
         {"naf_codes": ["68.31Z"], "cities": ["MONTPELLIER"], "limit": 10}),
    case("la 2 c'est qui ?", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("j'ai combien de leads gagnés ce mois ?", "pipeline_summary",
         {"period": "month", "mine": True}),
    case("salut filon, je bosse sur le secteur santé en Occitanie, des cliniques ?",
         "search_companies", {"naf_codes": ["86", "86.10Z"], "regions": ["76"], "limit": 10}),
    case("mes prospects prioritaires", "list_leads", {"mine": True}),
    case("trouve-moi 20 ESN à Lyon", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "limit": 20}),
    case("qui est responsable de la liste ESN Lyon ?", "lead_lists", {}),
    case("which rep has the most leads?", "pipeline_summary", {"period": "week"}),
    # date ranges (the fixtures' today is 14 March 2025)
    case("pipeline du 1er au 15 février", "pipeline_summary",
         {"start": "2025-02-01", "end": "2025-02-15"}),
    case("leads gagnés entre le 01/12 et le 31/01", "pipeline_summary",
         {"start": "2024-12-01", "end": "2025-01-31"}),
    case("pipeline from 3 to 9 March", "pipeline_summary",
         {"start": "2025-03-03", "end": "2025-03-09"}),
    case("ok, restaurants in Lille", "search_companies",
         {"naf_codes": ["56.1"], "cities": ["LILLE"], "limit": 10}),
    case("bon, trouve des ESN à Toulouse de plus de 100 salariés", "search_companies",
         {"naf_codes": ["62"], "cities": ["TOULOUSE"], "headcount_min": 101, "limit": 10}),
]  # fmt: skip

ANSWERS = [
    ("combien en tout ?", True, "La dernière recherche compte 57 entreprises."),
    ("ajoute-la à ma liste ESN Lyon", True, "Quelle entreprise ?"),
    ("écris-moi un mail de prospection pour la première", True, "la rédaction d'e-mails"),
    (
        "ajoute une note sur le lead 788996189 : rappeler en janvier",
        False,
        "les notes sur les leads",
    ),
    ("programme une relance lundi prochain pour Verilia", False, "les relances et rappels"),
    ("retire les 168 autres de la liste ESN Lyon", False, "le retrait de leads d'une liste"),
    ("siret 583 692 991 00012", False, "Ce SIRET n'est pas valide"),
    ("réserve un rendez-vous avec le DG de Verilia", False, "la prise de rendez-vous"),
    ("book a meeting with them next tuesday", True, "booking meetings"),
    ("recalcule le scoring", False, "le scoring des leads"),
    ("ajoute une colonne « utilise Salesforce ? »", False, "les colonnes IA"),
    ("add a column 'uses AWS?' to my list", False, "AI columns"),
    ("what's in that list?", False, "Which list?"),
    ("merci beaucoup !", True, "Avec plaisir"),
    ("ok", True, "D'accord. Dites-moi ce que vous voulez faire ensuite"),
    ("got it", True, "All right."),
    ("oui", True, "Je n'ai rien en attente de confirmation"),
    ("je suis nouveau, je commence par quoi ?", False, "Je suis Filon"),
    ("I'm new here, where do I start?", False, "I'm Filon"),
    ("relance-les", True, "les relances et rappels programmés"),
    ("salut ça va ?", False, "Je suis Filon"),
    ("merci, bonne journée", True, "Avec plaisir"),
    ("ok laisse tomber", True, "D'accord, je n'ai rien fait."),
    ("non", True, "D'accord, je n'ai rien fait."),
    ("qui sont leurs concurrents ?", True, "la recherche de concurrents"),
    ("fais-moi un graphique", False, "les graphiques"),
    (
        "peux-tu m'aider à préparer mon call de demain avec Novon ?",
        False,
        "la préparation d'appels",
    ),
    (
        "programme-moi un rappel pour relancer Synora vendredi",
        False,
        "les relances et rappels programmés",
    ),
    ("donne-moi un score de propension pour chaque lead", False, "le scoring des leads"),
    ("ça fait combien en tout ?", True, "La dernière recherche compte 57 entreprises."),
    ("what's their website?", False, "Which company?"),
    ("show me that list", False, "Which list? Give its name"),
    ("son email ?", False, "De quelle entreprise ?"),
    ("combien y en a en tout ?", True, "La dernière recherche compte 57 entreprises."),
    ("y en a combien en tout", True, "La dernière recherche compte 57 entreprises."),
    ("actually no, put it back to new", False, "Which lead?"),
    ("move all of them to SQL", True, "I change one lead's stage at a time"),
    ("how many is that", True, "The last search has 57 companies."),
    ("envoie-lui un mail de présentation", True, "l'envoi d'e-mails"),
    ("what can you actually do?", False, "I'm Filon"),
    ("yo", False, "Je suis Filon"),
    (
        "prépare-moi mon appel avec le premier lead de ma liste BTP Bretagne",
        False,
        "la préparation d'appels",
    ),
    ("boulangerie a marseille", False, ""),  # a search: answered in French (checked below)
]


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "previous", "expected"), ANSWERS[:-1])
def test_request_gets_a_plain_answer(text: str, previous: bool, expected: str) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == [] and expected in message.text

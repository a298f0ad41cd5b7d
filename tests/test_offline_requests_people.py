"""OfflineChatModel: requests about the people to talk to ("qui sont les décideurs de la
première ?", "the CFO of Verilia", "les DSI des ESN à Lyon") → one `find_decision_makers` call
with exact arguments, a search first, a question back, or another intent's answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case

PAGE = SIRENS[:12]  # the rows of the earlier search (ESN à Lyon, 12 shown)

PEOPLE_CASES = [
    # --- by rank in the results on screen ----------------------------------------------------
    case("qui sont les décideurs de la première ?", "find_decision_makers",
         {"sirens": [SIRENS[0]], "roles": ["decision_makers"]}, previous=True),
    case("le DSI de la 2e", "find_decision_makers",
         {"sirens": [SIRENS[1]], "roles": ["it"]}, previous=True),
    case("l'email du DAF de la troisième ?", "find_decision_makers",
         {"sirens": [SIRENS[2]], "roles": ["finance"]}, previous=True),
    case("who's the CEO of the first one?", "find_decision_makers",
         {"sirens": [SIRENS[0]], "roles": ["ceo"]}, previous=True),
    case("qui contacter dans les 3 premières ?", "find_decision_makers",
         {"sirens": SIRENS[:3]}, previous=True),
    case("le DSI et le DAF de la première", "find_decision_makers",
         {"sirens": [SIRENS[0]], "roles": ["it", "finance"]}, previous=True),
    case("les contacts de la dernière", "find_decision_makers",
         {"sirens": [SIRENS[11]]}, previous=True),
    # --- the companies on screen --------------------------------------------------------------
    case("qui sont les décideurs ?", "find_decision_makers",
         {"sirens": PAGE, "roles": ["decision_makers"]}, previous=True),
    case("les DRH de ces entreprises", "find_decision_makers",
         {"sirens": PAGE, "roles": ["hr"]}, previous=True),
    case("who should I contact at each of them?", "find_decision_makers",
         {"sirens": PAGE}, previous=True),
    case("find the CFOs of these companies", "find_decision_makers",
         {"sirens": PAGE, "roles": ["finance"]}, previous=True),
    # --- by name or SIREN ------------------------------------------------------------------------
    case("qui est le DSI de Verilia ?", "find_decision_makers",
         {"company": "Verilia", "roles": ["it"]}),
    case("the CFO of Numérique Conseil Lyon", "find_decision_makers",
         {"company": "Numérique Conseil Lyon", "roles": ["finance"]}),
    case("contacts chez verilia", "find_decision_makers", {"company": "verilia"}),
    case("qui dirige Pichon et Associés ?", "find_decision_makers",
         {"company": "Pichon et Associés"}),
    case("les décideurs de 552 100 554", "find_decision_makers",
         {"sirens": ["552 100 554"], "roles": ["decision_makers"]}),
    case("le directeur commercial de Bénard Infogérance", "find_decision_makers",
         {"company": "Bénard Infogérance", "roles": ["sales"]}),
    case("tu peux me trouver l'email du DAF de Verilia ?", "enrich_contacts",
         {"company": "Verilia", "roles": ["finance"]}),
    case("qui je peux appeler là-bas ?", "find_decision_makers", {"sirens": PAGE}, previous=True),
    # --- a lead list ------------------------------------------------------------------------------
    case("les décideurs de la liste ESN Lyon", "find_decision_makers",
         {"list_name": "ESN Lyon", "roles": ["decision_makers"]}),
    case("who are the decision makers in the list 'Lyon IT'?", "find_decision_makers",
         {"list_name": "Lyon IT", "roles": ["decision_makers"]}),
    case("les DSI de ma liste Cibles Q1", "find_decision_makers",
         {"list_name": "Cibles Q1", "roles": ["it"]}),
    # --- a search first, then its companies' people ----------------------------------------
    case("les DSI des ESN à Lyon", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "limit": 10}),
    case("les DAF des ESN de Lyon de plus de 100 salariés", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "headcount_min": 101, "limit": 10}),
    case("décideurs des agences web à Nantes", "search_companies",
         {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["NANTES"], "limit": 10}),
]  # fmt: skip

# Finding and verifying emails: the same companies, asked of `enrich_contacts`
ENRICH_CASES = [
    case("trouve l'email du DSI de la première", "enrich_contacts",
         {"sirens": [SIRENS[0]], "roles": ["it"]}, previous=True),
    case("enrichis-les", "enrich_contacts", {"sirens": PAGE}, previous=True),
    case("trouve leurs e-mails avec un budget de 20 crédits", "enrich_contacts",
         {"sirens": PAGE, "budget": 20.0}, previous=True),
    case("enrich the first three", "enrich_contacts", {"sirens": SIRENS[:3]}, previous=True),
    case("enrichis les contacts de la liste Cibles Q1", "enrich_contacts",
         {"list_name": "Cibles Q1"}),
    case("look up the emails of the list 'Cibles Q1'", "enrich_contacts",
         {"list_name": "Cibles Q1"}),
    case("find the CFO's email at Verilia", "enrich_contacts",
         {"company": "Verilia", "roles": ["finance"]}),
    case("vérifie les emails des décideurs de Verilia", "enrich_contacts",
         {"company": "Verilia", "roles": ["decision_makers"]}),
    case("cherche-moi les mails des DRH de 552 100 554", "enrich_contacts",
         {"sirens": ["552 100 554"], "roles": ["hr"]}),
    case("find the CFO's email at Paris Labs", "enrich_contacts",
         {"company": "Paris Labs", "roles": ["finance"]}),
    case("enrich this list: SaaS Île-de-France", "enrich_contacts",
         {"list_name": "SaaS Île-de-France"}),
    case("enrich the decision-makers of my SaaS Île-de-France list with a 10 credit budget",
         "enrich_contacts",
         {"list_name": "SaaS Île-de-France", "roles": ["decision_makers"], "budget": 10.0}),
    case("enrichis la liste Cabinets comptables Gironde mais max 10 crédits", "enrich_contacts",
         {"list_name": "Cabinets comptables Gironde", "budget": 10.0}),
    case("enrich my list BTP Bretagne", "enrich_contacts", {"list_name": "BTP Bretagne"}),
    case("le DSI de Verilia il a un mail valide ?", "find_decision_makers",
         {"company": "Verilia", "roles": ["it"]}),
]  # fmt: skip

# The people as a CSV file (export_csv with people=true)
EXPORT_CASES = [
    case("exporte les contacts de la liste Cibles Q1", "export_csv",
         {"people": True, "list_name": "Cibles Q1"}),
    case("export the CFOs of the list 'Cibles Q1' to CSV", "export_csv",
         {"people": True, "list_name": "Cibles Q1", "roles": ["finance"]}),
    case("exporte les décideurs de ces entreprises en csv", "export_csv",
         {"people": True, "sirens": PAGE, "roles": ["decision_makers"]}, previous=True),
]  # fmt: skip

QUESTIONS = [
    ("qui sont les décideurs ?", "De quelle entreprise ?"),
    ("who's the CFO?", "Which company?"),
    ("trouve l'email du DSI", "De quelles personnes trouver l'e-mail ?"),
    ("enrichis les contacts de cette liste", "De quelles personnes trouver l'e-mail ?"),
]

# Requests that name people but belong elsewhere: other intents, or an honest "not yet"
ELSEWHERE = [
    ("écris un email au DSI de la première", "la rédaction d'e-mails"),
    ("envoie un mail au DAF de Verilia", "l'envoi d'e-mails"),
]


@pytest.mark.parametrize(
    ("text", "previous", "tool_name", "args"), PEOPLE_CASES + ENRICH_CASES + EXPORT_CASES
)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "expected"), QUESTIONS)
def test_no_company_asks_which(text: str, expected: str) -> None:
    message = ask(text)
    assert message.tool_calls == []
    assert expected in message.text


@pytest.mark.parametrize(("text", "expected"), ELSEWHERE)
def test_what_filon_cannot_do_with_people_is_said(text: str, expected: str) -> None:
    message = ask(text, previous=True)
    assert message.tool_calls == []
    assert expected in message.text


@pytest.mark.parametrize(
    ("text", "tool_name"),
    [
        ("résumé du pipeline par commercial", "pipeline_summary"),
        ("quel commercial a le plus de SQL ?", "pipeline_summary"),
        ("mes leads pas contactés depuis 30 jours", "list_leads"),
    ],
)
def test_reps_and_contact_dates_are_not_people_at_companies(text: str, tool_name: str) -> None:
    message = ask(text)
    assert [call["name"] for call in message.tool_calls] == [tool_name]

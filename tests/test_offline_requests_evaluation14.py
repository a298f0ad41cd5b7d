"""Requests the fourteenth outside evaluation found misread (new reps and a manager): each now
becomes the right call, or a plain and honest answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case

from agent.llm.offline.request import Request, is_statement

CALLS = [
    # a stage asked about, no move verb: a filter, never a move
    case("et en gagné ?", "list_leads", {"stage": "won"}),
    # a company named after "d'", before "c'est qui"
    case("le DSI d'Altis Apps c'est qui ?", "find_decision_makers",
         {"company": "Altis Apps", "roles": ["it"]}),
    case("c'est qui le DAF d'Hexiom Software", "find_decision_makers",
         {"company": "Hexiom Software", "roles": ["finance"]}),
    # a list named after "de" without the word "liste"; a list's name ends where the question starts
    case("remplis les colonnes IA de ESN Lyon", "run_ai_columns", {"list_name": "ESN Lyon"}),
    case("et la liste BTP récents Bretagne elle a combien de leads ?", "list_leads",
         {"list_name": "BTP récents Bretagne"}),
    case("la liste ESN Lyon il y a combien de SQL ?", "list_leads",
         {"list_name": "ESN Lyon", "stage": "sql"}),
    # SMS-style narrowing keeps the sector and the place
    case("slmt celles de + de 20 salariés", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "headcount_min": 21, "limit": 10}, previous=True),
    case("ok et à Lille alors", "search_companies",
         {"naf_codes": ["62"], "cities": ["LILLE"], "limit": 10}, previous=True),
    # the rank on screen, asked whether it is in a list: its card, for the yes or no
    case("the 3rd one, is it in any of my lists?", "get_company", {"siren": SIRENS[2]},
         previous=True),
    # writing data stays with its own intents
    case("supprime la liste ESN Lyon", "delete_lead_list", {"list_name": "ESN Lyon"}),
]  # fmt: skip

# with the real tools bound (the stand-ins have no score_leads)
REAL_TOOL_CALLS = [
    # a lead's stage history: its qualification, which holds every change
    case("historique des étapes de Verilia", "search_companies", {"text": "Verilia", "limit": 10}),
    # "get me … email": looked up, not only shown
    case("get me the sales director's email at Verilia", "enrich_contacts",
         {"company": "Verilia", "roles": ["sales"]}),
    # a lead named in "why this score?": found by name first, then explained
    case("why is Nexys Elec scored like that?", "search_companies",
         {"text": "Nexys Elec", "limit": 10}),
    case("et Tessier et Associés, son score vient d'où ?", "search_companies",
         {"text": "Tessier et Associés", "limit": 10}),
    case("pourquoi Verilia a ce score ?", "search_companies", {"text": "Verilia", "limit": 10}),
]  # fmt: skip

ANSWERS = [
    # actions Filon never takes, recognised by their verb: declined, saying what it does instead
    ("write me a haiku about sales", False, "I can't write free texts"),
    ("écris-moi un poème sur la prospection", False, "Je ne sais pas écrire de textes libres"),
    ("can you write a LinkedIn post about our launch?", False, "I can't write free texts"),
    ("ok alors rédige moi juste le mail", False, "la rédaction d'e-mails de prospection"),
    ("draft a follow-up email for the CFO of Verilia", False, "writing prospecting emails"),
    ("envoie une séquence de 3 mails aux SQL de ma liste SaaS Île-de-France", False,
     "l'envoi d'e-mails ou de séquences"),
    ("lance une campagne d'emailing sur la liste ESN Lyon", False,
     "l'envoi d'e-mails ou de séquences"),
    ("can you buy me a database of 10,000 CFO emails?", False, "I don't buy data"),
    ("achète un fichier de DAF en Gironde", False, "Je n'achète pas de données"),
    ("efface tous les contacts de la base qui n'ont pas d'email", False,
     "Je ne supprime pas de contacts en masse"),
    ("delete all the contacts without a phone", False, "I don't delete contacts in bulk"),
    ("importe ce fichier de contacts que je t'envoie en PJ", False,
     "`filon import contacts FICHIER.csv`"),
    ("here is the attached spreadsheet, import it", False, "I can't read attachments"),
    ("change le score de Nexys Elec à 95, c'est un super lead", False,
     "Un score ne se fixe pas à la main"),
    ("set Verilia's score to 80", False, "A score can't be set by hand"),
    ("supprime toutes mes listes", False, "Je ne supprime qu'une liste à la fois"),
    ("écris une note sur Nexys Elec : rappeler jeudi", False, "les notes sur les leads"),
    # a list shown when none was made or shown
    ("affiche-la", False, "Quelle liste ?"),
    ("montre moi l'historique des changements de ce lead", True,
     "De quel lead voulez-vous l'historique des changements d'étape ?"),
]  # fmt: skip

# only a statement can be the reason of a move or an answer that writes data
STATEMENTS = [
    ("pas de budget cette année, ils repoussent à 2028", True),
    ("quand même, ils ont signé le bon de commande", True),
    ("hors cible", True),
    ("no budget, they're too small", True),
    ("ok qu'est ce qui manque ?", False),
    ("et en gagné ?", False),
    ("what's missing", False),
    ("ok", False),
    ("merci", False),
    ("on arrête là, je reprends demain", False),
    ("ok on arrête là", False),
]


@pytest.mark.parametrize(("text", "statement"), STATEMENTS)
def test_only_a_statement_can_be_a_reason(text: str, statement: bool) -> None:
    assert is_statement(Request(text)) is statement


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), REAL_TOOL_CALLS)
def test_request_becomes_the_right_call_of_a_real_tool(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    from agent.tools import TOOLS

    message = ask(text, previous=previous, tools=TOOLS)
    assert [(c["name"], c["args"]) for c in message.tool_calls] == [(tool_name, args)]


@pytest.mark.parametrize(("text", "previous", "expected"), ANSWERS)
def test_request_gets_a_plain_answer(text: str, previous: bool, expected: str) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == [] and expected in message.text

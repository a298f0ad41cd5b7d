"""Job titles read as a function and a seniority, and the role words reps use, French and
English: "le DSI", "the CFO", "les décideurs" find the people who hold those roles."""

from __future__ import annotations

import pytest

from agent.contacts import read_title, role_of, roles_in
from agent.contacts.roles import admits

TITLES = [
    ("Président", "executive", "c_level"),
    ("Présidente-directrice générale", "executive", "c_level"),
    ("Gérante", "executive", "c_level"),
    ("Président du directoire", "executive", "c_level"),
    ("CEO & co-founder", "executive", "c_level"),
    ("Associé", "executive", "c_level"),
    ("Directrice générale", "executive", "c_level"),
    ("Directeur général délégué", "executive", "c_level"),
    ("DSI", "it", "director"),
    ("Directeur des systèmes d'information", "it", "director"),
    ("CTO", "it", "c_level"),
    ("Responsable informatique", "it", "manager"),
    ("Head of Engineering", "it", "director"),
    ("DAF", "finance", "director"),
    ("Directrice administrative et financière", "finance", "director"),
    ("Responsable administratif et financier", "finance", "manager"),
    ("CFO", "finance", "c_level"),
    ("Comptable", "finance", "staff"),
    ("DRH", "hr", "director"),
    ("Responsable des ressources humaines", "hr", "manager"),
    ("Talent Acquisition Manager", "hr", "manager"),
    ("Directeur commercial", "sales", "director"),
    ("Head of Sales", "sales", "director"),
    ("VP Sales EMEA", "sales", "director"),
    ("Business developer", "sales", "staff"),
    ("Chargée de clientèle", "sales", "staff"),
    ("Responsable grands comptes", "sales", "manager"),
    ("Responsable marketing", "marketing", "manager"),
    ("CMO", "marketing", "c_level"),
    ("Responsable des achats", "purchasing", "manager"),
    ("Acheteuse", "purchasing", "staff"),
    ("Directeur des opérations", "operations", "director"),
    ("Responsable logistique", "operations", "manager"),
    ("Juriste", "legal", "staff"),
    ("Assistante de direction", "administration", "staff"),
    ("Office manager", "administration", "manager"),
]


@pytest.mark.parametrize(("title", "function", "seniority"), TITLES)
def test_titles_are_read_as_a_function_and_a_seniority(
    title: str, function: str, seniority: str
) -> None:
    reading = read_title(title)
    assert (reading.function, reading.seniority) == (function, seniority)


def test_an_empty_or_unknown_title_says_what_it_can() -> None:
    assert (read_title(None).function, read_title(None).seniority) == (None, None)
    assert read_title("   ").seniority is None
    assert read_title("Commissaire aux comptes").function is None


REQUESTS = [
    ("qui sont les décideurs ?", ["decision_makers"]),
    ("who are the decision makers there?", ["decision_makers"]),
    ("trouve l'email du DSI de la première", ["it"]),
    ("le DSI et le DAF", ["it", "finance"]),
    ("the CTO and the CFO", ["it", "finance"]),
    ("les décideurs IT", ["it"]),
    ("la direction financière", ["finance"]),
    ("qui est le DG ?", ["ceo"]),
    ("le patron", ["ceo"]),
    ("who's the founder?", ["ceo"]),
    ("le directeur commercial", ["sales"]),
    ("head of sales", ["sales"]),
    ("la DRH", ["hr"]),
    ("les acheteurs", ["purchasing"]),
    ("le responsable marketing", ["marketing"]),
    ("le juriste", ["legal"]),
    ("who runs it?", []),  # "it" the pronoun is not the IT department
    ("show it to me", []),
    ("ses contacts", []),
]


@pytest.mark.parametrize(("request_text", "keys"), REQUESTS)
def test_role_words_in_requests(request_text: str, keys: list[str]) -> None:
    assert [role.key for role in roles_in(request_text)] == keys


def test_role_keys_and_words_name_the_same_roles() -> None:
    assert role_of("finance") == role_of("DAF") == role_of("the CFO")
    assert role_of("decision_makers") == role_of("décideurs")
    assert role_of("astronaute") is None


def test_a_role_admits_its_people() -> None:
    dsi, makers = role_of("DSI"), role_of("décideurs")
    assert dsi is not None and makers is not None
    assert admits([dsi], "it", "manager")
    assert not admits([dsi], "finance", "director")
    assert admits([makers], "finance", "director") and admits([makers], "executive", "c_level")
    assert not admits([makers], "sales", "staff")
    assert admits([], "sales", "staff")  # no role asked: everyone

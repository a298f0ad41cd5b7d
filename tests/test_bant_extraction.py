"""Reading BANT from a rep's words: the offline parser on French and English phrasings (traps
included), and the LLM's structured output against a local OpenAI-compatible server, falling
back to the parser when the model's answer is unusable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from agent.qualification.extract import extract_bant
from agent.qualification.facts import BantFacts, Criterion

TODAY = date(2026, 12, 2)
SPRING = date(2026, 3, 10)
C, U, N = "confirmed", "unknown", "negative"


def budget(
    status: str = C, amount: str | None = None, currency: str | None = None, by: str | None = None
) -> dict[str, Any]:
    value: dict[str, Any] = {"status": status}
    if amount is not None:
        value |= {"amount": Decimal(amount), "currency": currency or "EUR"}
    if by is not None:
        value["approved_by"] = by
    return {"budget": value}


def authority(
    status: str = C, role: str | None = None, person: str | None = None
) -> dict[str, Any]:
    value = {"status": status, "role": role, "person": person}
    return {"authority": {k: v for k, v in value.items() if v is not None}}


def need(status: str = C, pain: str | None = None) -> dict[str, Any]:
    return {"need": {"status": status} | ({"pain": pain} if pain else {})}


def timing(
    status: str = C, start: str | None = None, end: str | None = None, label: str | None = None
) -> dict[str, Any]:
    value: dict[str, Any] = {"status": status}
    if start:
        value["start"] = date.fromisoformat(start)
    if end:
        value["end"] = date.fromisoformat(end)
    if label:
        value["label"] = label
    return {"timing": value}


def fields(facts: BantFacts) -> dict[str, Any]:
    """Every field the parser set, notes aside (they are the rep's words, tested apart)."""
    data = facts.model_dump(exclude_none=True)
    for value in data.values():
        if isinstance(value, dict):
            value.pop("note", None)
    return data


# (id, text, asked, today, expected fields)
# fmt: off
CASES: list[tuple[str, str, Criterion | None, date, dict[str, Any]]] = [
    # Money, French and English
    ("k-euro", "40k€", None, TODAY, budget(amount="40000")),
    ("k-space-euro", "40 k€", None, TODAY, budget(amount="40000")),
    ("euros-word", "40 000 euros", None, TODAY, budget(amount="40000")),
    ("dot-thousands", "40.000 €", None, TODAY, budget(amount="40000")),
    ("million-comma", "1,2 M€", None, TODAY, budget(amount="1200000")),
    ("million-dot", "1.2M€", None, TODAY, budget(amount="1200000")),
    ("dollar-before", "$50k", None, TODAY, budget(amount="50000", currency="USD")),
    ("dollar-after", "50 000 $", None, TODAY, budget(amount="50000", currency="USD")),
    ("pound", "£20k", None, TODAY, budget(amount="20000", currency="GBP")),
    ("swiss-apostrophe", "CHF 30'000", None, TODAY, budget(amount="30000", currency="CHF")),
    ("keuros", "15 keuros", None, TODAY, budget(amount="15000")),
    ("K-EUR", "40K EUR", None, TODAY, budget(amount="40000")),
    ("hors-taxes", "200 000 € HT", None, TODAY, budget(amount="200000")),
    ("range-fr", "entre 30 et 50 k€", None, TODAY, budget(amount="50000")),
    ("range-en", "between $30k and $50k", None, TODAY, budget(amount="50000", currency="USD")),
    ("range-dash", "30k€-50k€", None, TODAY, budget(amount="50000")),
    ("mille", "un budget de 80 mille euros", None, TODAY, budget(amount="80000")),
    ("millions-d-euros", "2 millions d'euros", None, TODAY, budget(amount="2000000")),
    ("budget-word-no-currency", "budget de 40k", None, TODAY, budget(amount="40000")),
    ("budget-around-en", "budget around €1.5M", None, TODAY, budget(amount="1500000")),
    # Budget status
    ("validated", "budget 40k€ validé", None, TODAY, budget(amount="40000")),
    ("validated-no-amount", "le budget est validé", None, TODAY, budget()),
    ("confirmed-no-amount", "budget confirmé", None, TODAY, budget()),
    ("only-spoken-of", "on a parlé du budget", None, TODAY, budget(U)),
    ("not-yet-validated", "budget de 40k€ pas encore validé", None, TODAY,
     budget(U, amount="40000")),
    ("to-confirm", "budget à confirmer", None, TODAY, budget(U)),
    ("being-validated", "le budget est en cours de validation", None, TODAY, budget(U)),
    ("not-approved-yet", "budget not approved yet", None, TODAY, budget(U)),
    ("tbd", "budget TBD", None, TODAY, budget(U)),
    ("dont-know-budget", "le budget, on ne sait pas", None, TODAY, budget(U)),
    ("no-budget-fr", "pas de budget", None, TODAY, budget(N)),
    ("no-budget-this-year", "aucun budget cette année", None, TODAY, budget(N)),
    ("no-budget-en", "no budget", None, TODAY, budget(N)),
    ("frozen-fr", "budget gelé", None, TODAY, budget(N)),
    ("frozen-en", "the budget is frozen", None, TODAY, budget(N)),
    ("approved-by-daf", "budget 40 k€ validé par le DAF", None, TODAY,
     budget(amount="40000", by="DAF")),
    ("approved-by-cfo", "$50k approved by the CFO", None, TODAY,
     budget(amount="50000", currency="USD", by="CFO")),
    # Not money
    ("trap-headcount", "ils ont 50 salariés", None, TODAY, {}),
    ("trap-year", "société créée en 2025", None, TODAY, {}),
    ("trap-phone", "appelle-le au 06 12 34 56 78", None, TODAY, {}),
    ("trap-percent", "10 % de croissance", None, TODAY, {}),
    ("trap-percent-of-budget", "budget de 10 % du CA", None, TODAY, budget(U)),
    ("trap-headcount-then-budget", "50 salariés, budget 40k€", None, TODAY,
     budget(amount="40000")),
    ("trap-bare-figure-unasked", "40k", None, TODAY, {}),
    # Answers to the budget question
    ("asked-budget-figure", "40k", Criterion.budget, TODAY, budget(amount="40000")),
    ("asked-budget-grouped", "40 000", Criterion.budget, TODAY, budget(amount="40000")),
    ("asked-budget-none", "non, aucun", Criterion.budget, TODAY, budget(N)),
    ("asked-budget-dont-know", "je ne sais pas", Criterion.budget, TODAY, budget(U)),
    ("asked-budget-headcount", "50 salariés", Criterion.budget, TODAY, {}),
    # Authority
    ("daf-signs", "c'est le DAF qui signe", None, TODAY, authority(role="DAF")),
    ("cfo-signs-off", "the CFO signs off", None, TODAY, authority(role="CFO")),
    ("decider-named", "décideur : Marie Dupont (DSI)", None, TODAY,
     authority(role="DSI", person="Marie Dupont")),
    ("talking-to-decider", "je parle au décideur", None, TODAY, authority()),
    ("see-with-dg", "il faut voir avec le DG", None, TODAY, authority(U, role="DG")),
    ("dg-must-validate", "le DG doit valider", None, TODAY, authority(U, role="DG")),
    ("no-power-fr", "notre contact n'a aucun pouvoir de décision", None, TODAY, authority(N)),
    ("no-power-en", "no decision power", None, TODAY, authority(N)),
    ("named-only", "Marie Dupont, la DAF", None, TODAY,
     authority(U, role="DAF", person="Marie Dupont")),
    # the article before the role is not part of the name
    ("named-the-dg-signs", "c'est Sophie Martin la DG qui signe", Criterion.authority, TODAY,
     authority(role="DG", person="Sophie Martin")),
    ("named-le-daf", "c'est Paul de La Tour le DAF qui signe", Criterion.authority, TODAY,
     authority(role="DAF", person="Paul de La Tour")),
    ("pdg-decides", "c'est le PDG qui tranche", None, TODAY, authority(role="PDG")),
    ("ceo-final-say", "the CEO has the final say", None, TODAY, authority(role="CEO")),
    ("codir", "le comité de direction décide", None, TODAY,
     authority(role="Comité de direction")),
    ("board", "the board has to approve", None, TODAY, authority(U, role="Board")),
    ("vp-sales", "John Smith, VP Sales, signs", None, TODAY,
     authority(role="VP Sales", person="John Smith")),
    ("directeur-financier", "le directeur financier signe", None, TODAY, authority(role="DAF")),
    ("drh", "la DRH décide", None, TODAY, authority(role="DRH")),
    ("achats", "c'est le directeur des achats qui signe", None, TODAY,
     authority(role="Directeur achats")),
    ("cmo", "our CMO is the decision maker", None, TODAY, authority(role="CMO")),
    ("patron", "c'est le patron qui décide", None, TODAY, authority(role="Patron")),
    ("honorific", "c'est M. Martin qui signe", None, TODAY, authority(person="M. Martin")),
    ("asked-authority-role", "le DAF", Criterion.authority, TODAY, authority(role="DAF")),
    ("asked-authority-name", "Marie Dupont", Criterion.authority, TODAY,
     authority(person="Marie Dupont")),
    ("asked-authority-dont-know", "on ne sait pas", Criterion.authority, TODAY, authority(U)),
    # Need
    ("want-replace", "ils veulent remplacer leur CRM", None, TODAY,
     need(pain="remplacer leur CRM")),
    ("besoin-de", "besoin de centraliser leurs données clients", None, TODAY,
     need(pain="centraliser leurs données clients")),
    ("probleme-cest", "leur problème c'est la double saisie", None, TODAY,
     need(pain="la double saisie")),
    ("pain-colon", "pain: reporting manuel sur Excel", None, TODAY,
     need(pain="reporting manuel sur Excel")),
    ("need-to", "they need to automate their invoicing", None, TODAY,
     need(pain="automate their invoicing")),
    ("looking-to", "looking to replace their ERP", None, TODAY, need(pain="replace their ERP")),
    ("no-need-fr", "pas de besoin", None, TODAY, need(N)),
    ("no-need-en", "no need", None, TODAY, need(N)),
    ("satisfied", "ils sont satisfaits de leur outil actuel", None, TODAY, need(N)),
    ("wish-is-timing", "ils veulent démarrer en juin", None, TODAY,
     timing(start="2027-06-01", end="2027-06-30", label="en juin 2027")),
    ("asked-need-free-text", "leur CRM est trop vieux", Criterion.need, TODAY,
     need(pain="leur CRM est trop vieux")),
    ("asked-need-no", "non", Criterion.need, TODAY, need(N)),
    ("asked-need-dont-know", "je ne sais pas", Criterion.need, TODAY, need(U)),
    # Timing, today 2 December 2026
    ("q2-past", "Q2", None, TODAY, timing(start="2027-04-01", end="2027-06-30", label="Q2 2027")),
    ("t2", "T2", None, TODAY, timing(start="2027-04-01", end="2027-06-30", label="T2 2027")),
    ("2e-trimestre", "2e trimestre", None, TODAY,
     timing(start="2027-04-01", end="2027-06-30", label="2e trimestre 2027")),
    ("q2-ahead", "Q2", None, SPRING,
     timing(start="2026-04-01", end="2026-06-30", label="Q2 2026")),
    ("q4-under-way", "Q4", None, TODAY,
     timing(start="2026-12-02", end="2026-12-31", label="Q4 2026")),
    ("dici-3-mois", "d'ici 3 mois", None, TODAY,
     timing(start="2026-12-02", end="2027-03-02", label="d'ici 3 mois")),
    ("within-3-months", "within 3 months", None, TODAY,
     timing(start="2026-12-02", end="2027-03-02", label="within 3 months")),
    ("dans-6-semaines", "dans 6 semaines", None, TODAY,
     timing(start="2026-12-02", end="2027-01-13", label="dans 6 semaines")),
    ("avant-juin", "avant juin", None, TODAY, timing(end="2027-05-31", label="avant juin 2027")),
    ("before-june", "before June", None, TODAY,
     timing(end="2027-05-31", label="before June 2027")),
    ("avant-juin-spring", "avant juin", None, SPRING,
     timing(end="2026-05-31", label="avant juin 2026")),
    ("en-juin", "en juin", None, TODAY,
     timing(start="2027-06-01", end="2027-06-30", label="en juin 2027")),
    ("fin-annee", "fin d'année", None, TODAY,
     timing(start="2026-12-02", end="2026-12-31", label="fin d'année 2026")),
    ("end-of-year", "end of year", None, TODAY,
     timing(start="2026-12-02", end="2026-12-31", label="end of year 2026")),
    ("by-year-end", "by year end", None, TODAY,
     timing(end="2026-12-31", label="by year end 2026")),
    ("next-quarter", "next quarter", None, TODAY,
     timing(start="2027-01-01", end="2027-03-31", label="next quarter")),
    ("trimestre-prochain", "le trimestre prochain", None, TODAY,
     timing(start="2027-01-01", end="2027-03-31", label="le trimestre prochain")),
    ("debut-2027", "début 2027", None, TODAY,
     timing(start="2027-01-01", end="2027-03-31", label="début 2027")),
    ("printemps", "au printemps", None, TODAY,
     timing(start="2027-03-01", end="2027-05-31", label="au printemps 2027")),
    ("month-year", "septembre 2027", None, TODAY,
     timing(start="2027-09-01", end="2027-09-30", label="septembre 2027")),
    ("numeric-date", "le 15/03/2027", None, TODAY,
     timing(start="2027-03-15", end="2027-03-15", label="le 15/03/2027")),
    ("dici-fin-mars", "d'ici fin mars", None, TODAY,
     timing(end="2027-03-31", label="d'ici fin mars 2027")),
    ("asap", "asap", None, TODAY, timing(start="2026-12-02", end="2027-01-01", label="asap")),
    ("des-que-possible", "dès que possible", None, TODAY,
     timing(start="2026-12-02", end="2027-01-01", label="dès que possible")),
    ("urgent", "c'est urgent", None, TODAY,
     timing(start="2026-12-02", end="2027-01-01", label="urgent")),
    ("no-project-before", "pas de projet avant 2028", None, TODAY,
     timing(N, start="2028-01-01", label="pas de projet avant 2028")),
    ("no-timeline", "no timeline", None, TODAY, timing(U)),
    ("pas-de-calendrier", "pas de calendrier", None, TODAY, timing(U)),
    ("rien-ne-presse", "rien ne presse", None, TODAY, timing(U)),
    ("maybe-june", "peut-être en juin", None, TODAY,
     timing(U, start="2027-06-01", end="2027-06-30", label="en juin 2027")),
    ("trap-past-year", "en 2025", None, TODAY, {}),
    ("may-the-verb", "we may buy", None, TODAY, {}),
    ("asked-timing-month", "juin", Criterion.timing, TODAY,
     timing(start="2027-06-01", end="2027-06-30", label="juin 2027")),
    ("asked-timing-dont-know", "don't know", Criterion.timing, TODAY, timing(U)),
    # Bare answers
    ("yes-oui", "oui", None, TODAY, {"answer": True}),
    ("yes-ok", "ok", None, TODAY, {"answer": True}),
    ("yes-vas-y", "Oui, vas-y !", None, TODAY, {"answer": True}),
    ("yes-go", "go", None, TODAY, {"answer": True}),
    ("yes-en", "yes", None, TODAY, {"answer": True}),
    ("yes-sure", "sure, thanks", None, TODAY, {"answer": True}),
    ("yes-daccord", "d'accord", None, TODAY, {"answer": True}),
    ("yes-cest-bon", "c'est bon", None, TODAY, {"answer": True}),
    ("yes-confirme", "confirmé", None, TODAY, {"answer": True}),
    ("no-non", "non", None, TODAY, {"answer": False}),
    ("no-pas-encore", "pas encore", None, TODAY, {"answer": False}),
    ("no-en", "no", None, TODAY, {"answer": False}),
    ("no-not-yet", "not yet", None, TODAY, {"answer": False}),
    ("no-attends", "attends", None, TODAY, {"answer": False}),
    ("no-with-facts", "non, le budget n'est pas validé", None, TODAY, budget(U)),
    ("yes-to-a-question", "oui", Criterion.budget, TODAY, {"answer": True}),
    ("nothing-to-read", "merci pour l'info", None, TODAY, {}),
    # Several criteria at once
    (
        "four-fr",
        "Budget 40 k€ validé par le DAF, c'est lui qui signe. Ils veulent remplacer leur CRM "
        "avant juin.",
        None,
        TODAY,
        budget(amount="40000", by="DAF")
        | authority(role="DAF")
        | need(pain="remplacer leur CRM")
        | timing(end="2027-05-31", label="avant juin 2027"),
    ),
    (
        "four-en",
        "The CFO signs off, budget is $50k, they need to replace Salesforce by Q3",
        None,
        TODAY,
        authority(role="CFO")
        | budget(amount="50000", currency="USD")
        | need(pain="replace Salesforce")
        | timing(end="2027-09-30", label="by Q3 2027"),
    ),
    (
        "against-twice",
        "pas de projet avant 2028, ils sont satisfaits de leur outil actuel",
        None,
        TODAY,
        timing(N, start="2028-01-01", label="pas de projet avant 2028") | need(N),
    ),
    (
        "money-and-date",
        "40 000 € d'ici fin mars",
        None,
        TODAY,
        budget(amount="40000") | timing(end="2027-03-31", label="d'ici fin mars 2027"),
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "asked", "today", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_phrasings(
    text: str, asked: Criterion | None, today: date, expected: dict[str, Any]
) -> None:
    assert fields(extract_bant(text, today=today, asked=asked)) == expected


def test_there_are_enough_phrasings() -> None:
    assert len(CASES) >= 70
    assert len({case[0] for case in CASES}) == len(CASES)


def test_a_range_keeps_the_reps_words_in_the_note() -> None:
    facts = extract_bant("budget entre 30 et 50 k€, validé par le DAF", today=TODAY)
    assert facts.budget is not None
    assert facts.budget.amount == Decimal("50000")
    assert facts.budget.note == "budget entre 30 et 50 k€, validé par le DAF"


def test_each_criterion_keeps_its_own_words() -> None:
    facts = extract_bant("Budget 40 k€ validé. Ils veulent remplacer leur CRM.", today=TODAY)
    assert facts.budget is not None and facts.need is not None
    assert facts.budget.note == "Budget 40 k€ validé"
    assert facts.need.note == "Ils veulent remplacer leur CRM"


def test_a_long_pain_is_cut_to_the_models_limit() -> None:
    facts = extract_bant("besoin de " + "tout automatiser " * 40, today=TODAY)
    assert facts.need is not None and facts.need.pain is not None
    assert len(facts.need.pain) <= 300


def test_an_empty_message_says_nothing() -> None:
    assert extract_bant("  ", today=TODAY).empty

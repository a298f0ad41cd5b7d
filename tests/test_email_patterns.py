"""Email candidates from French names: accents, compound first names, particles, apostrophes;
most common pattern first; nothing from a name or a domain that cannot make an address."""

from __future__ import annotations

import pytest

from agent.enrichment import candidates, domain_of, name_forms


def test_the_issues_example() -> None:
    found = candidates("Jean-François", "de La Tour", "acme.fr")
    assert found[:4] == [
        "jean-francois.delatour@acme.fr",
        "jeanfrancois.delatour@acme.fr",
        "jfdelatour@acme.fr",
        "jf.delatour@acme.fr",
    ]
    assert "jean-francois.tour@acme.fr" in found and "jftour@acme.fr" in found
    assert len(found) == len(set(found))


@pytest.mark.parametrize(
    ("first", "last", "expected_first"),
    [
        ("Maël", "Barré", "mael.barre@x.fr"),
        ("Anne-Sophie", "D'Almeida", "anne-sophie.dalmeida@x.fr"),
        ("Anne-Sophie", "D’Almeida", "anne-sophie.dalmeida@x.fr"),
        ("Marie Claire", "Le Bihan", "marie.lebihan@x.fr"),
        ("ÉLODIE", "NGUYEN", "elodie.nguyen@x.fr"),
        ("Loïc", "Saint-Jean", "loic.saintjean@x.fr"),
        ("Chloé", "van der Berg", "chloe.vanderberg@x.fr"),
        ("  Zoé ", " Dupont  ", "zoe.dupont@x.fr"),
    ],
)
def test_french_names_are_written_as_companies_write_them(
    first: str, last: str, expected_first: str
) -> None:
    assert candidates(first, last, "x.fr")[0] == expected_first


def test_particles_and_breton_names() -> None:
    assert name_forms("Jean", "de La Tour").last_short == "tour"  # type: ignore[union-attr]
    assert name_forms("Yann", "Le Bihan").last_short == ""  # type: ignore[union-attr]
    assert name_forms("Ana", "dos Santos").last_short == "santos"  # type: ignore[union-attr]
    forms = name_forms("Jean-Pierre", "Martin")
    assert forms is not None and (forms.initials, forms.first_joined) == ("jp", "jeanpierre")


@pytest.mark.parametrize(
    ("first", "last", "domain"),
    [("", "Dupont", "x.fr"), ("Zoé", "  ", "x.fr"), ("Zoé", "Dupont", "pas un domaine"),
     ("Zoé", "Dupont", ""), ("李", "王", "x.fr"), ("Zoé", "Dupont", "x..fr")],
)  # fmt: skip
def test_no_address_from_what_cannot_make_one(first: str, last: str, domain: str) -> None:
    assert candidates(first, last, domain) == []


@pytest.mark.parametrize(
    ("website", "domain"),
    [
        ("https://www.acme.fr/contact", "acme.fr"),
        ("http://Acme-Group.co.uk:8080", "acme-group.co.uk"),
        ("acme.fr", "acme.fr"),
        ("www.acme.fr", "acme.fr"),
        ("", None),
        (None, None),
        ("javascript:alert(1)", None),
        ("https://localhost/", None),
    ],
)
def test_the_mail_domain_of_a_website(website: str | None, domain: str | None) -> None:
    assert domain_of(website) == domain

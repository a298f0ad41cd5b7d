"""Enriching people in the store: who is asked about, what is written back (email, status,
source, date, trail), what is never touched (opted out, suppressed, already verified), the
budget, a second run that pays for nothing, two runs at once."""

from __future__ import annotations

import asyncio
import threading

from enrich_fakes import FakeProvider
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.contacts import optout, roles_in
from agent.enrichment.describe import summary_lines
from agent.enrichment.items import enrichment_artifact
from agent.enrichment.runs import Enricher, enrich
from agent.enrichment.waterfall import StopRule, Waterfall
from agent.leads.lists import create_list
from agent.search.local import LocalSource
from agent.tools.enrich_contacts import content
from store.db import session_scope
from store.models import Company, Contact, EmailStatus, ProviderCall
from store.models._time import utcnow

ACME, BETA, GAMMA = "552100554", "732829320", "542107651"
NO_SITE = "413599986"
V, C, G = EmailStatus.verified, EmailStatus.catch_all, EmailStatus.guessed


def _store(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add_all(
            [
                Company(siren=ACME, name="Acme", domain="acme.fr"),
                Company(siren=BETA, name="Beta", website="https://www.beta.fr/"),
                Company(siren=GAMMA, name="Gamma", domain="gamma.fr"),
            ]
        )
        session.add_all(
            [
                Contact(company_siren=ACME, first_name="Jean", last_name="Dupont", title="DSI"),
                Contact(company_siren=ACME, first_name="Anne", last_name="Martin", title="DAF",
                        email="anne.martin@acme.fr", email_status=V,
                        field_sources={"email": {"source": "demo", "at": "2026-01-01"}}),
                Contact(company_siren=ACME, first_name="Luc", last_name="Petit", title="DRH",
                        email="lpetit@acme.fr", email_status=C),
                Contact(company_siren=ACME, first_name="Paul", last_name="Vieux",
                        title="Directeur commercial", email="old@acme.fr",
                        email_status=EmailStatus.invalid),
                Contact(company_siren=ACME, first_name="Zoé", last_name="Opposée", title="CEO",
                        opted_out=True),
                Contact(company_siren=BETA, first_name="Marc", last_name="Leroy", title="PDG"),
                Contact(company_siren=BETA, first_name=None, last_name="Sansprenom",
                        title="DSI"),
                Contact(company_siren=GAMMA, first_name="Eve", last_name="Durand",
                        title="DSI"),
            ]
        )  # fmt: skip


def _enricher(engine: Engine, *providers: FakeProvider, catch_all: bool = False) -> Enricher:
    return Enricher(
        Waterfall(engine, list(providers), rule=StopRule(accept_catch_all=catch_all)),
        missing_key=("dropcontact",),
    )


def _contact(engine: Engine, last_name: str) -> Contact:
    with Session(engine) as session:
        return session.exec(select(Contact).where(Contact.last_name == last_name)).one()


async def _run(engine: Engine, enricher: Enricher, **options):  # type: ignore[no-untyped-def]
    options.setdefault("user", "alice.martin")
    return await enrich(engine, LocalSource(engine), enricher, **options)


async def test_found_emails_are_written_with_their_source_date_and_trail(engine: Engine) -> None:
    _store(engine)
    pattern = FakeProvider("pattern", {"Dupont": G, "Petit": G, "Vieux": G}, cost=0.0)
    hunter = FakeProvider("hunter", {"Dupont": V, "Vieux": V, "Leroy": V}, phone="+33612345678")
    report = await _run(engine, _enricher(engine, pattern, hunter), sirens=[ACME, BETA])
    outcomes = {c.name: c.outcome for c in report.contacts}
    assert outcomes == {
        "Jean Dupont": "found",
        "Anne Martin": "already",
        "Luc Petit": "not_found",  # a guess is no better than the catch-all address stored
        "Paul Vieux": "improved",  # the invalid address replaced
        "Marc Leroy": "found",
        "Sansprenom": "no_name",
    }
    assert "Zoé Opposée" not in outcomes  # opted out: never asked about, never shown
    dupont = _contact(engine, "Dupont")
    assert (dupont.email, dupont.email_status) == ("jean.dupont@acme.fr", V)
    assert dupont.field_sources["email"]["source"] == "hunter"
    assert dupont.field_sources["email"]["at"] == utcnow().date().isoformat()
    assert dupont.phone == "+33612345678" and dupont.field_sources["phone"]["source"] == "hunter"
    steps = dupont.field_sources["enrichment"]["steps"]
    assert [(s["provider"], s["outcome"], s.get("status")) for s in steps] == [
        ("pattern", "found", "guessed"), ("hunter", "found", "verified")
    ]  # fmt: skip
    assert dupont.field_sources["enrichment"]["won"] == "hunter"
    petit = _contact(engine, "Petit")
    assert (petit.email, petit.email_status) == ("lpetit@acme.fr", C)
    assert _contact(engine, "Martin").field_sources["email"]["source"] == "demo"
    assert hunter.asked == ["Dupont", "Petit", "Vieux", "Leroy"]  # Martin was verified already
    summary = report.summary
    assert (summary.contacts, summary.already, summary.found) == (6, 1, 3)
    assert summary.calls == {"pattern": 4, "hunter": 4} and summary.cost["hunter"] == 3.0
    assert summary.missing_key == ["dropcontact"]
    assert [c.name for c in report.after.companies] == ["Acme", "Beta"]


async def test_a_guess_is_kept_only_where_there_was_nothing(engine: Engine) -> None:
    _store(engine)
    pattern = FakeProvider("pattern", {"Durand": G, "Petit": G}, cost=0.0)
    report = await _run(engine, _enricher(engine, pattern), sirens=[GAMMA])
    assert [c.outcome for c in report.contacts] == ["found"]
    eve = _contact(engine, "Durand")
    assert (eve.email, eve.email_status) == ("eve.durand@gamma.fr", G)
    assert eve.field_sources["email"]["source"] == "pattern"


async def test_a_verdict_on_the_stored_address_updates_its_status(engine: Engine) -> None:
    _store(engine)

    class Verifier(FakeProvider):
        async def find(self, targets):  # type: ignore[no-untyped-def]
            from agent.enrichment.ports import Finding

            self.calls.append([t.last_name for t in targets])
            return [Finding("hunter", email=t.email, status=EmailStatus.invalid, cost=0.5)
                    for t in targets]  # fmt: skip

    report = await _run(engine, _enricher(engine, Verifier("hunter")), sirens=[ACME],
                        roles=[])  # fmt: skip
    outcomes = {c.name: c.outcome for c in report.contacts}
    assert outcomes["Luc Petit"] == "invalid"
    assert _contact(engine, "Petit").email_status == EmailStatus.invalid


async def test_suppressed_companies_domains_and_addresses_are_never_enriched(
    engine: Engine,
) -> None:
    _store(engine)
    optout.add(engine, BETA, user="alice.martin")
    optout.add(engine, "gamma.fr", user="alice.martin")
    optout.add(engine, "jean.dupont@acme.fr", user="alice.martin")
    hunter = FakeProvider("hunter", {"Dupont": V, "Leroy": V, "Durand": V, "Vieux": V})
    report = await _run(engine, _enricher(engine, hunter), sirens=[ACME, BETA, GAMMA])
    assert "Leroy" not in hunter.asked and "Durand" not in hunter.asked
    assert report.summary.suppressed_companies == 1
    assert _contact(engine, "Dupont").email is None  # found, but on the list: never written
    assert _contact(engine, "Vieux").email == "paul.vieux@acme.fr"
    assert "Marc Leroy" not in {c.name for c in report.contacts}


async def test_a_budget_stops_the_run_and_a_second_run_goes_on_from_there(engine: Engine) -> None:
    _store(engine)
    create_list(engine, name="Cibles", owner="alice.martin", sirens=[ACME, BETA, GAMMA])
    hunter = FakeProvider("hunter", {"Dupont": V, "Vieux": V, "Leroy": V, "Durand": V},
                          concurrency=1)  # fmt: skip
    first = await _run(engine, _enricher(engine, hunter), list_name="Cibles", budget=2)
    assert first.summary.budget_reached and first.summary.total_cost == 2
    over = [c.name for c in first.contacts if c.outcome == "over_budget"]
    assert over and first.summary.over_budget == len(over)
    again = FakeProvider("hunter", {"Dupont": V, "Vieux": V, "Leroy": V, "Durand": V})
    second = await _run(engine, _enricher(engine, again), list_name="Cibles", budget=10)
    assert set(again.asked) == {c.split()[-1] for c in over}  # only those not asked before
    assert not second.summary.budget_reached
    third = FakeProvider("hunter", {"Dupont": V})
    last = await _run(engine, _enricher(engine, third), list_name="Cibles")
    assert third.calls == []  # verified since, or asked already (Petit: not found, cached)
    assert last.summary.cached == {"hunter": 1} and last.summary.total_cost == 0


async def test_a_second_run_makes_no_paid_call(engine: Engine) -> None:
    _store(engine)
    hunter = FakeProvider("hunter", {"Leroy": C})
    await _run(engine, _enricher(engine, hunter), sirens=[BETA])
    again = FakeProvider("hunter", {"Leroy": C})
    second = await _run(engine, _enricher(engine, again), sirens=[BETA])
    assert again.calls == [] and second.summary.cached == {"hunter": 1}
    assert second.summary.total_cost == 0


def test_two_runs_at_once_write_each_person_once(engine: Engine) -> None:
    _store(engine)
    errors: list[BaseException] = []

    def one(provider: FakeProvider) -> None:
        try:
            asyncio.run(_run(engine, _enricher(engine, provider), sirens=[ACME, BETA, GAMMA]))
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=one, args=(FakeProvider(f"p{i}", {"Dupont": V, "Leroy": G,
                                                                   "Durand": C}, cost=0.0),))
        for i in range(2)
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _contact(engine, "Dupont").email == "jean.dupont@acme.fr"
    with Session(engine) as session:
        assert len(session.exec(select(ProviderCall)).all()) == 2 * 5


async def test_nobody_in_the_role_asked_is_said_and_the_people_known_offered(
    engine: Engine,
) -> None:
    _store(engine)
    hunter = FakeProvider("hunter", {"Leroy": V})
    report = await _run(engine, _enricher(engine, hunter), sirens=[BETA],
                        roles=roles_in("DAF"))  # fmt: skip
    assert report.contacts == [] and hunter.calls == []
    assert report.others is not None
    assert [p.contact.full_name for c in report.others.companies for p in c.people] == [
        "Marc Leroy", "Sansprenom",
    ]  # fmt: skip
    lines = summary_lines(report.summary, "fr")
    assert "Aucun e-mail cherché : personne n'est connu dans ce rôle." in lines
    assert not any("cache" in line for line in lines)  # nothing was "known or cached"
    artifact = enrichment_artifact(report)
    assert [c.name for c in artifact.others] == ["Beta"]
    told = content(artifact)  # what the model reads: whom to offer, and how to go on
    assert "Nobody holds the roles asked there, so no email was looked up." in told
    assert "Marc Leroy" in told and "enrich_contacts without roles" in told


async def test_a_company_without_a_domain_says_why_no_email_was_found(engine: Engine) -> None:
    _store(engine)
    with session_scope(engine) as session:
        session.add(Company(siren=NO_SITE, name="Altis Apps"))
        session.add(Contact(company_siren=NO_SITE, first_name="Agnès", last_name="Royer",
                            title="Présidente"))  # fmt: skip
    pattern = FakeProvider("pattern", {}, cost=0.0)
    report = await _run(engine, _enricher(engine, pattern), sirens=[NO_SITE, GAMMA])
    assert report.summary.no_domain == ["Altis Apps"]  # Gamma has a domain
    lines = summary_lines(report.summary, "fr")
    assert (
        "Pas d'e-mail trouvé chez Altis Apps : aucun domaine connu (pas de site web enregistré), "
        "donc aucune adresse à deviner ni à vérifier. Hunter et Dropcontact" in " ".join(lines)
    )
    english = " ".join(summary_lines(report.summary, "en"))
    assert "No email found at Altis Apps: no known domain (no website on record)" in english
    assert "No email could be guessed at Altis Apps: no known domain" in content(
        enrichment_artifact(report)
    )

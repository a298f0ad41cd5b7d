"""The legal officers of a company imported from the SIRENE files (which name no one): asked
of the public API the first time its people are wanted, cached as registry contacts, never
asked again; no API, no officers and no error; demo companies are never looked up."""

from __future__ import annotations

import httpx
from recherche_fakes import FakeClock, Recorder, fixture_page, make_source
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.contacts.people import people_at
from agent.search.auto import AutoSource
from agent.search.local import LocalSource
from store.db import session_scope
from store.models import Company, Contact

SIREN = "355512575"  # the first result of the recorded page, with two officers and an auditor


def _company(engine: Engine, source: str) -> None:
    with session_scope(engine) as session:
        session.add(Company(siren=SIREN, name="Ondilab", source=source))


def _source(engine: Engine, recorder: Recorder) -> AutoSource:
    return AutoSource(LocalSource(engine), make_source(recorder, FakeClock()), engine)


async def test_officers_of_an_imported_company_are_fetched_once_and_kept(engine: Engine) -> None:
    _company(engine, "sirene")
    recorder = Recorder(httpx.Response(200, json=fixture_page()))
    companies = _source(engine, recorder)
    found = await people_at(engine, companies, sirens=[SIREN])
    names = [person.contact.full_name for person in found.companies[0].people]
    assert "Claire Martin-Duval" in names and "Luc Bernard" in names
    assert recorder.params["q"] == SIREN
    with Session(engine) as session:
        stored = session.exec(select(Contact).where(Contact.company_siren == SIREN)).all()
    assert {c.source for c in stored} == {"registre"} and all(c.id for c in stored)
    assert stored[0].field_sources["last_name"]["source"]

    again = await people_at(engine, companies, sirens=[SIREN])
    assert len(recorder.requests) == 1  # known now: not asked again
    assert [p.contact.full_name for p in again.companies[0].people] == names


async def test_no_api_no_officers_and_no_error(engine: Engine) -> None:
    _company(engine, "sirene")
    recorder = Recorder(httpx.ConnectError("no route to host"))
    found = await people_at(engine, _source(engine, recorder), sirens=[SIREN])
    assert found.companies[0].people == [] and found.companies[0].name == "Ondilab"


async def test_demo_companies_and_the_local_source_never_ask(engine: Engine) -> None:
    _company(engine, "demo")
    recorder = Recorder(httpx.Response(200, json=fixture_page()))
    await people_at(engine, _source(engine, recorder), sirens=[SIREN])
    assert recorder.requests == []
    with session_scope(engine) as session:
        session.get(Company, SIREN).source = "sirene"  # type: ignore[union-attr]
    await people_at(engine, LocalSource(engine), sirens=[SIREN])

"""The demo dataset: deterministic, realistic enough to demo on, marked `demo`, clearable,
and reachable from `filon demo`."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from agent.cli import app
from agent.qualification.demo import score_demo
from agent.settings import Settings
from store.db import open_store, session_scope
from store.demo import (
    DemoAlreadySeeded,
    clear_demo,
    count_companies,
    seed_demo,
    seed_demo_if_empty,
)
from store.demo.companies import CompanyFactory
from store.demo.naf_words import NAF_FLAVOURS
from store.demo.pipeline import OWNERS, STAGES
from store.demo.places import CITIES
from store.demo.sectors import SECTORS
from store.demo.sirens import siren_at
from store.identifiers import is_valid_siren, is_valid_siret
from store.models import Company, Contact, Engagement, Lead, LeadList, Signal
from store.reference.geo import DEPARTMENTS, REGIONS, department_of
from store.reference.legal import legal_form_label
from store.reference.naf import naf_codes

REFERENCE = date(2026, 11, 26)
TABLES = (Company, Contact, Signal, Engagement, LeadList, Lead)


def _count(engine: Engine, model: type, *conditions: object) -> int:
    query = select(func.count()).select_from(model).where(*conditions)  # type: ignore[arg-type]
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _snapshot(engine: Engine) -> tuple[list[tuple[str, str]], list[str | None]]:
    with engine.connect() as connection:
        companies = connection.execute(text("SELECT siren, name FROM company ORDER BY siren"))
        emails = connection.execute(text("SELECT email FROM contact ORDER BY id"))
        return [(row[0], row[1]) for row in companies], [row[0] for row in emails]


def test_same_seed_gives_the_same_data_and_another_seed_other_data(tmp_path: Path) -> None:
    stores = [open_store(f"sqlite:///{tmp_path / f'{name}.db'}") for name in ("a", "b", "c")]
    for store, seed in zip(stores, (7, 7, 8), strict=True):
        seed_demo(store, companies=300, seed=seed, reference=REFERENCE)
    first, second, other = (_snapshot(store) for store in stores)
    assert first == second
    assert {siren for siren, _ in first[0]}.isdisjoint({siren for siren, _ in other[0]})
    for store in stores:
        store.dispose()


def test_demo_sirens_are_valid_and_distinct() -> None:
    sirens = [siren_at(index, 42) for index in range(50_000)]
    assert len(set(sirens)) == len(sirens)
    assert all(is_valid_siren(siren) for siren in sirens)


def test_seeded_store_is_consistent(engine: Engine, settings: Settings) -> None:
    report = seed_demo(engine, companies=400, seed=3, reference=REFERENCE)
    with session_scope(engine) as session:
        unscored = session.exec(select(Lead.score)).scalars().all()  # type: ignore[call-overload]
    assert set(unscored) == {None}  # the seed leaves scores to agent.qualification
    run = score_demo(engine, settings, today=REFERENCE)
    assert (run.scored, run.promoted) == (report.leads, 0)
    assert (report.companies, report.lists) == (400, 5)
    assert report.contacts == _count(engine, Contact) and report.leads == _count(engine, Lead)
    assert report.signals > 0 and report.engagements > 0
    with session_scope(engine) as session:
        companies = session.exec(select(Company)).scalars().all()  # type: ignore[call-overload]
        contacts = session.exec(select(Contact)).scalars().all()  # type: ignore[call-overload]
        leads = session.exec(select(Lead)).scalars().all()  # type: ignore[call-overload]
        signals = session.exec(select(Signal)).scalars().all()  # type: ignore[call-overload]
        events = session.exec(select(Engagement)).scalars().all()  # type: ignore[call-overload]

    for company in companies:
        assert is_valid_siren(company.siren)
        assert company.head_office_siret.startswith(company.siren)
        assert is_valid_siret(company.head_office_siret)
        assert company.naf_code in naf_codes()
        assert legal_form_label(company.legal_form)
        assert department_of(company.commune_code) == company.department
        assert department_of(postcode=company.postcode) == company.department
        assert company.created_on and date(1950, 1, 1) <= company.created_on <= REFERENCE
    assert 0 < sum(not c.active for c in companies) < len(companies) * 0.12

    per_company = Counter(contact.company_siren for contact in contacts)
    assert set(per_company) == {company.siren for company in companies}
    assert set(per_company.values()) <= {2, 3, 4}
    assert any(" " in (c.last_name or "") or "-" in (c.first_name or "") for c in contacts)
    for contact in contacts:
        assert contact.field_sources["last_name"]["source"] == "demo"
        if contact.email:
            assert contact.field_sources["email"]["at"] <= REFERENCE.isoformat()
            assert contact.email.split("@")[1] in {c.domain for c in companies}
    assert {c.email_status for c in contacts} >= {"verified", "catch_all", "guessed", "invalid"}

    assert set(STAGES) == {lead.stage for lead in leads}
    assert len({lead.owner for lead in leads}) >= 3 and {lead.owner for lead in leads} <= set(
        OWNERS
    )
    now = datetime.combine(REFERENCE, datetime.max.time(), tzinfo=UTC)
    for lead in leads:
        stamps = [lead.created_at, lead.mql_at, lead.sql_at, lead.closed_at]
        present = [_utc(stamp) for stamp in stamps if stamp is not None]
        assert present == sorted(present) and present[-1] <= now
        assert _utc(lead.created_at) >= now - timedelta(days=121)
        assert lead.score is not None and 0 <= lead.score <= 100
        assert {"fit", "engagement", "intent"} <= set(lead.scores)
        assert (lead.sql_at is not None) == (lead.bant_need is not None)
        assert (lead.closed_at is not None) == (lead.stage in ("won", "lost", "disqualified"))
    for signal in signals:
        assert signal.occurred_on and REFERENCE - timedelta(days=181) <= signal.occurred_on
    for event in events:
        assert _utc(event.occurred_at) >= now - timedelta(days=91)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_every_region_and_department_appears_at_full_size() -> None:
    factory = CompanyFactory(random.Random(42), reference=REFERENCE)
    rows = [factory.row(siren_at(index, 42)) for index in range(20_000)]
    assert {row["region"] for row in rows} == set(REGIONS)
    assert {row["department"] for row in rows} == set(DEPARTMENTS)
    departments = Counter(row["department"] for row in rows)
    assert departments.most_common(1)[0][0] == "75" and departments["69"] > departments["23"]
    bands = Counter(row["headcount_band"] for row in rows)
    assert bands["01"] > bands["21"] > bands["41"] > 0
    assert {row["category"] for row in rows} == {"PME", "ETI", "GE"}
    sections = Counter(row["naf_section"] for row in rows)
    assert sections["J"] > 1000 and sections["F"] > 1000  # plenty of ESN/software, and BTP
    assert sum(row["description"] is not None for row in rows) > 14_000


def test_reference_data_is_consistent() -> None:
    for department, cities in CITIES.items():
        for city in cities:
            assert department_of(city.commune_code) == department, city
            assert department_of(postcode=city.postcode) == department, city
            assert city.label.isascii() and city.label == city.label.upper(), city
    # communes are written the SIRENE way, arrondissements included, as imported data is
    assert {city.label for city in CITIES["69"]} >= {"LYON 1ER", "LYON 3EME", "VILLEURBANNE"}
    assert {city.label for city in CITIES["75"]} >= {"PARIS 8", "PARIS 16"}
    assert {city.label for city in CITIES["13"]} >= {"MARSEILLE 13", "AIX-EN-PROVENCE"}
    codes = {code for sector in SECTORS for code, _ in sector.naf} | set(NAF_FLAVOURS)
    assert codes <= set(naf_codes())


def test_only_demo_rows_are_written_and_cleared(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(Company(siren="552100554", name="Entreprise réelle", source="sirene"))
        session.flush()
        session.add(Contact(company_siren="552100554", last_name="Durand", source="hunter"))
    report = seed_demo(engine, companies=150, reference=REFERENCE)
    for model in TABLES:
        expected = 1 if model in (Company, Contact) else 0
        assert _count(engine, model, model.source != "demo") == expected
    # a rep adds a demo company to their own list: clearing must not break that lead
    demo_siren = siren_at(0, 42)
    with session_scope(engine) as session:
        mine = LeadList(name="Ma liste", owner="alice.martin", source="manual")
        session.add(mine)
        session.flush()
        assert mine.id is not None
        session.add(Lead(list_id=mine.id, company_siren=demo_siren, source="manual"))

    with engine.connect() as connection:  # the demo's qualified leads have their BANT
        assert connection.execute(text("SELECT count(*) FROM bantanswer")).scalar_one() > 0
    removed = clear_demo(engine)

    assert removed.companies == report.companies - 1
    assert removed.leads == report.leads and removed.lists == report.lists
    assert removed.signals == report.signals and removed.engagements == report.engagements
    assert _count(engine, Company, Company.source == "sirene") == 1
    assert _count(engine, Contact, Contact.source == "hunter") == 1
    assert _count(engine, Lead, Lead.source == "manual") == 1
    assert _count(engine, Company, Company.source == "demo") == 1  # still referenced: kept
    for model in (Signal, Engagement, LeadList, Lead):
        assert _count(engine, model, model.source == "demo") == 0
    with engine.connect() as connection:  # the demo leads' BANT answers and stage changes went
        for table in ("bantanswer", "leadstagechange"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0


def test_seeding_twice_is_refused_and_if_empty_is_a_no_op(engine: Engine) -> None:
    seed_demo(engine, companies=50, reference=REFERENCE)
    with pytest.raises(DemoAlreadySeeded, match="--clear"):
        seed_demo(engine, companies=50, reference=REFERENCE)
    assert seed_demo_if_empty(engine, companies=50) is None
    assert count_companies(engine) == 50
    clear_demo(engine)
    assert count_companies(engine) == 0
    with pytest.raises(ValueError):
        seed_demo(engine, companies=0)


def test_full_text_search_finds_demo_companies(sqlite_engine: Engine) -> None:
    seed_demo(sqlite_engine, companies=300, reference=REFERENCE)
    with sqlite_engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM company_fts WHERE company_fts MATCH 'conseil'")
        ).scalar_one()
    assert found > 0


def test_cli_seeds_skips_refuses_and_clears() -> None:
    runner = CliRunner()
    seeded = runner.invoke(app, ["demo", "--companies", "120", "--json"])
    assert seeded.exit_code == 0, seeded.stderr
    data = json.loads(seeded.stdout)
    assert data["action"] == "seeded" and data["companies"] == 120 and data["lists"] == 5
    assert data["contacts"] >= 240 and data["leads"] > 0

    skipped = runner.invoke(app, ["demo", "--if-empty", "--json"])
    assert skipped.exit_code == 0
    assert json.loads(skipped.stdout) == {"action": "skipped", "existing_companies": 120}

    again = runner.invoke(app, ["demo", "--companies", "120"])
    assert again.exit_code != 0
    assert again.stderr.count("\n") == 1 and "--clear" in again.stderr

    cleared = runner.invoke(app, ["demo", "--clear"])
    assert cleared.exit_code == 0 and "120 entreprises" in cleared.stdout

    text_run = runner.invoke(app, ["demo", "--companies", "60", "--seed", "5"])
    assert text_run.exit_code == 0 and "60 entreprises" in text_run.stdout


@pytest.mark.parametrize("count", ["0", "-5"])
def test_cli_rejects_a_bad_company_count(count: str) -> None:
    result = CliRunner().invoke(app, ["demo", "--companies", count])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.startswith("filon: --companies") and result.stderr.count("\n") == 1

"""Migration 0014 on PostgreSQL: search keys for the companies already there, the old vector,
trigger and b-tree indexes gone, and keys that say what the search code expects of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from filon_processes import fresh_store
from sqlalchemy import text
from sqlalchemy.engine import Engine

from store.db import make_engine
from store.migrate import migrate
from store.models import Company
from store.reference.headcount import BANDS
from store.repositories.companies import upsert_companies
from store.search.tsquery import name_tsquery, rank_of, size_class, text_tsquery

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def store_at_0013(tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store("postgres", tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0017")
        yield engine
        engine.dispose()


def _keys(engine: Engine, siren: str) -> set[str]:
    with engine.connect() as connection:
        keys = connection.execute(
            text("SELECT tsvector_to_array(search_keys) FROM company WHERE siren = :s"),
            {"s": siren},
        ).scalar_one()
    return set(keys)


def _matches(engine: Engine, tsquery: str) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT siren FROM company WHERE search_keys @@ CAST(:q AS tsquery) "
                     "ORDER BY siren"),
                {"q": tsquery},
            ).scalars()
        )  # fmt: skip


def test_companies_already_there_get_their_keys(store_at_0013: Engine) -> None:
    engine = store_at_0013
    upsert_companies(engine, companies=[Company(siren="552100554", name="ACME Groupe",
                                                city="LYON 3EME", headcount_band="21")])  # fmt: skip
    migrate(engine)
    assert {"=acme", "=groupe", "lyon", "3eme", "#tLYON 3EME", "#z122"} <= _keys(
        engine, "552100554"
    )
    with engine.connect() as connection:
        columns = set(
            connection.execute(
                text("SELECT column_name FROM information_schema.columns "
                     "WHERE table_schema = current_schema() AND table_name = 'company'")
            ).scalars()
        )  # fmt: skip
        indexes = set(
            connection.execute(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                     "AND tablename = 'company'")
            ).scalars()
        )  # fmt: skip
        triggers = connection.execute(
            text("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'company'::regclass "
                 "AND NOT tgisinternal")
        ).scalar_one()  # fmt: skip
    assert "search_keys" in columns and "search_vector" not in columns
    assert indexes == {
        "company_pkey", "ix_company_source", "ix_company_search_keys", "ix_company_size",
        "ix_company_created",  # migration 0020: the creation-date orders
    }  # fmt: skip
    assert triggers == 0


def test_downgrade_brings_back_the_vector(store_at_0013: Engine) -> None:
    engine = store_at_0013
    migrate(engine)
    upsert_companies(engine, companies=[Company(siren="552100554", name="ACME")])
    from alembic import command

    from store.migrate import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM company WHERE search_vector @@ to_tsquery('simple', 'acme')")
        ).scalar_one()
    assert found == 1


WORDS: list[tuple[Company, set[str]]] = [
    # SIRENE's upper-case names split on spaces, and anything else through the parser, alike
    (Company(siren="100000009", name="SOCIETE GENERALE", acronym="SG"),
     {"=societe", "=generale", "=sg"}),
    (Company(siren="100000017", name="Société Générale", acronym="S.G."),
     {"=societe", "=generale", "=s", "=g"}),
    (Company(siren="100000025", name="DATA.COM jean@x.fr", city="SAINT-ETIENNE",
             description="l’atelier – « Œuvre »"),
     {"=data", "=com", "=jean", "=x", "=fr", "saint", "etienne", "l", "atelier", "œuvre"}),
    (Company(siren="100000033", name="  A  B  ", city="LYON  3EME"), {"=a", "=b", "lyon", "3eme"}),
    (Company(siren="100000041", name="X" * 3_000), set()),  # a word too long to index
]  # fmt: skip


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
@pytest.mark.parametrize(("company", "words"), WORDS, ids=[c.siren for c, _ in WORDS])
def test_words_and_marks(engine: Engine, company: Company, words: set[str]) -> None:
    upsert_companies(engine, companies=[company])
    keys = _keys(engine, company.siren)
    assert {key for key in keys if not key.startswith("#")} == words
    if company.city:
        assert f"#t{company.city}" in keys  # the city as written, for the exact city filter


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_facets_and_size_classes_are_what_the_search_asks_for(engine: Engine) -> None:
    bands = [band.code for band in BANDS] + [None, "ZZ"]
    companies = [
        Company(siren=f"2000000{index:02d}", name=f"N{index}", headcount_band=band,
                active=index % 2 == 0, naf_code="62.01Z", department="2A", category="PME",
                postcode="20000", legal_form="5710", created_on=date(1850 + 10 * index, 6, 1))
        for index, band in enumerate(bands)
    ]  # fmt: skip
    upsert_companies(engine, companies=companies)
    for company in companies:
        year = min(max(company.created_on.year, 1900), 2100)  # type: ignore[union-attr]
        assert _keys(engine, company.siren) >= {
            size_class(company.active, rank_of(company.headcount_band)),
            "#n6201z", "#d2a", "#cpme", "#p20000", "#l5710", f"#y{year}",
        }  # fmt: skip
    assert len(_matches(engine, text_tsquery(["n1"]))) == len(
        [c for c in companies if c.name.startswith("N1")]
    )
    assert _matches(engine, name_tsquery(["n17"])) == ["200000017"]

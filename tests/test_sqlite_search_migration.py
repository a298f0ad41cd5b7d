"""Migration 0015: a SQLite store's full-text index is rebuilt with the city, postcode, legal
form and creation-date tokens, the postcode b-tree goes; PostgreSQL is left as it was; down
(the old triggers and index back) and up again give the same searches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from filon_processes import fresh_store
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from store.db import make_engine
from store.migrate import alembic_config, migrate
from store.models import Company
from store.repositories.companies import upsert_companies
from store.search import CompanyQuery
from store.search.sql import search_companies

COMPANIES = [
    Company(siren="552100554", name="ACME", city="PARIS 15", postcode="75015", legal_form="5499",
            created_on=date(2021, 3, 4), source="sirene"),
    Company(siren="412345670", name="JEANNE", city="LE HAVRE", postcode="76600",
            legal_form="5710", created_on=date(1999, 1, 2), source="sirene"),
    Company(siren="800123457", name="PARIS HOPITAL", city="PARIS-L'HOPITAL", postcode="71150",
            legal_form="5410", source="sirene"),
]  # fmt: skip
QUERIES = [
    CompanyQuery(cities=["PARIS"]),
    CompanyQuery(cities=["LE HAVRE"]),
    CompanyQuery(postcodes=["750"]),
    CompanyQuery(legal_forms=["54"]),
    CompanyQuery(created_after=date(2000, 1, 1)),
    CompanyQuery(sort="newest"),
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0018(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0018")
        upsert_companies(engine, companies=COMPANIES)
        yield engine
        engine.dispose()


EXPECTED = [
    ["552100554"], ["412345670"], ["552100554"], ["800123457", "552100554"], ["552100554"],
    ["552100554", "412345670", "800123457"],
]  # fmt: skip


def _results(engine: Engine) -> list[list[str]]:
    return [[c.siren for c in search_companies(engine, query=q).companies] for q in QUERIES]


def test_the_index_is_rebuilt_with_the_new_tokens(store_at_0018: Engine) -> None:
    before = {index["name"] for index in inspect(store_at_0018).get_indexes("company")}
    migrate(store_at_0018)
    assert _results(store_at_0018) == EXPECTED
    indexes = {index["name"] for index in inspect(store_at_0018).get_indexes("company")}
    if store_at_0018.dialect.name == "sqlite":
        assert "ix_company_postcode" not in indexes
        with store_at_0018.connect() as connection:
            found = connection.execute(
                text("SELECT rowid % 1000000000 FROM company_fts WHERE company_fts MATCH :q"),
                {"q": 'facets : ^"w5041524953" AND facets : y2021 AND facets : m202103'},
            ).scalars()
            assert list(found) == [552100554]
    else:  # PostgreSQL's indexes are migration 0018's business (and 0020's, after this one)
        assert indexes - {"ix_company_created"} == before


def test_down_and_up_again(store_at_0018: Engine) -> None:
    migrate(store_at_0018)
    config = alembic_config()
    with store_at_0018.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0018")
    indexes = {index["name"] for index in inspect(store_at_0018).get_indexes("company")}
    if store_at_0018.dialect.name == "sqlite":
        assert "ix_company_postcode" in indexes
        with store_at_0018.connect() as connection:
            triggers = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
            ).scalars()
            assert not any(" hex(" in sql for sql in triggers)
    migrate(store_at_0018)
    assert _results(store_at_0018) == EXPECTED

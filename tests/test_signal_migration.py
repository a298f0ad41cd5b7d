"""Migration 0009: signal kinds as text, source ids unique per source, existing rows retyped,
and the schema it builds matches the models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from filon_processes import fresh_store
from filon_processes import valid_siren as siren
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)
from store.db import make_engine
from store.migrate import migrate

A = siren(1)
NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0008(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0008")
        yield engine
        engine.dispose()


def _old_signal(connection: object, kind: str, title: str, payload: dict[str, str]) -> None:
    connection.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO signal (company_siren, kind, title, occurred_on, strength, payload, "
            "source, detected_at) VALUES (:s, :kind, :title, '2026-10-01', 0.5, :payload, 'demo', "
            ":now)"
        ),
        {"s": A, "kind": kind, "title": title, "payload": json.dumps(payload), "now": NOW},
    )


def test_existing_signals_take_the_new_kinds(store_at_0008: Engine) -> None:
    engine = store_at_0008
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO company (siren, name, active, diffusible, "
                                "natural_person, source, updated_at) VALUES (:s, 'ACME', true, "
                                "true, false, 'test', :now)"), {"s": A, "now": NOW})  # fmt: skip
        _old_signal(connection, "legal_notice", "Dépôt des comptes annuels",
                    {"bodacc_type": "depot_comptes"})  # fmt: skip
        _old_signal(connection, "legal_notice", "Ouverture d'une procédure de sauvegarde",
                    {"bodacc_type": "procedure_collective"})  # fmt: skip
        _old_signal(connection, "legal_notice", "Nomination d'un nouveau dirigeant",
                    {"bodacc_type": "modification"})  # fmt: skip
        _old_signal(connection, "growth", "Ouverture d'une agence à Lyon", {"city": "Lyon"})
        _old_signal(connection, "growth", "Effectif en hausse de 20 %", {})
        _old_signal(connection, "hiring", "Recrute 3 devs", {})

    migrate(engine)

    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT title, kind, negative FROM signal ORDER BY id")
        ).all()
    assert [(kind, bool(negative)) for _, kind, negative in rows] == [
        ("accounts_filed", False),
        ("insolvency", True),
        ("leadership_change", False),
        ("new_site", False),
        ("growth", False),
        ("hiring", False),
    ]
    # A source's id is unique per source: the same notice cannot be written twice.
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE signal SET source = 'bodacc', external_id = 'A1' WHERE kind = 'hiring'")
        )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text("UPDATE signal SET source = 'bodacc', external_id = 'A1' WHERE kind = 'growth'")
        )


def test_the_migrated_schema_matches_the_models(store_at_0008: Engine) -> None:
    migrate(store_at_0008)
    with store_at_0008.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if _concerns(diff, {"signal", "company_intent"})
        ]
    assert differences == []


def _concerns(diff: object, tables: set[str]) -> bool:
    text_of = repr(diff)
    return any(f"'{table}'" in text_of or f"{table}." in text_of for table in tables)

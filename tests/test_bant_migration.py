"""Migration 0010: BANT answers get their table, the demo's free-text BANT becomes confirmed
answers said by the lead's owner, and the schema it builds matches the models."""

from __future__ import annotations

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
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)
from store.db import make_engine
from store.migrate import migrate

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
SQL_AT = datetime(2026, 10, 20, 14, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0009(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0009")
        yield engine
        engine.dispose()


def _lead(connection: object, number: int, owner: str | None, bant: dict[str, str | None]) -> None:
    execute = connection.execute  # type: ignore[attr-defined]
    execute(
        text(
            "INSERT INTO company (siren, name, active, diffusible, natural_person, source, "
            "updated_at) VALUES (:s, :name, true, true, false, 'test', :now)"
        ),
        {"s": siren(number), "name": f"ACME {number}", "now": NOW},
    )
    execute(
        text(
            "INSERT INTO lead (list_id, company_siren, owner, stage, scores, bant_budget, "
            "bant_authority, bant_need, bant_timing, source, created_at, updated_at, sql_at) "
            "VALUES (1, :s, :owner, 'sql', '{}', :budget, :authority, :need, :timing, 'demo', "
            ":now, :now, :sql_at)"
        ),
        {"s": siren(number), "owner": owner, "now": NOW, "sql_at": SQL_AT, **bant},
    )


def test_free_text_bant_becomes_confirmed_answers(store_at_0009: Engine) -> None:
    engine = store_at_0009
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO leadlist (id, name, name_key, owner, source, created_at) "
                 "VALUES (1, 'Demo', 'demo', 'alice', 'demo', :now)"), {"now": NOW},
        )  # fmt: skip
        _lead(connection, 1, "alice", {"budget": "40 k€", "authority": "DAF", "need": "CRM",
                                       "timing": "T2"})  # fmt: skip
        _lead(connection, 2, None, {"budget": "20 k€", "authority": None, "need": None,
                                    "timing": None})  # fmt: skip

    migrate(engine)

    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT l.company_siren, a.criterion, a.status, a.note, a.said_by, a.source, "
                "a.value FROM bantanswer a JOIN lead l ON l.id = a.lead_id "
                "ORDER BY l.company_siren, a.criterion"
            )
        ).all()
    found = [(row[0], row[1], row[2], row[3], row[4], row[5]) for row in rows]
    assert found == [
        (siren(1), "authority", "confirmed", "DAF", "alice", "legacy"),
        (siren(1), "budget", "confirmed", "40 k€", "alice", "legacy"),
        (siren(1), "need", "confirmed", "CRM", "alice", "legacy"),
        (siren(1), "timing", "confirmed", "T2", "alice", "legacy"),
        (siren(2), "budget", "confirmed", "20 k€", "import", "legacy"),
    ]
    assert all(row[6] in ({}, "{}") for row in rows)


def test_the_migrated_schema_matches_the_models(store_at_0009: Engine) -> None:
    migrate(store_at_0009)
    with store_at_0009.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if "bantanswer" in repr(diff)
        ]
    assert differences == []

"""A database failing under `filon import sirene` (connection lost, a role without rights) gives
one line on stderr in the user's language and a non-zero exit, never a traceback; what was
committed is whole batches, and running the import again converges."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sirene_samples import ASCII_NAMES, siren_of, stored_names, write_units
from sqlalchemy import text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

import store.sirene.pipeline as pipeline
from agent.cli import app
from store.db import make_engine
from store.models import Company
from store.repositories.companies import upsert_companies
from store.sirene.writer_postgres import PostgresWriter

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("engine", ["postgres"], indirect=True)]


def run(url: str, *args: str, language: str = "en"):  # type: ignore[no-untyped-def]
    """`filon import sirene ARGS` into the store at `url`."""
    env = {"FILON_LANGUAGE": language, "FILON_DATABASE_URL": url}
    return CliRunner().invoke(app, ["import", "sirene", *args], env=env)


def _url(engine: Engine, **changes: Any) -> str:
    return engine.url.set(**changes).render_as_string(hide_password=False)


def _admin(engine: Engine) -> Engine:
    """Another connection to the same server, outside the store's schema."""
    return make_engine(engine.url.set(query={}).render_as_string(hide_password=False))


@pytest.mark.parametrize(
    ("child_process", "first_load"), [(False, False), (True, False), (False, True)]
)
def test_a_connection_lost_mid_import_is_one_line_and_a_rerun_converges(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    child_process: bool,
    first_load: bool,
) -> None:
    """Into a store holding companies, whole batches are kept; a first load (an empty store)
    is all or nothing. Either way the same command then finishes the import, indexed."""
    if child_process:
        monkeypatch.setattr(pipeline, "CHILD_PROCESS_MIN_BYTES", 0)
    before = [] if first_load else [Company(siren=siren_of(1_000), name="AAA DEJA LA")]
    upsert_companies(engine, companies=before)
    path = write_units(tmp_path / "StockUniteLegale_utf8.csv", ASCII_NAMES)
    admin = _admin(engine)
    write = PostgresWriter.write_legal_units
    batches: list[int] = []

    def terminated_before_the_third_batch(writer: PostgresWriter, rows: Any) -> Any:
        batches.append(len(rows))
        if len(batches) == 3:
            with admin.begin() as connection:  # as a restart or an administrator would
                connection.execute(
                    text("SELECT pg_terminate_backend(:pid)"),
                    {"pid": writer.connection.info.backend_pid},
                )
        return write(writer, rows)

    monkeypatch.setattr(PostgresWriter, "write_legal_units", terminated_before_the_third_batch)
    for language, expected in (
        ("fr", "La connexion à la base de données a été perdue pendant l'import"),
        ("en", "The connection to the database was lost during the import"),
    ):
        batches.clear()
        result = run(_url(engine), str(path), "--batch-size", "300", language=language)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        kept = 0 if first_load else 600  # two whole batches, then nothing
        assert len(stored_names(engine)) == len(before) + kept
    admin.dispose()

    monkeypatch.setattr(PostgresWriter, "write_legal_units", write)
    again = run(_url(engine), str(path), "--batch-size", "300", "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert (report["imported"], report["unchanged"]) == (1_000 - kept, kept)
    assert stored_names(engine) == [c.name for c in before] + ASCII_NAMES
    with engine.connect() as connection:
        unindexed = "SELECT count(*) FROM company WHERE search_keys IS NULL"
        assert connection.execute(text(unindexed)).scalar_one() == 0
        index = "SELECT to_regclass('ix_company_search_keys') IS NOT NULL"
        assert connection.execute(text(index)).scalar_one()


@pytest.fixture
def role(engine: Engine) -> Iterator[str]:
    """A login role of the test server with no rights yet; dropped afterwards."""
    name = f"filon_test_{uuid.uuid4().hex[:10]}"
    admin = _admin(engine)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN"))
    try:
        yield name
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {name}"))
            connection.execute(text(f"DROP ROLE {name}"))
        admin.dispose()


def _grant(engine: Engine, *statements: str) -> None:
    schema = engine.url.query["options"].split("search_path=")[1].split(",")[0]  # type: ignore[union-attr]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement.format(schema=schema)))


@pytest.mark.parametrize(
    "grants",
    [
        pytest.param(["GRANT USAGE ON SCHEMA {schema} TO {role}"], id="no rights on any table"),
        pytest.param(
            ["GRANT USAGE ON SCHEMA {schema} TO {role}",
             "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}"],
            id="read-only",
        ),
    ],
)  # fmt: skip
def test_a_role_without_rights_is_one_line(
    engine: Engine, role: str, grants: list[str], tmp_path: Path
) -> None:
    _grant(engine, *(grant.replace("{role}", role) for grant in grants))
    path = write_units(tmp_path / "StockUniteLegale_utf8.csv", ["ACME"])
    for language, expected in (
        ("fr", f"le rôle PostgreSQL «\u202f{role}\u202f» n'a pas les droits"),
        ("en", f"the PostgreSQL role “{role}” lacks rights"),
    ):
        result = run(_url(engine, username=role), str(path), language=language)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
        assert "permission denied" in result.stderr  # the server's own words, for the admin
    assert stored_names(engine) == []

"""A PostgreSQL first load merges its staged companies on two connections at once: the store
then holds what one connection writes; a failure of either half leaves the store empty; a role
that may not create tables in the schema stages in temporary tables and merges on one; staging
a killed run left behind is dropped by the next run."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import postgres_engine
from sirene_samples import synth
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from store.db import open_store
from store.models import Company
from store.models.tables import table_of
from store.sirene import first_load_postgres, import_sirene
from store.sirene.first_load_postgres import LEGAL_TABLE, OFFICE_TABLE, FirstLoad

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("engine", ["postgres"], indirect=True)]

TABLE = table_of(Company)
COLUMNS = [column for column in TABLE.c if column.name != "updated_at"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    generated = synth().generate(tmp_path_factory.mktemp("stock"), 3_000, seed=11)
    return [generated.legal_units, generated.establishments]


@pytest.fixture
def halves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every first load shares its merge, however small; records each half written."""
    monkeypatch.setattr(first_load_postgres, "SHARE_FROM", 1)
    written: list[str] = []
    write = FirstLoad._write

    def recorded(connection: Any, part: str, params: dict[str, Any]) -> int:
        written.append(part)
        return write(connection, part, params)

    monkeypatch.setattr(FirstLoad, "_write", staticmethod(recorded))
    return written


@pytest.fixture
def other(engine: Engine) -> Iterator[Engine]:
    """A second empty store, on the same server."""
    assert engine.url.get_backend_name() == "postgresql"
    base = engine.url.set(query={}).render_as_string(hide_password=False)
    yield from postgres_engine(base)


def rows(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(*COLUMNS).order_by(TABLE.c.siren))]


def staging_tables(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE tablename LIKE 'sirene_first_%'")
        )
        return sorted(found.scalars())


def test_two_halves_write_what_one_connection_writes(
    engine: Engine, other: Engine, files: list[Path], halves: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    shared = import_sirene(engine, files, batch_size=500)
    assert sorted(halves) == sorted([first_load_postgres.LOWER, first_load_postgres.UPPER])
    assert staging_tables(engine) == []
    halves.clear()
    monkeypatch.setattr(first_load_postgres, "SHARE_FROM", 10**9)
    alone = import_sirene(other, files, batch_size=500)
    assert halves == [""]
    assert (shared.imported, shared.updated, shared.unchanged, shared.skipped) == (
        alone.imported, alone.updated, alone.unchanged, alone.skipped,
    )  # fmt: skip
    assert shared.imported > 1_000
    assert rows(engine) == rows(other)
    with engine.connect() as connection:
        unkeyed = "SELECT count(*) FROM company WHERE search_keys IS NULL"
        assert connection.execute(text(unkeyed)).scalar_one() == 0


@pytest.mark.parametrize("failing", ["lower", "upper"])
def test_a_failing_half_leaves_the_store_empty(
    engine: Engine, files: list[Path], halves: list[str], failing: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The half that fails is this connection's (the helper's is cancelled and rolled back)
    or the helper's (this one's is rolled back): nothing is committed."""
    name = failing.upper()
    broken = getattr(first_load_postgres, name).replace("WHERE ", "WHERE 1 / 0 = 1 AND ")
    monkeypatch.setattr(first_load_postgres, name, broken)
    with pytest.raises(Exception, match="division by zero"):
        import_sirene(engine, files, batch_size=500)
    assert broken in halves
    assert rows(engine) == []
    with engine.connect() as connection:
        busy = "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
        assert connection.execute(text(busy)).scalar_one() == 0
    monkeypatch.undo()
    report = import_sirene(engine, files, batch_size=500)
    assert report.imported == len(rows(engine)) > 1_000
    assert staging_tables(engine) == []


def test_a_role_that_may_not_create_tables_merges_on_one_connection(
    engine: Engine, files: list[Path], halves: list[str]
) -> None:
    schema = engine.url.query["options"].split("search_path=")[1].split(",")[0]  # type: ignore[union-attr]
    role = f"{schema}_importer"
    with engine.begin() as connection:
        for statement in (
            f"CREATE ROLE {role} LOGIN",
            f"GRANT USAGE ON SCHEMA {schema} TO {role}",
            f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        ):
            connection.execute(text(statement))
    importer = engine.url.set(username=role).render_as_string(hide_password=False)
    from store.db import make_engine

    as_role = make_engine(importer)
    try:
        report = import_sirene(as_role, files, batch_size=500)
    finally:
        as_role.dispose()
        with engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
    assert halves == [""]
    assert report.imported == len(rows(engine)) > 1_000
    assert staging_tables(engine) == []


def test_staging_a_killed_run_left_is_dropped_by_the_next(
    engine: Engine, files: list[Path]
) -> None:
    with engine.begin() as connection:
        for table in (LEGAL_TABLE, OFFICE_TABLE):
            connection.execute(text(f"CREATE UNLOGGED TABLE {table} (siren text)"))
    import_sirene(engine, files[:1], batch_size=500)  # a first load: staged anew
    assert staging_tables(engine) == []
    with engine.begin() as connection:  # a killed run whose helper's half was committed
        connection.execute(text(f"CREATE UNLOGGED TABLE {LEGAL_TABLE} (siren text)"))
    report = import_sirene(engine, files, batch_size=500)  # batch by batch: the store is not empty
    assert report.read > 0
    assert staging_tables(engine) == []


HOSTILE = ['A "QUOTED" NAME', "COMMA, SEMICOLON; PIPE|", "BACK\\SLASH \\N", "LINE\nBREAK",
           "TAB\tHERE", "ÉLÉGANCE & CIE", "'; DROP TABLE company; --"]  # fmt: skip


def test_hostile_values_are_staged_as_they_are(
    engine: Engine, files: list[Path], tmp_path: Path
) -> None:
    """Names with quotes, separators, backslashes and line breaks, and an empty acronym next
    to a missing one, come out of the Arrow COPY as SQLite stores them."""
    units = tmp_path / "StockUniteLegale_utf8.csv"
    with files[0].open(newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        found = list(reader)
        fields = reader.fieldnames
    assert fields is not None
    for index, name in enumerate(HOSTILE):
        found[index]["denominationUniteLegale"] = name
        found[index]["sigleUniteLegale"] = "" if index % 2 else '"'
    with units.open("w", newline="", encoding="utf-8") as target:
        writer = csv.DictWriter(target, fieldnames=fields)
        writer.writeheader()
        writer.writerows(found)
    paths = [units, files[1]]
    sqlite = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        import_sirene(sqlite, paths, batch_size=500)
        expected = rows(sqlite)
    finally:
        sqlite.dispose()
    import_sirene(engine, paths, batch_size=500)
    assert rows(engine) == expected
    stored = [name for name in HOSTILE if name in {row[1] for row in expected}]
    assert len(stored) >= 4, stored  # the others were ceased units, left out


IMPORTER = """
import sys
from store.db import make_engine
from store.sirene import import_sirene, first_load_postgres

first_load_postgres.SHARE_FROM = 1
url, *paths = sys.argv[1:]
report = import_sirene(make_engine(url), paths, batch_size=500)
print(report.imported, report.unchanged)
"""


def test_two_imports_at_once_take_turns(engine: Engine, other: Engine, files: list[Path]) -> None:
    """Two processes importing the same files into one empty store: one stages and merges
    (on two connections), the other waits for it, then finds every company unchanged."""
    import_sirene(other, files, batch_size=500)  # what one run alone writes
    again = import_sirene(other, files, batch_size=500)  # and what a second run finds
    url = engine.url.render_as_string(hide_password=False)
    root = Path(__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-c", IMPORTER, url, *map(str, files)]
    runs = [
        subprocess.Popen(
            command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    counts = sorted(tuple(map(int, out.split())) for out, _ in outputs)
    written = len(rows(other))
    assert counts == [(0, again.unchanged), (written, 0)]
    assert again.imported == 0 and again.unchanged >= written
    assert rows(engine) == rows(other)
    assert staging_tables(engine) == []

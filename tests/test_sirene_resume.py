"""The SIRENE import is idempotent and resumable, and gives the same rows on both databases.

A run is killed with SIGKILL (no cleanup: the connection dies, PostgreSQL's staging tables stay
for the next run to drop, its search index may be left dropped) in its own process after some batches,
then run again to the end: the store holds exactly the rows of one uninterrupted run. On
PostgreSQL this goes through both write paths: the staged first load of an empty store, and
batch by batch when the store already holds a company.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import _POSTGRES, _POSTGRES_REQUIRED, postgres_engine
from sirene_samples import fts_count, synth
from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine

from store.db import open_store
from store.models import Company
from store.models.tables import table_of
from store.repositories.companies import upsert_companies
from store.sirene import import_sirene

ROOT = Path(__file__).parent.parent
TABLE = table_of(Company)
# What an import writes: every column but the time of the write.
COLUMNS = [column for column in TABLE.c if column.name != "updated_at"]
BATCH = 400
# A company outside the files, sorting after them: the store is not empty, so PostgreSQL writes
# batch by batch, looking every batch up.
RESIDENT = Company(siren="999999999", name="RESIDENT", source="manual")

KILLER = """
import os, signal, sys
from store.db import make_engine
from store.sirene import import_sirene

url, after, batch, *paths = sys.argv[1:]
calls = 0

def progress(source, position, total):
    global calls
    calls += 1
    if calls == int(after):
        os.kill(os.getpid(), signal.SIGKILL)

import_sirene(make_engine(url), paths, include_closed=True, batch_size=int(batch),
              progress=progress)
"""


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    generated = synth().generate(tmp_path / "stock", 2_000, seed=5)
    return [generated.legal_units, generated.establishments]


def rows(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        found = connection.execute(select(*COLUMNS).order_by(TABLE.c.siren))
        return [tuple(row) for row in found]


def clear(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(delete(TABLE))


def killed_after(engine: Engine, files: list[Path], batches: int) -> None:
    """Run the import in a process that kills itself after `batches` batches."""
    url = engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", KILLER, url, str(batches), str(BATCH), *map(str, files)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_import_twice_gives_the_same_rows(engine: Engine, files: list[Path]) -> None:
    first = import_sirene(engine, files, include_closed=True, batch_size=BATCH)
    once = rows(engine)
    again = import_sirene(engine, files, include_closed=True, batch_size=BATCH)
    assert (again.imported, again.updated) == (0, 0)
    assert again.unchanged == first.imported + first.updated
    assert rows(engine) == once and len(once) == first.imported


@pytest.mark.parametrize("resident", [False, True], ids=["empty-store", "non-empty-store"])
@pytest.mark.parametrize("batches", [2, 7], ids=["in-legal-units", "in-establishments"])
def test_a_killed_import_run_again_gives_the_same_rows(
    engine: Engine, files: list[Path], batches: int, resident: bool
) -> None:
    """2,000 legal units are 5 batches of 400: the kill falls in the first file, or the second."""
    if resident:
        upsert_companies(engine, companies=[RESIDENT])
    import_sirene(engine, files, include_closed=True, batch_size=BATCH)
    whole = rows(engine)

    clear(engine)
    if resident:
        upsert_companies(engine, companies=[RESIDENT])
    killed_after(engine, files, batches)
    kept = rows(engine)
    if engine.dialect.name == "postgresql" and not resident:
        assert kept == []  # a first load's staging went with the session
    else:  # whole batches, committed one by one: some of the run, not all
        assert len(kept) > resident and kept != whole
    report = import_sirene(engine, files, include_closed=True, batch_size=BATCH)
    assert report.imported + report.updated > 0
    assert rows(engine) == whole
    assert fts_count(engine, "acme") > 0
    if engine.dialect.name == "postgresql":  # the kill may have left them dropped
        with engine.connect() as connection:
            names = connection.execute(
                text(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'company' "
                    "AND schemaname = current_schema()"
                )
            ).scalars()
            assert {"ix_company_search_keys", "ix_company_size", "ix_company_created"} <= set(names)


def test_both_databases_hold_the_same_rows(files: list[Path], tmp_path: Path) -> None:
    if _POSTGRES is None:
        if _POSTGRES_REQUIRED:
            pytest.fail("FILON_TEST_POSTGRES_URL is set but the server does not answer")
        pytest.skip("no PostgreSQL reachable (set FILON_TEST_POSTGRES_URL)")
    sqlite = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    stores = postgres_engine(_POSTGRES)
    postgres = next(stores)
    try:
        reports = [
            import_sirene(engine, files, include_closed=True, batch_size=BATCH)
            for engine in (sqlite, postgres)
        ]
        lite, pg = (replace(report, seconds=0.0) for report in reports)
        assert lite == pg
        assert rows(sqlite) == rows(postgres)
    finally:
        sqlite.dispose()
        stores.close()

"""PostgreSQL proves "more matches than counting stops at" on slices of the companies
(`store/search/samples_postgres.py`): two GIN indexes over SIREN ranges, counted first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sirene_samples import synth
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.search import samples_postgres
from store.sirene import import_sirene

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("engine", ["postgres"], indirect=True)]
ACTIVE = "'#a1'"


@pytest.fixture
def stocked(engine: Engine, tmp_path: Path) -> Engine:
    generated = synth().generate(tmp_path / "stock", 2_000, seed=3)
    import_sirene(engine, [generated.legal_units, generated.establishments], batch_size=700)
    return engine


@pytest.fixture
def sliced(stocked: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """Slices of a quarter and the next quarter of the SIRENs (the shipped ones are 1/64 and
    3/64, for stores of 160,000 companies and more)."""
    monkeypatch.setattr(samples_postgres, "SLICES", (4, 2))
    connection = stocked.raw_connection()
    try:
        with connection.cursor() as cursor:
            assert samples_postgres.build(cursor, minimum=0) == 2
        connection.commit()
    finally:
        connection.close()
    yield stocked


def count(engine: Engine, tsquery: str) -> int:
    with engine.connect() as connection:
        statement = text("SELECT count(*) FROM company WHERE search_keys @@ CAST(:q AS tsquery)")
        return int(connection.execute(statement, {"q": tsquery}).scalar_one())


def test_a_count_is_proven_only_when_the_slices_hold_it(sliced: Engine) -> None:
    active = count(sliced, ACTIVE)
    with Session(sliced) as session:
        assert len(samples_postgres.slice_conditions(session)) == 2
        # The two slices hold half the companies: a quarter of the active ones is proven,
        # more than all of them never is.
        assert samples_postgres.at_least(session, ACTIVE, active // 4)
        assert not samples_postgres.at_least(session, ACTIVE, active + 1)
        # Excluded SIRENs may be among the matches counted: they are asked for on top.
        assert not samples_postgres.at_least(
            session, ACTIVE, active // 2, excluded=["x"] * (active // 2 + 1)
        )
        assert not samples_postgres.at_least(session, "'#tNOWHERE'", 1)


def test_the_slices_counts_go_through_their_indexes(sliced: Engine) -> None:
    with Session(sliced) as session:
        first = samples_postgres.slice_conditions(session)[0]
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(
            session.execute(
                text(f"EXPLAIN SELECT count(*) FROM company WHERE {first} AND search_keys @@ :q"),
                {"q": ACTIVE},
            ).scalars()
        )
    assert f"{samples_postgres.PREFIX}1" in plan


def test_a_small_store_keeps_no_slice(stocked: Engine) -> None:
    connection = stocked.raw_connection()
    try:
        with connection.cursor() as cursor:
            assert samples_postgres.build(cursor) == 0  # below MINIMUM companies
        connection.commit()
    finally:
        connection.close()
    with Session(stocked) as session:
        assert samples_postgres.slice_conditions(session) == []
        assert not samples_postgres.at_least(session, ACTIVE, 1)


def test_slices_read_before_they_were_dropped_still_count_true(sliced: Engine) -> None:
    """Another process's bulk import may drop the slices a search read a minute ago: the
    counts then run on the table without their indexes, slower but still true."""
    active = count(sliced, ACTIVE)
    with Session(sliced) as session:
        assert samples_postgres.slice_conditions(session)  # remembered
    connection = sliced.raw_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {samples_postgres.PREFIX}1, {samples_postgres.PREFIX}2")
        connection.commit()
    finally:
        connection.close()
    with Session(sliced) as session:
        assert samples_postgres.slice_conditions(session)  # still remembered
        assert samples_postgres.at_least(session, ACTIVE, active // 4)
        assert not samples_postgres.at_least(session, ACTIVE, active + 1)

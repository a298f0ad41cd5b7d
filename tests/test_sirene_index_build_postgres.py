"""A PostgreSQL bulk import builds its search indexes again on two connections: the GIN index
on a helper connection while the import's own builds the b-trees. Without a helper every index
is built on one connection; a build that fails on either side is raised, and the indexes are
built again when the writer closes, so the store is never left without them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sirene_samples import synth
from sqlalchemy import text
from sqlalchemy.engine import Engine

from store.search import samples_postgres
from store.sirene import bulk_postgres, import_sirene, writer
from store.sirene.bulk_postgres import ALONGSIDE, INDEXES

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("engine", ["postgres"], indirect=True)]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    generated = synth().generate(tmp_path_factory.mktemp("stock"), 1_500, seed=5)
    return [generated.legal_units, generated.establishments]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, list[str]]]:
    """Each build: the backend that ran it, and the indexes it built."""
    done: list[tuple[int, list[str]]] = []
    create = bulk_postgres._create

    def recorded(connection: Any, names: list[str], **options: Any) -> None:
        done.append((connection.info.backend_pid, list(names)))
        create(connection, names, **options)

    monkeypatch.setattr(bulk_postgres, "_create", recorded)
    return done


def valid_indexes(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT indexrelid::regclass::text FROM pg_index "
                "WHERE indrelid = 'company'::regclass AND indisvalid AND indisready"
            )
        )
        return set(found.scalars())


def idle_in_transaction(engine: Engine) -> int:
    with engine.connect() as connection:
        busy = "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
        return int(connection.execute(text(busy)).scalar_one())


def test_the_gin_index_is_built_beside_the_b_trees(
    engine: Engine, files: list[Path], builds: list[tuple[int, list[str]]]
) -> None:
    import_sirene(engine, files, batch_size=500)
    assert sorted(names for _, names in builds) == sorted(
        [[ALONGSIDE], [name for name in INDEXES if name != ALONGSIDE]]
    )
    assert len({pid for pid, _ in builds}) == 2  # two connections
    assert set(INDEXES) <= valid_indexes(engine)
    with engine.connect() as connection:  # the index answers
        connection.execute(text("SET enable_seqscan = off"))
        plan = connection.execute(
            text("EXPLAIN SELECT count(*) FROM company WHERE search_keys @@ '#a1'::tsquery")
        ).scalars()
        assert ALONGSIDE in " ".join(plan)


def test_without_a_helper_every_index_is_built_on_one_connection(
    engine: Engine, files: list[Path], builds: list[tuple[int, list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    def no_helper(engine: Engine) -> Any:
        raise OSError("too many connections")

    monkeypatch.setattr(writer, "_another", no_helper)
    report = import_sirene(engine, files, batch_size=500)
    assert report.imported > 500
    assert [names for _, names in builds] == [list(INDEXES)]
    assert set(INDEXES) <= valid_indexes(engine)


@pytest.mark.parametrize("failing", ["helper", "import"])
def test_a_failing_build_is_raised_and_the_indexes_are_built_on_close(
    engine: Engine, files: list[Path], failing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper's GIN build fails (the b-trees are built), or this connection's b-tree build
    fails (the helper's GIN build is cancelled): the error is raised, the companies are kept,
    and closing the writer builds whatever index is missing."""
    create = bulk_postgres._create

    def broken(connection: Any, names: list[str], **options: Any) -> None:
        if (names == [ALONGSIDE]) == (failing == "helper"):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        create(connection, names, **options)

    monkeypatch.setattr(bulk_postgres, "_create", broken)
    with pytest.raises(Exception, match="division by zero"):
        import_sirene(engine, files, batch_size=500)
    assert set(INDEXES) <= valid_indexes(engine)
    assert idle_in_transaction(engine) == 0
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM company")).scalar_one() > 500


def test_the_count_slices_are_built_with_the_other_indexes(
    engine: Engine, files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `samples_postgres.MINIMUM` companies, the bulk import builds the slices' GIN
    indexes again from the SIRENs it holds (here the minimum is lowered to the test's stock)."""
    monkeypatch.setattr(samples_postgres, "MINIMUM", 100)
    import_sirene(engine, files, batch_size=500)
    built = {name for name in valid_indexes(engine) if name.startswith(samples_postgres.PREFIX)}
    assert built == {
        f"{samples_postgres.PREFIX}{number}"
        for number in range(1, len(samples_postgres.SLICES) + 1)
    }

"""The PostgreSQL half of bench/search.py: the same files imported, the same queries timed.

When a PostgreSQL server answers at FILON_TEST_POSTGRES_URL (or `--postgres URL`), the
benchmark imports the generated files into a fresh schema of it (`filon_bench`, dropped at the
end), times the SQLite benchmark's own query mix there, each query right after SQLite answers
it (a shared machine slows both alike), twice; checks that both databases give the same totals
and, where the order is defined, the same companies; and shows PostgreSQL's plan
(EXPLAIN ANALYZE, BUFFERS) of the slowest query of each kind.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from bench.stats import summary_ms
from store.db import make_engine, open_store
from store.search import CompanyQuery
from store.search.results import CompanyPage
from store.search.sql import search_companies
from store.sirene.importer import import_sirene
from store.sirene.reader import SireneSource

SCHEMA = "filon_bench"  # the default; `--schema` names another, so that runs do not collide


def answering(url: str | None) -> str | None:
    """`url` when a PostgreSQL server answers there, else None."""
    if not url:
        return None
    try:
        engine = make_engine(url + ("&" if "?" in url else "?") + "connect_timeout=3")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:
        return None
    return url


@contextmanager
def bench_store(url: str, schema: str = SCHEMA, *, keep: bool = False) -> Iterator[Engine]:
    """A migrated store in a fresh schema of the server, dropped afterwards; with `keep`, the
    schema as a previous run left it (made when missing), left in place."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    admin = make_engine(url)
    with admin.begin() as connection:
        if not keep:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    separator = "&" if "?" in url else "?"
    engine = open_store(f"{url}{separator}options=-csearch_path%3D{schema},public")
    try:
        yield engine
    finally:
        engine.dispose()
        if not keep:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def holds_companies(engine: Engine) -> bool:
    """Whether the store already holds companies (a kept schema: no import again)."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT EXISTS (SELECT FROM company)")).scalar_one()


def import_both(engine: Engine, legal: Path, establishments: Path) -> dict[str, Any]:
    """Both files in one run, as `filon import sirene UL ETAB` does, with the time of each
    phase: legal units, establishments, then the end (first-load merge, index, vacuum)."""
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(source: SireneSource, done: int, total: int) -> None:
        marks[source.kind.value] = time.perf_counter() - started

    report = import_sirene(engine, [legal, establishments], progress=progress)
    units = marks.get("legal_units", 0.0)
    offices = marks.get("establishments", units)
    return {
        **report.as_dict(),
        "phases_seconds": {
            "legal_units": round(units, 2),
            "establishments": round(offices - units, 2),
            "finish": round(report.seconds - offices, 2),
        },
    }


def sizes(engine: Engine) -> dict[str, int]:
    """Bytes on disk: the table (with its TOAST) and each index of `company`."""
    with engine.connect() as connection:
        table = connection.execute(text("SELECT pg_table_size('company')")).scalar_one()
        rows = connection.execute(
            text(
                "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) "
                "FROM pg_index WHERE indrelid = 'company'::regclass"
            )
        ).all()
    return {"table": int(table), **{f"index {name}": int(size) for name, size in rows}}


def _ordered(query: CompanyQuery) -> bool:
    """Whether both databases promise the same order (SQLite ranks text by bm25)."""
    return not (query.sort == "relevance" and (query.text or query.name))


def _same(lite: CompanyPage, pg: CompanyPage, query: CompanyQuery) -> tuple[bool, bool]:
    counts = (lite.total, lite.total_is_lower_bound, lite.relaxed) == (
        pg.total, pg.total_is_lower_bound, pg.relaxed,
    )  # fmt: skip
    sirens = [c.siren for c in lite.companies] == [c.siren for c in pg.companies]
    return counts, sirens


def time_both(
    sqlite: Engine, postgres: Engine, mix: dict[str, list[CompanyQuery]], rounds: int = 2
) -> dict[str, Any]:
    """Each query on SQLite then on PostgreSQL, `rounds` times; latencies per kind and round,
    how often both agree, and the slowest PostgreSQL query of each kind."""
    for query in [q for queries in mix.values() for q in queries[:5]]:  # warm both
        search_companies(sqlite, query=query)
        search_companies(postgres, query=query)
    result: dict[str, Any] = {"rounds": [], "agreement": {}, "slowest": {}}
    agreement = {"queries": 0, "same_counts": 0, "ordered": 0, "same_pages": 0}
    for round_number in range(rounds):
        lite_all: list[float] = []
        pg_all: list[float] = []
        per_kind: dict[str, Any] = {}
        for kind, queries in mix.items():
            lite_times, pg_times = [], []
            for query in queries:
                start = time.perf_counter()
                lite = search_companies(sqlite, query=query)
                middle = time.perf_counter()
                pg = search_companies(postgres, query=query)
                lite_times.append(middle - start)
                pg_times.append(time.perf_counter() - middle)
                if round_number == 0:
                    counts, pages = _same(lite, pg, query)
                    agreement["queries"] += 1
                    agreement["same_counts"] += counts
                    agreement["ordered"] += _ordered(query)
                    agreement["same_pages"] += pages and _ordered(query)
            worst = max(range(len(queries)), key=pg_times.__getitem__)
            result["slowest"].setdefault(kind, queries[worst])
            per_kind[kind] = {"sqlite": summary_ms(lite_times), "postgres": summary_ms(pg_times)}
            lite_all += lite_times
            pg_all += pg_times
        per_kind["all"] = {"sqlite": summary_ms(lite_all), "postgres": summary_ms(pg_all)}
        result["rounds"].append(per_kind)
    result["agreement"] = agreement
    return result


def plans(engine: Engine, query: CompanyQuery) -> list[str]:
    """PostgreSQL's plan, run (EXPLAIN ANALYZE, BUFFERS), of each statement one search sends."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "SET", "WITH")):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        search_companies(engine, query=query)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    shown = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SET"):  # the search's planner settings
                cursor.execute(statement)
                shown.append(statement.strip())
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            lines = [row[0] for row in cursor.fetchall()]
            shown.append(statement.strip() + "\n" + "\n".join(lines))
        raw.rollback()
    finally:
        raw.close()
    return shown


def described(query: CompanyQuery) -> dict[str, Any]:
    """A query as JSON, defaults left out."""
    return query.model_dump(mode="json", exclude_defaults=True)


def run(
    url: str,
    legal: Path,
    establishments: Path,
    *,
    sqlite: Engine,
    mix: dict[str, list[CompanyQuery]],
    reference: dict[str, Any] | None,
    schema: str = SCHEMA,
    keep: bool = False,
) -> dict[str, Any]:
    """Import (unless a kept schema holds the companies already), time against SQLite,
    compare, explain; print as it goes; the figures."""
    with bench_store(url, schema, keep=keep) as engine:
        imported: dict[str, Any] = {}
        ratio = None
        if not (keep and holds_companies(engine)):
            imported = import_both(engine, legal, establishments)
            phases = imported["phases_seconds"]
            if reference:
                ratio = round(imported["rows_per_second"] / reference["rows_per_second"], 3)
            print(
                f"postgresql import, both files in one run: {imported['rows_per_second']:,.0f} "
                f"rows/s = {ratio} x DuckDB ({phases['legal_units']} s legal units, "
                f"{phases['establishments']} s establishments, {phases['finish']} s to finish)",
                flush=True,
            )
        timed = time_both(sqlite, engine, mix)
        shown = {kind: plans(engine, query) for kind, query in timed["slowest"].items()}
        figures = {
            "import": imported,
            "import_vs_duckdb": ratio,
            "bytes": sizes(engine),
            "search_latency_rounds": timed["rounds"],
            "agreement_with_sqlite": timed["agreement"],
            "slowest": {kind: described(query) for kind, query in timed["slowest"].items()},
            "plans": shown,
        }
    for number, kinds in enumerate(timed["rounds"], start=1):
        print(f"round {number} (ms)        SQLite p50 / p95    PostgreSQL p50 / p95")
        for kind, both in kinds.items():
            lite, pg = both["sqlite"], both["postgres"]
            print(
                f"{kind:>20}: {lite['p50_ms']:8.1f} / {lite['p95_ms']:6.1f}    "
                f"{pg['p50_ms']:8.1f} / {pg['p95_ms']:6.1f}"
            )
    agreement = timed["agreement"]
    print(
        f"same totals on {agreement['same_counts']}/{agreement['queries']} queries; same "
        f"companies in the same order on {agreement['same_pages']}/{agreement['ordered']} "
        "whose order both define"
    )
    for kind, statements in shown.items():
        print(
            f"\n--- plan of the slowest PostgreSQL query, {kind}: {described(timed['slowest'][kind])}"
        )
        print("\n\n".join(statements))
    return figures

"""PostgreSQL import, phase by phase: what a first load of the SIRENE stock costs in time,
disk and memory.

    python bench/postgres_import.py --companies 1000000 [--shape insee] [--postgres URL]

Imports bench/sirene_synth.py's files of one data shape (made once per size and shape under
bench/out, as bench/search.py and bench.import_shapes make them) into a fresh schema (`filon_bench_import`, dropped at the end) with
`filon import sirene`'s code, and times each phase: staging both files read side by side
(each legal unit with its head office, COPYed from Arrow), the merge into `company` (two
INSERT … SELECT on two connections, computing the search keys), building the two search
indexes, VACUUM ANALYZE. Reports the bytes on disk of the table and of each index, the peak
size of the staging (unlogged or temporary tables), the peak resident memory of
the importer and of its mapping child (before DuckDB runs), and DuckDB loading the same files
(the reference). Writes bench/out/postgres_import.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.import_shapes import SHAPES
from bench.search import POSTGRES, duckdb_reference, files_for
from bench.search_postgres import answering
from bench.shape_files import shape_files
from store.db import make_engine, open_store
from store.sirene import bulk_postgres, first_load_postgres
from store.sirene.importer import import_sirene
from store.sirene.reader import SireneSource

SCHEMA = "filon_bench_import"
TEMP_BYTES = (
    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class AS c "
    "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
    "WHERE (n.nspname LIKE 'pg_temp%' AND c.relname LIKE 'first_%') "
    "OR c.relname LIKE 'sirene_first_%'"
)


@contextmanager
def timed_methods(marks: dict[str, float]) -> Iterator[None]:
    """Time FirstLoad.merge and BulkIndex's index builds and vacuum (the end of a first load)."""
    patched: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                marks[label] = marks.get(label, 0.0) + time.perf_counter() - start

        patched.append((owner, name, original))
        setattr(owner, name, timed)

    wrap(first_load_postgres.FirstLoad, "merge", "merge")
    wrap(bulk_postgres.BulkIndex, "finish", "indexes_and_vacuum")
    try:
        yield
    finally:
        for owner, name, original in patched:
            setattr(owner, name, original)


def run(url: str, legal: Path, establishments: Path) -> dict[str, Any]:
    """Import both files into a fresh schema; the figures."""
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    separator = "&" if "?" in url else "?"
    engine = open_store(f"{url}{separator}options=-csearch_path%3D{SCHEMA},public")
    marks: dict[str, float] = {}
    staged = {"bytes": 0}
    started = time.perf_counter()

    def progress(source: SireneSource, done: int, total: int) -> None:
        marks[f"staging_{source.kind.value}"] = time.perf_counter() - started
        if done >= total:  # the staging's size at the end of each file
            with admin.connect() as connection:
                staged["bytes"] = max(
                    staged["bytes"], int(connection.execute(text(TEMP_BYTES)).scalar_one())
                )

    try:
        with timed_methods(marks):
            report = import_sirene(engine, [legal, establishments], progress=progress)
        with engine.connect() as connection:
            table = connection.execute(text("SELECT pg_table_size('company')")).scalar_one()
            indexes = connection.execute(
                text(
                    "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) "
                    "FROM pg_index WHERE indrelid = 'company'::regclass"
                )
            ).all()
            companies = connection.execute(text("SELECT count(*) FROM company")).scalar_one()
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()
    # Both files are read side by side: staging ends with the later of the two.
    staging = max(marks.get("staging_legal_units", 0.0), marks.get("staging_establishments", 0.0))
    return {
        "rows_read": report.read,
        "companies": int(companies),
        "seconds": round(report.seconds, 2),
        "rows_per_second": round(report.rows_per_second),
        "phases_seconds": {
            "staging": round(staging, 2),
            "merge": round(marks.get("merge", 0.0), 2),
            "indexes_and_vacuum": round(marks.get("indexes_and_vacuum", 0.0), 2),
        },
        "bytes": {
            "table": int(table),
            **{f"index {name}": int(size) for name, size in indexes},
            "staging_peak": staged["bytes"],
        },
        # before DuckDB runs: the importer's own peak, and its mapping child's
        "peak_rss_bytes": {
            "importer": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "mapping_child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
        },
    }


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--shape", choices=SHAPES, default="generator")
    parser.add_argument("--postgres", default=os.environ.get("FILON_TEST_POSTGRES_URL", POSTGRES))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    url = answering(args.postgres)
    if url is None:
        print(f"no PostgreSQL answers at {args.postgres}: nothing to measure")
        return
    if args.shape == "generator":  # the files bench/search.py imports
        legal, establishments, _ = files_for(args.out, args.companies)
    else:
        files = shape_files(args.out, args.shape, args.companies)
        legal, establishments = files.legal_units, files.establishments
    figures = {"shape": args.shape, **run(url, legal, establishments)}
    reference = duckdb_reference([legal, establishments])
    figures["duckdb_reference"] = reference
    figures["vs_duckdb"] = round(figures["rows_per_second"] / reference["rows_per_second"], 3)
    (args.out / "postgres_import.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    phases = figures["phases_seconds"]
    print(
        f"\npostgresql import ({args.shape}): {figures['rows_read']:,} rows in {figures['seconds']} s = "
        f"{figures['rows_per_second']:,} rows/s = {figures['vs_duckdb']:.2f} x DuckDB "
        f"({reference['rows_per_second']:,} rows/s); phases: {phases}; "
        f"table {figures['bytes']['table'] / 2**20:,.0f} MiB for {figures['companies']:,} companies"
    )


if __name__ == "__main__":
    main()

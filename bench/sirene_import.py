"""Benchmark `filon import sirene`: generate stock files, import them, print rows per second.

    python bench/sirene_import.py --companies 1000000 [--database-url URL] [--workdir DIR]

Runs three imports on a fresh store: the legal units (first load), the establishments
(head-office locations), then the legal units again (nothing to change). The store is a fresh
SQLite file, or the database at `--database-url`; when PostgreSQL answers at
FILON_TEST_POSTGRES_URL (or `--postgres URL`), the same three runs follow there, in a schema
made and dropped for them. DuckDB's load of the same files is the reference.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import Engine

from bench.search import POSTGRES, duckdb_reference
from bench.search_postgres import answering, bench_store
from bench.sirene_synth import generate
from store.db import open_store
from store.sirene import import_sirene


def three_runs(engine: Engine, legal: Path, establishments: Path, reference: float) -> None:
    """First load, establishments, the legal units again; one line each."""
    runs = (
        ("legal units, first load", legal),
        ("establishments", establishments),
        ("legal units, re-import", legal),
    )
    for label, path in runs:
        report = import_sirene(engine, [path])
        print(
            f"  {label}: {report.read} rows in {report.seconds:.1f}s = "
            f"{report.rows_per_second:,.0f} rows/s, {report.rows_per_second / reference:.2f} x "
            f"DuckDB (imported {report.imported}, updated {report.updated}, "
            f"unchanged {report.unchanged})",
            flush=True,
        )


def main() -> None:
    """Generate, import three times per database, print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in the workdir")
    parser.add_argument("--workdir", type=Path, help="default: a temporary folder")
    parser.add_argument("--postgres", default=os.environ.get("FILON_TEST_POSTGRES_URL", POSTGRES))
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="filon-sirene-bench-"))
    started = time.perf_counter()
    files = generate(workdir / "stock", args.companies)
    print(f"generated {args.companies} companies in {time.perf_counter() - started:.1f}s")
    reference = duckdb_reference([files.legal_units, files.establishments])
    print(f"DuckDB's CSV load of both files: {reference['rows_per_second']:,} rows/s")
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    print(url.split("://")[0])
    engine = open_store(url)
    three_runs(engine, files.legal_units, files.establishments, reference["rows_per_second"])
    engine.dispose()
    postgres = answering(args.postgres)
    if postgres and not url.startswith("postgresql"):
        print("postgresql")
        with bench_store(postgres) as engine:
            three_runs(
                engine, files.legal_units, files.establishments, reference["rows_per_second"]
            )


if __name__ == "__main__":
    main()

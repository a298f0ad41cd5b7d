"""Import and search benchmark at national scale.

    python bench/search.py --companies 1000000

Generates SIRENE-format stock files of that size (bench/sirene_synth.py), loads them with
DuckDB's own CSV reader (the reference, in the same run), imports them with
`filon import sirene`'s code into a fresh SQLite store, then times a mix of searches: free
text only, filters only, both, and SIREN/SIRET lookups. When PostgreSQL answers at
FILON_TEST_POSTGRES_URL (or `--postgres URL`), the same files and queries run there too
(bench/search_postgres.py). Prints the figures and writes them to bench/out/search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_postgres import SCHEMA, answering
from bench.search_postgres import run as run_postgres
from bench.sirene_synth import generate
from bench.stats import summary_ms, timed
from store.db import open_store
from store.search import CompanyQuery
from store.search.sql import search_companies
from store.sirene.importer import import_sirene

NAF_PREFIXES = ["62", "62.01Z", "69.20Z", "41", "43", "56.10A", "70.22Z", "47", "49.41A", "86"]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # as the tests' default
HEADCOUNTS = [(None, 9), (10, 49), (50, 200), (100, None), (250, 999), (None, None)]
CATEGORIES = [["PME"], ["ETI"], ["GE"], []]


def files_for(out: Path, companies: int) -> tuple[Path, Path, float]:
    """The generated stock files (reused when already made at this size), and seconds spent."""
    folder = out / f"sirene-{companies}"
    marker = folder / "done"
    if marker.exists():
        return (
            folder / "StockUniteLegale_utf8.csv",
            folder / "StockEtablissement_utf8.csv",
            0.0,
        )
    seconds, files = timed(lambda: generate(folder, companies))
    marker.write_text("ok")
    return files.legal_units, files.establishments, seconds


def duckdb_reference(paths: list[Path]) -> dict[str, Any]:
    """DuckDB loading the same CSV files into tables, all columns as text, file by file."""
    import duckdb

    connection = duckdb.connect(":memory:")
    files = []
    for index, path in enumerate(paths):
        start = time.perf_counter()
        connection.execute(
            f"CREATE TABLE t{index} AS SELECT * FROM read_csv(?, all_varchar = true, header = true)",
            [str(path)],
        )
        seconds = time.perf_counter() - start
        rows = connection.execute(f"SELECT count(*) FROM t{index}").fetchone()[0]  # type: ignore[index]
        files.append({"file": path.name, "rows": rows, "seconds": round(seconds, 2),
                      "rows_per_second": round(rows / seconds)})  # fmt: skip
    connection.close()
    rows = sum(f["rows"] for f in files)
    seconds = sum(f["seconds"] for f in files)
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds),
            "files": files}  # fmt: skip


def query_mix(engine: Any, count: int, seed: int = 7) -> dict[str, list[CompanyQuery]]:
    """A reproducible mix of realistic queries, a quarter of each kind."""
    rng = random.Random(seed)
    with engine.connect() as connection:
        # Rows picked by the seeded generator, so that two runs (before/after a change) time
        # the same queries.
        rows = connection.exec_driver_sql("SELECT max(rowid) FROM company").scalar_one()
        picked = ", ".join(str(rng.randint(1, rows)) for _ in range(800))
        sample = connection.exec_driver_sql(
            "SELECT siren, head_office_siret, name, city, department FROM company "
            f"WHERE active AND rowid IN ({picked}) ORDER BY rowid LIMIT 400"
        ).fetchall()
    words = [w for row in sample for w in row[2].split() if len(w) > 3 and w.isalpha()]
    cities = [row[3].split(" ")[0] for row in sample if row[3]]
    departments = sorted({row[4] for row in sample if row[4]})
    label_words = ["conseil", "logiciels", "transport", "restauration", "construction", "commerce",
                   "informatique", "ingenierie", "comptables", "immobiliers"]  # fmt: skip
    quarter = count // 4

    def text() -> str:
        pick = rng.random()
        if pick < 0.5:
            return rng.choice(words)
        if pick < 0.75:
            return rng.choice(label_words)
        return f"{rng.choice(words)} {rng.choice(cities)}"

    def filters() -> dict[str, Any]:
        fields: dict[str, Any] = {}
        low, high = rng.choice(HEADCOUNTS)
        if low is not None or high is not None:
            fields.update(headcount_min=low, headcount_max=high)
        choice = rng.random()
        if choice < 0.4:
            fields["departments"] = [rng.choice(departments)]
        elif choice < 0.6:
            fields["regions"] = [rng.choice(["11", "84", "93", "75", "53", "76"])]
        elif choice < 0.8:
            fields["cities"] = [rng.choice(cities)]
        if rng.random() < 0.6:
            fields["naf_codes"] = [rng.choice(NAF_PREFIXES)]
        if rng.random() < 0.3:
            fields["categories"] = rng.choice(CATEGORIES)
        if rng.random() < 0.2:
            fields["created_after"] = f"{rng.randrange(1990, 2024)}-01-01"
        return fields or {"departments": [rng.choice(departments)]}

    lookups = [
        CompanyQuery(text=row[0] if rng.random() < 0.8 else row[1])
        for row in rng.sample(sample, quarter)
    ]
    return {
        "text only": [CompanyQuery(text=text()) for _ in range(quarter)],
        "filters only": [CompanyQuery(**filters()) for _ in range(quarter)],
        "text and filters": [CompanyQuery(text=text(), **filters()) for _ in range(quarter)],
        "SIREN/SIRET lookup": lookups,
    }


def time_queries(engine: Any, mix: dict[str, list[CompanyQuery]]) -> dict[str, dict[str, float]]:
    """p50/p95 latency per kind and over all, after a short warm-up."""
    for query in [q for queries in mix.values() for q in queries[:5]]:
        search_companies(engine, query=query)
    results: dict[str, dict[str, float]] = {}
    everything: list[float] = []
    for kind, queries in mix.items():
        samples = [timed(lambda q=q: search_companies(engine, query=q))[0] for q in queries]
        everything += samples
        results[kind] = summary_ms(samples)
    results["all"] = summary_ms(everything)
    return results


def import_sqlite(database: Path, legal: Path, establishments: Path) -> tuple[Any, dict[str, Any]]:
    """A fresh SQLite store of both files, one after the other as `filon import sirene UL.csv
    ETAB.csv` does, timed apart; the engine and the figures."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    engine = open_store(f"sqlite:///{database}")
    units = import_sirene(engine, [legal])
    offices = import_sirene(engine, [establishments])
    imported = {
        "legal_units": units.as_dict(),
        "establishments": offices.as_dict(),
        "read": units.read + offices.read,
        "seconds": round(units.seconds + offices.seconds, 2),
        "rows_per_second": round((units.read + offices.read) / (units.seconds + offices.seconds)),
    }
    print(
        f"filon import: {units.rows_per_second:,.0f} rows/s (legal units), "
        f"{offices.rows_per_second:,.0f} rows/s (establishments), "
        f"{imported['rows_per_second']:,} rows/s (both)",
        flush=True,
    )
    return engine, imported


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FILON_TEST_POSTGRES_URL", POSTGRES),
        help="a PostgreSQL server to run on too (a schema is made there and dropped)",
    )
    parser.add_argument(
        "--schema",
        default=SCHEMA,
        help=f"the PostgreSQL schema of this run (default {SCHEMA}): one per run, so that "
        "runs sharing a server do not collide",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep both stores for the next run and reuse those a previous --keep run left "
        "(no import, no DuckDB reference): to time the searches again, before and after a change",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    legal, establishments, generated = files_for(args.out, args.companies)
    print(f"files: {args.companies:,} companies ({generated:.1f} s to generate)", flush=True)
    database = args.out / f"bench-{args.companies}.db" if args.keep else args.out / "bench.db"
    kept = args.keep and Path(f"{database}.done").exists()
    if kept:
        reference: dict[str, Any] = {}
        imported: dict[str, Any] = {}
        engine = open_store(f"sqlite:///{database}")
    else:
        reference = duckdb_reference([legal, establishments])
        print(f"duckdb CSV load: {reference['rows_per_second']:,} rows/s", flush=True)
        engine, imported = import_sqlite(database, legal, establishments)
        if args.keep:
            Path(f"{database}.done").write_text("ok")
    engine.dispose()  # checkpoint the WAL so the size on disk is the store's own
    engine = open_store(f"sqlite:///{database}")
    size = sum(
        Path(f"{database}{s}").stat().st_size
        for s in ("", "-wal")
        if Path(f"{database}{s}").exists()
    )

    mix = query_mix(engine, args.queries)
    latency = time_queries(engine, mix)
    figures: dict[str, Any] = {
        "companies_generated": args.companies,
        "load_average": os.getloadavg(),
        "import": imported,
        "duckdb_reference": reference,
        "store_bytes": size,
        "search_latency": latency,
    }
    if imported:
        units = imported["legal_units"]
        figures["import_vs_duckdb"] = round(
            imported["rows_per_second"] / reference["rows_per_second"], 3
        )
        figures["legal_units_vs_duckdb"] = round(
            units["rows_per_second"] / reference["files"][0]["rows_per_second"], 3
        )
    postgres = answering(args.postgres)
    if postgres:
        figures["postgres"] = run_postgres(
            postgres, legal, establishments, sqlite=engine, mix=mix, reference=reference,
            schema=args.schema, keep=args.keep,
        )  # fmt: skip
    figures["load_average_after"] = os.getloadavg()
    (args.out / "search.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    if imported:
        print(
            f"\nlegal units {units['rows_per_second']:,.0f} rows/s = "
            f"{figures['legal_units_vs_duckdb']:.2f} x DuckDB's load of that file; "
            f"import {imported['rows_per_second']:,} rows/s = "
            f"{figures['import_vs_duckdb']:.2f} x DuckDB's CSV load "
            f"({reference['rows_per_second']:,} rows/s)"
        )
    print(f"store {size / 2**20:,.0f} MiB; load average {figures['load_average']} before, "
          f"{figures['load_average_after']} after")  # fmt: skip
    for kind, row in latency.items():
        print(
            f"{kind:>20}: p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  (n={row['n']})"
        )


if __name__ == "__main__":
    main()

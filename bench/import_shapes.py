"""`filon import sirene UL ETAB` on every data shape, against DuckDB loading the same files.

    python -m bench.import_shapes [--companies 1000000] [--shape insee secondary ...]
                                  [--runs 2] [--parquet] [--postgres URL | --no-postgres]

For each shape (`bench.sirene_synth`: generator, insee, secondary, closed, concentrated) the
stock files are generated once (`bench.shape_files`), then, `--runs` times each:
- DuckDB loads both files into a database file, every column as text (`all_varchar`): the
  reference, in the same run;
- `import_sirene` imports both files in one call into a fresh SQLite store, in its own process,
  so that its peak memory (parent and reader child) is its own; CPU time is measured too, since
  the machine may be shared;
- with `--parquet`, the same import from the files' Parquet copies, next to DuckDB loading
  those copies.
- with a PostgreSQL server answering at `--postgres` (by default FILON_TEST_POSTGRES_URL, else
  the tests' server), the same import of the CSV files into a fresh schema of it
  (`filon_bench_shapes`, dropped afterwards), in its own process too: the server's CPU is not
  the importer's, so its CPU figures are the importer's and its reader's only.
Each import reports its wall-clock rate and, since the machine may be shared, its rate per CPU
second of the importer and of importer and reader together, and the load average around it.
The store of the last run is kept (`bench/out/shapes/<shape>-<n>.db`) for bench/search_turns.py.
Writes bench/out/import_shapes.json and prints one line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.postgres_answers import DEFAULT_URL
from bench.search_postgres import answering
from bench.shape_files import ShapeFiles, shape_files, store_path

SHAPES = ("generator", "insee", "secondary", "closed", "concentrated")


def duckdb_load(paths: list[Path], database: Path) -> dict[str, Any]:
    """DuckDB loading the files into a database file, all columns as text."""
    import duckdb

    database.unlink(missing_ok=True)
    connection = duckdb.connect(str(database))
    started = time.perf_counter()
    rows = 0
    for index, path in enumerate(paths):
        read = (
            "read_parquet(?)"
            if path.suffix == ".parquet"
            else "read_csv(?, all_varchar = true, header = true)"
        )
        connection.execute(f"CREATE TABLE t{index} AS SELECT * FROM {read}", [str(path)])
        rows += connection.execute(f"SELECT count(*) FROM t{index}").fetchone()[0]  # type: ignore[index]
    connection.close()
    seconds = time.perf_counter() - started
    database.unlink(missing_ok=True)
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def import_once(database: Path | str, paths: list[Path]) -> dict[str, Any]:
    """One import into a fresh store, in this process (run by `measure` in a child): a SQLite
    file, or a PostgreSQL URL (a fresh schema there)."""
    from store.db import open_store
    from store.sirene import import_sirene

    postgres = str(database).startswith("postgresql")
    if postgres:
        engine = _fresh_postgres(str(database))
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        engine = open_store(f"sqlite:///{database}")
    before = os.times()
    report = import_sirene(engine, paths)
    after = os.times()
    importer = after.user + after.system - before.user - before.system
    reader = after.children_user + after.children_system
    reader -= before.children_user + before.children_system
    if postgres:
        size = _postgres_bytes(engine)
        engine.dispose()
        _fresh_postgres(str(database), create=False)
    else:
        engine.dispose()  # checkpoints the WAL: the size on disk is the store's own
        size = sum(
            Path(f"{database}{s}").stat().st_size
            for s in ("", "-wal")
            if Path(f"{database}{s}").exists()
        )
    return {
        **{key: value for key, value in report.as_dict().items() if key != "bad_rows"},
        "bad_rows": len(report.bad_rows),
        "cpu_seconds": {"importer": round(importer, 1), "reader": round(reader, 1)},
        "rows_per_cpu_second": {
            "importer": round(report.read / importer) if importer else None,
            "importer_and_reader": round(report.read / (importer + reader)) if importer else None,
        },
        "load_average": round(os.getloadavg()[0], 2),
        "peak_rss_mib": {
            "importer": round(_peak_rss_kib() / 1024),
            "reader": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        },
        "store_mib": round(size / 2**20),
    }


PG_SCHEMA = "filon_bench_shapes"


def _fresh_postgres(url: str, *, create: bool = True) -> Any:
    """Drop the benchmark's schema; with `create`, a migrated store in it anew."""
    from sqlalchemy import text

    from store.db import make_engine, open_store

    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        if create:
            connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    if not create:
        return None
    joiner = "&" if "?" in url else "?"
    return open_store(f"{url}{joiner}options=-csearch_path%3D{PG_SCHEMA},public")


def _postgres_bytes(engine: Any) -> int:
    """The company table with its indexes and TOAST, on disk."""
    from sqlalchemy import text

    with engine.connect() as connection:
        found = "SELECT pg_total_relation_size('company'::regclass)"
        return int(connection.execute(text(found)).scalar_one())


def _peak_rss_kib() -> int:
    """This process's peak resident memory. Linux's `ru_maxrss` keeps the peak of the process
    that started this one across `exec` (the benchmark, DuckDB's memory included), so read the
    address space's own high-water mark where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(database: Path | str, paths: list[Path]) -> dict[str, Any]:
    """`import_once` in a fresh Python process."""
    command = [
        sys.executable,
        "-m",
        "bench.import_shapes",
        "--one",
        str(database),
        *map(str, paths),
    ]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, cwd=root, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_shape(
    out: Path, shape: str, companies: int, runs: int, parquet: bool, postgres: str | None
) -> dict[str, Any]:
    """Every run of one shape."""
    files: ShapeFiles = shape_files(out, shape, companies)
    paths = [files.legal_units, files.establishments]
    result: dict[str, Any] = {
        "shape": shape,
        "legal_units": companies,
        "establishments": files.establishment_rows,
        "csv_mib": round(sum(p.stat().st_size for p in paths) / 2**20),
        "runs": [],
    }
    database = store_path(out, shape, companies)
    for run in range(1, runs + 1):
        reference = duckdb_load(paths, out / "duckdb-reference.duckdb")
        csv = measure(database, paths)
        entry = {"run": run, "duckdb": reference, "csv": csv,
                 "csv_vs_duckdb": round(csv["rows_per_second"] / reference["rows_per_second"], 3)}  # fmt: skip
        _print(shape, run, "csv", csv, reference)
        if parquet:
            parquet_paths = list(files.parquet())
            parquet_reference = duckdb_load(parquet_paths, out / "duckdb-reference.duckdb")
            loaded = measure(out / "shapes" / f"{shape}-{companies}-parquet.db", parquet_paths)
            (out / "shapes" / f"{shape}-{companies}-parquet.db").unlink(missing_ok=True)
            entry["duckdb_parquet"] = parquet_reference
            entry["parquet"] = loaded
            entry["parquet_vs_duckdb"] = round(
                loaded["rows_per_second"] / parquet_reference["rows_per_second"], 3
            )
            _print(shape, run, "parquet", loaded, parquet_reference)
        if postgres is not None:
            loaded = measure(postgres, paths)
            entry["postgres"] = loaded
            entry["postgres_vs_duckdb"] = round(
                loaded["rows_per_second"] / reference["rows_per_second"], 3
            )
            _print(shape, run, "pg csv", loaded, reference)
        result["runs"].append(entry)
    (out / "shapes" / f"{shape}-{companies}.done").write_text("ok")
    return result


def _print(
    shape: str, run: int, kind: str, found: dict[str, Any], reference: dict[str, Any]
) -> None:
    cpu = found["cpu_seconds"]
    print(
        f"{shape:>12} run {run} {kind:>7}: {found['read']:,} rows in {found['seconds']:.1f} s = "
        f"{found['rows_per_second']:,} rows/s (DuckDB {reference['rows_per_second']:,} rows/s, "
        f"ratio {found['rows_per_second'] / reference['rows_per_second']:.2f}); "
        f"CPU importer {cpu['importer']} s + reader {cpu['reader']} s "
        f"({found['rows_per_cpu_second']['importer']:,} rows per importer CPU s); "
        f"peak {found['peak_rss_mib']['importer']} + {found['peak_rss_mib']['reader']} MiB; "
        f"store {found['store_mib']} MiB; load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def main() -> None:
    """Run the benchmark and write its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument(
        "--shape", "--shapes", dest="shapes", nargs="+", choices=SHAPES, default=list(SHAPES)
    )
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--parquet", action="store_true", help="also import the Parquet copies")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FILON_TEST_POSTGRES_URL") or DEFAULT_URL,
        help="also import into PostgreSQL here, when it answers",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        database, *paths = args.one
        target = database if database.startswith("postgresql") else Path(database)
        print(json.dumps(import_once(target, [Path(p) for p in paths])))
        return
    postgres = None if args.no_postgres else answering(args.postgres)
    (args.out / "shapes").mkdir(parents=True, exist_ok=True)
    results = [
        bench_shape(args.out, shape, args.companies, args.runs, args.parquet, postgres)
        for shape in args.shapes
    ]
    figures = {
        "companies": args.companies,
        "cpus": os.cpu_count(),
        "reference": "DuckDB loading the same files into a database file, every column as text",
        "postgres": postgres is not None,
        "shapes": results,
    }
    (args.out / "import_shapes.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

"""The search step of a chat turn on a national-size store, with broad requests.

    python -m bench.search_turns [--shape concentrated] [--companies 1000000] [--runs 2]
                                 [--postgres URL | --no-postgres]

Builds (or reuses, see bench/import_shapes.py) a SQLite store of the shape's stock files — and,
when a PostgreSQL server answers at `--postgres` (by default FILON_TEST_POSTGRES_URL, else the
tests' server), a store of the same files in a schema of it (`filon_bench_turns`, kept for the
next run of the same shape and size) — then, on each database, plays scripted conversations through the real chat session (offline model, real tools,
SQLite memory), as bench/agent.py does: requests whose filters match hundreds of thousands of
companies on the `concentrated` shape (Paris, Lyon, Île-de-France, the dominant sectors),
sorted by size or creation date, with pages 2 and 3. The search step is the time spent in the
turn's tool calls (each ToolMessage records it); the turn's total is given beside it, and the
turn's CPU time (all threads: tells the turn's own cost from waiting on a shared machine).
p50/p95 per kind of request, per run. Writes bench/out/search_turns.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.chat import open_chat_session
from agent.runtime import open_runtime
from agent.settings import Settings
from bench.postgres_answers import DEFAULT_URL
from bench.search_postgres import answering
from bench.shape_files import shape_files, store_path
from bench.stats import summary_ms
from store.db import open_store
from store.sirene.importer import import_sirene

# Kinds of request, each a list of conversations (turns of one thread).
KINDS: dict[str, list[list[str]]] = {
    "place": [
        ["entreprises à Paris"], ["sociétés à Lyon"], ["entreprises à Marseille"],
        ["entreprises dans le 92"], ["entreprises en Île-de-France"], ["boîtes à Toulouse"],
        ["entreprises dans les Hauts-de-Seine"], ["entreprises en Auvergne-Rhône-Alpes"],
        ["companies in Paris"], ["entreprises à Nice"],
    ],
    "sector and place": [
        ["ESN en Île-de-France"], ["restaurants à Paris"], ["agences immobilières à Lyon"],
        ["cabinets de conseil à Paris"], ["entreprises du BTP dans le 13"],
        ["éditeurs de logiciels à Paris"], ["transporteurs en Île-de-France"],
        ["holdings à Paris"], ["coursiers à Paris"], ["ESN à Lyon"],
    ],
    "size and place": [
        ["entreprises de plus de 50 salariés à Lyon"], ["PME à Paris"],
        ["entreprises de 10 à 49 salariés en Île-de-France"], ["ETI dans le 92"],
        ["entreprises de plus de 100 salariés à Paris"],
        ["entreprises de moins de 10 salariés à Marseille"], ["ESN de 50 à 200 salariés à Paris"],
        ["grandes entreprises en Île-de-France"],
    ],
    "biggest first, pages 1-3": [
        ["entreprises à Paris les plus grosses d'abord", "page 2", "page 3"],
        ["ESN en Île-de-France les plus grosses d'abord", "page 2", "page 3"],
        ["restaurants à Lyon les plus gros d'abord", "page 2", "page 3"],
    ],
    "by creation date, pages 1-3": [
        ["entreprises à Paris les plus récentes", "page 2", "page 3"],
        ["ESN en Île-de-France les plus récentes", "page 2", "page 3"],
        ["agences immobilières à Paris les plus anciennes", "page 2", "page 3"],
        ["entreprises à Lyon les plus anciennes", "page 2", "page 3"],
    ],
    "created since / before": [
        ["entreprises créées depuis 2020 à Paris"], ["PME créées cette année à Lyon"],
        ["sociétés créées avant 2000 en Île-de-France"], ["ESN créées depuis 3 ans à Paris"],
        ["restaurants créés en 2023 à Paris"], ["entreprises créées depuis juin 2024 dans le 92"],
    ],
    "legal form": [
        ["SARL à Paris"], ["SAS dans le 92"], ["SCI à Lyon"], ["associations à Marseille"],
        ["SASU à Paris"], ["SA en Île-de-France"],
    ],
}  # fmt: skip


def ensure_store(out: Path, shape: str, companies: int) -> Path:
    """The store of the shape: the one bench/import_shapes.py left, else imported now."""
    database = store_path(out, shape, companies)
    if (out / "shapes" / f"{shape}-{companies}.done").exists() and database.exists():
        return database
    files = shape_files(out, shape, companies)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    engine = open_store(f"sqlite:///{database}")
    import_sirene(engine, [files.legal_units, files.establishments])
    engine.dispose()
    (out / "shapes" / f"{shape}-{companies}.done").write_text("ok")
    return database


PG_SCHEMA = "filon_bench_turns"


def ensure_postgres(out: Path, shape: str, companies: int, url: str) -> str:
    """The URL of a PostgreSQL store of the shape's files: the one a previous run left in
    `PG_SCHEMA` for this shape and size, else imported now."""
    from sqlalchemy import text

    from store.db import make_engine

    marker = out / "shapes" / f"{shape}-{companies}.postgres"
    joiner = "&" if "?" in url else "?"
    store_url = f"{url}{joiner}options=-csearch_path%3D{PG_SCHEMA},public"
    admin = make_engine(url)
    with admin.connect() as connection:
        found = connection.execute(
            text("SELECT to_regclass(:table) IS NOT NULL"), {"table": f"{PG_SCHEMA}.company"}
        ).scalar_one()
    if found and marker.exists() and marker.read_text() == url:
        admin.dispose()
        return store_url
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    files = shape_files(out, shape, companies)
    engine = open_store(store_url)
    import_sirene(engine, [files.legal_units, files.establishments])
    engine.dispose()
    marker.write_text(url)
    return store_url


async def play(settings: Settings, database: str, run: int) -> dict[str, Any]:
    """Every conversation once; per turn the search step and the total, in seconds."""
    engine = open_store(database)
    samples: dict[str, dict[str, list[float]]] = {}
    calls: list[dict[str, Any]] = []
    try:
        async with (
            open_runtime(settings, engine=engine) as runtime,
            open_chat_session(runtime) as session,
        ):
            for warm in range(3):  # imports, caches, the first checkpoint
                await session.ask("trouve des ESN à Lyon", thread_id=f"warm-{run}-{warm}")
            for kind, conversations in KINDS.items():
                bucket = samples.setdefault(kind, {"search": [], "total": [], "cpu": []})
                for number, turns in enumerate(conversations):
                    for message in turns:
                        started, cpu = time.perf_counter(), time.process_time()
                        result = await session.ask(message, thread_id=f"r{run}-{kind}-{number}")
                        total = time.perf_counter() - started
                        search = sum((r.duration_ms or 0.0) for r in result.tool_results) / 1000
                        bucket["search"].append(search)
                        bucket["total"].append(total)
                        bucket["cpu"].append(time.process_time() - cpu)
                        call = {"kind": kind, "message": message, "search_ms": search * 1000}
                        calls.append({**call, "tool_calls": result.tool_calls})
    finally:
        engine.dispose()
    figures: dict[str, Any] = {}
    every: dict[str, list[float]] = {"search": [], "total": [], "cpu": []}
    for kind, bucket in samples.items():
        figures[kind] = {part: summary_ms(values) for part, values in bucket.items()}
        for part, values in bucket.items():
            every[part] += values
    figures["all"] = {part: summary_ms(values) for part, values in every.items()}
    return {"run": run, "load_average": os.getloadavg()[0], "latency": figures, "turns": calls}


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shape", default="concentrated")
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FILON_TEST_POSTGRES_URL") or DEFAULT_URL,
        help="also play the turns on a PostgreSQL store here, when it answers",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    (args.out / "shapes").mkdir(parents=True, exist_ok=True)
    stores = {"sqlite": f"sqlite:///{ensure_store(args.out, args.shape, args.companies)}"}
    server = None if args.no_postgres else answering(args.postgres)
    if server is not None:
        stores["postgres"] = ensure_postgres(args.out, args.shape, args.companies, server)
    home = args.out / "search-turns-home"
    figures: dict[str, Any] = {"shape": args.shape, "companies": args.companies}
    for database, url in stores.items():
        runs = []
        for run in range(1, args.runs + 1):
            (home / "memory.db").unlink(missing_ok=True)
            settings = Settings(
                FILON_HOME=home,
                FILON_DATABASE_URL=url,
                FILON_COMPANY_SOURCE="local",
                OPENAI_API_KEY="",
            )
            measured = asyncio.run(play(settings, url, run))
            runs.append(measured)
            _print(database, run, measured)
        figures[database] = {"runs": runs}
    (args.out / "search_turns.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


def _print(database: str, run: int, measured: dict[str, Any]) -> None:
    print(f"{database} run {run} (load average {measured['load_average']:.1f})")
    print(
        f"{'kind':>30} {'n':>4}  {'search p50/p95 ms':>18}  {'turn p50/p95 ms':>16}"
        f"  {'turn CPU p50/p95 ms':>20}"
    )
    for kind, row in measured["latency"].items():
        search, total, cpu = row["search"], row["total"], row["cpu"]
        print(
            f"{kind:>30} {search['n']:>4}  {search['p50_ms']:>8.1f} / {search['p95_ms']:>7.1f}"
            f"  {total['p50_ms']:>7.1f} / {total['p95_ms']:>6.1f}"
            f"  {cpu['p50_ms']:>9.1f} / {cpu['p95_ms']:>8.1f}"
        )


if __name__ == "__main__":
    main()

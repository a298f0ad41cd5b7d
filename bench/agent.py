"""Per-turn overhead of the chat graph with the offline model on a national-size store.

    python bench/agent.py --companies 1000000

Builds (or reuses) a SIRENE-sized store from bench/sirene_synth.py's files, then runs 100+
varied turns through the real chat session (offline model, real tools, SQLite memory):
searches, follow-up company details, lead-list creation, SIREN lookups and pipeline
summaries. Time inside tools is measured separately (each ToolMessage records its own
duration), so what is left — model, graph, checkpointer — is the graph's own overhead.
Prints the figures and writes them to bench/out/agent.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.chat import open_chat_session
from agent.runtime import open_runtime
from agent.settings import Settings
from bench.search import files_for
from bench.stats import summary_ms
from store.db import open_store
from store.sirene.importer import import_sirene

SECTORS = ["ESN", "cabinets comptables", "entreprises du BTP", "restaurants", "transporteurs",
           "agences immobilières", "cabinets de conseil", "boulangeries", "éditeurs de logiciels",
           "entreprises de nettoyage"]  # fmt: skip
PLACES = ["à Lyon", "à Paris", "à Nantes", "à Bordeaux", "à Lille", "en Bretagne",
          "dans le Rhône", "en Occitanie", "à Marseille", "dans le 92"]  # fmt: skip
SIZES = ["", "de 10 à 49 salariés", "de 50 à 200 salariés", "de plus de 100 salariés", "PME"]


def store_for(out: Path, companies: int) -> tuple[Path, dict[str, Any]]:
    """A store holding `companies` imported companies (reused when already built)."""
    database = out / f"agent-{companies}.db"
    marker = out / f"agent-{companies}.done"
    if marker.exists() and database.exists():
        return database, {"reused": True}
    legal, establishments, generated = files_for(out, companies)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    engine = open_store(f"sqlite:///{database}")
    report = import_sirene(engine, [legal, establishments])
    engine.dispose()
    marker.write_text("ok")
    return database, {"generated_s": round(generated, 1), "import": report.as_dict()}


def sample_sirens(database: Path, count: int, rng: random.Random) -> list[str]:
    """Active companies to look up by SIREN."""
    engine = open_store(f"sqlite:///{database}")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT siren FROM company WHERE active AND rowid % 997 = 0 LIMIT 2000"
        ).scalars()
        sirens = list(rows)
    engine.dispose()
    return rng.sample(sirens, min(count, len(sirens)))


def conversations(count: int, sirens: list[str], rng: random.Random) -> list[list[tuple[str, str]]]:
    """Scripted conversations: (kind, message) turns sharing one thread each."""
    scripts = []
    for index in range(count):
        search = " ".join(
            part
            for part in ("trouve des", rng.choice(SECTORS), rng.choice(PLACES), rng.choice(SIZES))
            if part
        )
        turns = [("search", search), ("details", "détaille la deuxième")]
        turns.append(("list", f"crée une liste Bench {index} avec ces entreprises"))
        if index % 2:
            turns.append(
                ("lookup", f"donne-moi la fiche de l'entreprise {sirens[index % len(sirens)]}")
            )
        else:
            turns.append(("pipeline", "résumé du pipeline ce mois-ci"))
        scripts.append(turns)
    return scripts


async def run_turns(
    settings: Settings, database: Path, scripts: list[list[tuple[str, str]]]
) -> dict[str, Any]:
    """Play every conversation; per turn: total, tools, overhead (seconds)."""
    engine = open_store(f"sqlite:///{database}")
    samples: dict[str, dict[str, list[float]]] = {}
    tool_names: dict[str, int] = {}
    try:
        async with (
            open_runtime(settings, engine=engine) as runtime,
            open_chat_session(runtime) as session,
        ):
            for warm in range(3):  # imports, caches, first checkpoint
                await session.ask("trouve des ESN à Lyon", thread_id=f"warm-{warm}")
            for index, turns in enumerate(scripts):
                for kind, message in turns:
                    start = time.perf_counter()
                    result = await session.ask(message, thread_id=f"bench-{index}")
                    total = time.perf_counter() - start
                    in_tools = sum((r.duration_ms or 0.0) for r in result.tool_results) / 1000
                    for call in result.tool_calls:
                        tool_names[call["name"]] = tool_names.get(call["name"], 0) + 1
                    bucket = samples.setdefault(kind, {"total": [], "tools": [], "overhead": []})
                    bucket["total"].append(total)
                    bucket["tools"].append(in_tools)
                    bucket["overhead"].append(total - in_tools)
    finally:
        engine.dispose()
    every: dict[str, list[float]] = {"total": [], "tools": [], "overhead": []}
    figures: dict[str, Any] = {}
    for kind, bucket in samples.items():
        figures[kind] = {part: summary_ms(values) for part, values in bucket.items()}
        for part, values in bucket.items():
            every[part] += values
    figures["all"] = {part: summary_ms(values) for part, values in every.items()}
    return {"latency": figures, "tool_calls": tool_names}


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--conversations", type=int, default=30, help="4 turns each")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    database, built = store_for(args.out, args.companies)
    print(f"store: {args.companies:,} companies ({built})", flush=True)
    rng = random.Random(11)
    scripts = conversations(args.conversations, sample_sirens(database, 50, rng), rng)
    home = args.out / "agent-home"
    (home / "memory.db").unlink(missing_ok=True)
    settings = Settings(
        FILON_HOME=home,
        FILON_DATABASE_URL=f"sqlite:///{database}",
        FILON_COMPANY_SOURCE="local",
        OPENAI_API_KEY="",
    )
    measured = asyncio.run(run_turns(settings, database, scripts))
    figures = {"companies": args.companies, "store": built, **measured}
    (args.out / "agent.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(json.dumps(measured["tool_calls"]))
    print(
        f"{'turn kind':>10} {'n':>4}  {'total p50/p95 ms':>18}  {'tools p50/p95':>15}  {'graph overhead p50/p95':>24}"
    )
    for kind, row in measured["latency"].items():
        total, tools, overhead = row["total"], row["tools"], row["overhead"]
        print(
            f"{kind:>10} {total['n']:>4}  {total['p50_ms']:>8.1f} / {total['p95_ms']:>7.1f}"
            f"  {tools['p50_ms']:>6.1f} / {tools['p95_ms']:>6.1f}"
            f"  {overhead['p50_ms']:>11.1f} / {overhead['p95_ms']:>10.1f}"
        )


if __name__ == "__main__":
    main()

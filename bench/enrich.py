"""Enrichment waterfall benchmark: contacts per second against what the configured
concurrency allows, provider calls per email found, and a second run paid for by the cache.

    python bench/enrich.py --contacts 1000 --concurrency 8

Three providers asked in order (bench/enrich_fakes.py), every call taking 100–300 ms drawn
from the seed: a free pattern guesser (per person, in process, twice the concurrency as
the factory gives it), the real `HunterProvider` (per person, 1 credit an email, the
concurrency) over HTTP against a fake Hunter in its own process, and a
Dropcontact-like batch provider (50 people a call, 2 calls at once, 1 credit an email, in
process). No rate limiter: the concurrency is the only brake. Two data shapes: "demo" (every
company has a domain, simple names) and "registry" (legal officers, compound names and
particles, ~30 % of companies without a known domain). Each runs on a fresh SQLite store,
then again on the same store: that run must make no paid call (the ledger answers for the
paid providers; the free one is asked again, as the waterfall does).

The reference, measured in the same run from the latencies actually drawn: a provider's stage
cannot take less than its calls' total latency divided by its concurrency, nor less than its
longest call; the stages run one after the other, so the ideal time is the sum of those, and
the ratio is ideal time / measured time (contacts/s measured / contacts/s allowed). Prints the
figures and writes them to bench/out/enrich.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from sqlalchemy.engine import Engine

from agent.enrichment.ports import Finding, Provider, Target
from agent.enrichment.providers.hunter import HunterProvider
from agent.enrichment.waterfall import Budget, Waterfall, WaterfallResult
from agent.http import NoLimit, OutsideApi, RetryPolicy, make_http_client
from agent.settings import Settings
from bench.enrich_fakes import DropcontactFake, PatternFake, slug
from store.db import open_store
from store.models import EmailStatus

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.80
SHAPES = ("demo", "registry")
NO_DOMAIN = 0.30  # registry shape: companies whose website nobody knows
# What the second run reports: its paid calls above all (the ledger should answer for them).
SECOND_RUN = ("paid_calls", "calls", "cached", "cost", "found", "verified", "elapsed_s", "ratio")

STEMS = ["Ondi", "Verti", "Nova", "Alti", "Brio", "Calde", "Duna", "Ecla", "Flori", "Gali",
         "Hexa", "Ixo", "Kera", "Lumi", "Mira", "Nexi", "Opti", "Prima", "Quali", "Sira"]  # fmt: skip
ENDS = ["lab", "tech", "nov", "conseil", "bat", "log", "med", "sys", "pro", "ware", "ia",
        "data", "form", "trans", "sol"]  # fmt: skip
LEGAL_FORMS = ["SAS", "SARL", "SA", "EURL", "SCI"]
FIRST = ["Marie", "Thomas", "Camille", "Nicolas", "Julie", "Pierre", "Sophie", "Antoine",
         "Claire", "Julien", "Laura", "Maxime", "Emma", "Hugo", "Léa", "Lucas", "Chloé", "Louis",
         "Manon", "Paul", "Sarah", "Alexandre", "Inès", "Romain", "Pauline"]  # fmt: skip
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
        "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier"]  # fmt: skip
OFFICER_FIRST = ["Jean-François", "Marie-Hélène", "Jean-Pierre", "Anne-Sophie", "Pierre-Yves",
                 "Marie-Christine", "Jean-Baptiste", "Marie-Claude", "Jean-Luc", "Anne-Laure",
                 "Bernard", "Françoise", "Gérard", "Monique", "Philippe", "Catherine"]  # fmt: skip
OFFICER_LAST = ["de La Tour", "Le Gall", "d'Harcourt", "de Saint-Exupéry", "Dupont-Moretti",
                "Van der Berg", "du Plessis", "de Villiers", "Le Goff", "Martin", "Bernard",
                "Lefèvre", "N'Diaye", "Da Silva", "de Montesquiou", "Giscard d'Estaing",
                "Dubois", "Moreau", "Le Roux", "des Cars"]  # fmt: skip


def make_targets(shape: str, contacts: int, rng: random.Random) -> list[Target]:
    """`contacts` people (ids 1..n) over about 3 companies for 10 people."""
    companies = []
    for index in range(max(1, contacts * 3 // 10)):
        stem, end = STEMS[index % len(STEMS)], ENDS[(index // len(STEMS)) % len(ENDS)]
        name = f"{stem}{end}{index // (len(STEMS) * len(ENDS)) or ''}"
        domain: str | None = f"{slug(name)}.fr"
        if shape == "registry":
            name = f"{name.upper()} {rng.choice(LEGAL_FORMS)}"
            domain = None if rng.random() < NO_DOMAIN else domain
        companies.append((f"{100_000_000 + index * 7_919:09d}", name, domain))
    firsts, lasts = (FIRST, LAST) if shape == "demo" else (OFFICER_FIRST, OFFICER_LAST)
    targets = []
    for contact_id in range(1, contacts + 1):
        siren, company, domain = rng.choice(companies)
        targets.append(
            Target(contact_id, siren, rng.choice(firsts), rng.choice(lasts), company, domain)
        )
    return targets


class Timed:
    """A provider as the waterfall sees it, with when each of its calls started and ended."""

    def __init__(self, provider: Provider) -> None:
        self.inner = provider
        self.name = provider.name
        self.batch_size = provider.batch_size
        self.concurrency = provider.concurrency
        self.cost = provider.cost
        self.spans: list[tuple[float, float]] = []

    async def find(self, targets: Sequence[Target]) -> list[Finding]:
        """The inner provider's findings, timed."""
        start = time.perf_counter()
        try:
            return await self.inner.find(targets)
        finally:
            self.spans.append((start, time.perf_counter()))


@contextmanager
def hunter_server(seed: int) -> Iterator[str]:
    """The fake Hunter in its own process (its own interpreter, as a remote API); its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.enrich_fakes", "serve", "--seed", str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().split()
        if line[:1] != ["port"]:
            raise RuntimeError(f"the fake Hunter did not start: {line!r}")
        yield f"http://127.0.0.1:{line[1]}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def stage(provider: Timed, latencies: list[float]) -> dict[str, Any]:
    """One provider's calls: the least time its concurrency allows, and the time they took."""
    ideal = max(sum(latencies) / provider.concurrency, max(latencies, default=0.0))
    span = in_calls = 0.0
    if provider.spans:
        span = max(end for _, end in provider.spans) - min(start for start, _ in provider.spans)
        in_calls = sum(end - start for start, end in provider.spans)
    calls = max(len(latencies), 1)
    return {
        "calls": len(latencies),
        "concurrency": provider.concurrency,
        "latency_s": round(sum(latencies), 3),
        "ideal_s": round(ideal, 3),
        "span_s": round(span, 3),  # first call out to last call back
        # Per call, what the client adds to the drawn latency (HTTP, parsing, event loop) …
        "call_overhead_ms": round((in_calls - sum(latencies)) / calls * 1000, 1),
        # … and the share of the span the concurrency's slots held no call (ledger writes,
        # scheduling).
        "slots_idle": round(1 - in_calls / (span * provider.concurrency), 3) if span else None,
    }


def figures(
    result: WaterfallResult, providers: list[Timed], stages: dict[str, Any], elapsed: float
) -> dict[str, Any]:
    """What one run did and how fast, against its ideal."""
    people = len(result.people)
    best = [p.best for p in result.people if p.best is not None and p.best.found]
    verified = sum(1 for f in best if f.status == EmailStatus.verified)
    catch_all = sum(1 for f in best if f.status == EmailStatus.catch_all)
    calls = {p.name: result.calls.get(p.name, 0) for p in providers}
    paid = sum(calls[p.name] for p in providers if p.cost > 0)
    cost = sum(result.cost.values())
    ideal = sum(s["ideal_s"] for s in stages.values())
    found = max(len(best), 1)
    return {
        "contacts": people,
        "found": len(best),
        "verified": verified,
        "catch_all": catch_all,
        "calls": calls,
        "cached": {p.name: result.cached.get(p.name, 0) for p in providers},
        "paid_calls": paid,
        "cost": round(cost, 2),
        "calls_per_found": round(sum(calls.values()) / found, 3),
        "paid_calls_per_found": round(paid / found, 3),
        "credits_per_found": round(cost / found, 3),
        "elapsed_s": round(elapsed, 3),
        "contacts_per_s": round(people / elapsed, 1),
        "ideal_s": round(ideal, 3),
        "ideal_contacts_per_s": round(people / ideal, 1) if ideal else None,
        "ratio": round(ideal / elapsed, 3) if ideal else None,
        # What is not inside a provider call: ledger reads and writes, scheduling.
        "outside_calls_s": round(elapsed - sum(s["span_s"] for s in stages.values()), 3),
        "stages": stages,
    }


async def run_once(
    targets: list[Target],
    *,
    engine: Engine,
    client: httpx.AsyncClient,
    hunter_url: str,
    seed: int,
    concurrency: int,
    run_id: str,
) -> dict[str, Any]:
    """One waterfall run over `targets` with fresh providers; its figures."""
    api = OutsideApi("hunter", client, limiter=NoLimit(), policy=RetryPolicy(10.0, 30.0))
    pattern = PatternFake(seed, concurrency=concurrency * 2)  # as agent/enrichment/factory.py
    hunter = HunterProvider(
        api, api_key="bench", base_url=f"{hunter_url}/v2", concurrency=concurrency
    )
    dropcontact = DropcontactFake(seed)
    providers = [Timed(pattern), Timed(hunter), Timed(dropcontact)]
    waterfall = Waterfall(engine, providers, cache_days=180, deadline=30)
    await client.get(f"{hunter_url}/_latencies")  # forget what an earlier run drew
    start = time.perf_counter()
    result = await waterfall.run(targets, run_id=run_id, user="bench", budget=Budget())
    elapsed = time.perf_counter() - start
    hunter_latencies = (await client.get(f"{hunter_url}/_latencies")).json()
    drawn = [pattern.latencies, hunter_latencies, dropcontact.latencies]
    stages = {p.name: stage(p, lat) for p, lat in zip(providers, drawn, strict=True)}
    return figures(result, providers, stages, elapsed)


def fresh_store(out: Path, shape: str) -> Engine:
    """An empty, migrated SQLite store for one shape."""
    database = out / f"enrich-{shape}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return open_store(f"sqlite:///{database}")


async def run_shape(
    shape: str, args: argparse.Namespace, client: httpx.AsyncClient, hunter_url: str
) -> dict[str, Any]:
    """A fresh store, a first run that asks the providers, a second answered by the ledger."""
    targets = make_targets(shape, args.contacts, random.Random(f"{args.seed}-{shape}"))
    engine = fresh_store(args.out, shape)
    runs = []
    for number in (1, 2):
        runs.append(
            await run_once(
                targets,
                engine=engine,
                client=client,
                hunter_url=hunter_url,
                seed=args.seed,
                concurrency=args.concurrency,
                run_id=f"bench-{shape}-{number}",
            )
        )
    engine.dispose()
    first, second = runs
    companies = {t.siren: t.domain for t in targets}
    return {
        "companies": len(companies),
        "companies_without_domain": sum(1 for domain in companies.values() if domain is None),
        "first": first,
        "second": {key: second[key] for key in SECOND_RUN},
        "second_same_answers": (second["found"], second["verified"])
        == (first["found"], first["verified"]),
    }


def table(shapes: dict[str, dict[str, Any]]) -> str:
    """The headline figures, one line a shape."""
    lines = [
        f"{'shape':<9}{'contacts/s':>11}{'ideal':>8}{'ratio':>7}{'found':>7}{'verif.':>7}"
        f"{'calls/found':>12}{'paid/found':>11}{'2nd paid':>9}{'2nd s':>7}"
    ]
    for shape, figures_ in shapes.items():
        first, second = figures_["first"], figures_["second"]
        lines.append(
            f"{shape:<9}{first['contacts_per_s']:>11.1f}{first['ideal_contacts_per_s']:>8.1f}"
            f"{first['ratio']:>7.2f}{first['found']:>7}{first['verified']:>7}"
            f"{first['calls_per_found']:>12.2f}{first['paid_calls_per_found']:>11.2f}"
            f"{second['paid_calls']:>9}{second['elapsed_s']:>7.2f}"
        )
    return "\n".join(lines)


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Both shapes, against one fake Hunter and one HTTP client."""
    settings = Settings(FILON_HOME=args.out / "home", FILON_HTTP_TIMEOUT=10.0)
    shapes: dict[str, Any] = {}
    with hunter_server(args.seed) as hunter_url:
        async with make_http_client(settings) as client:
            for shape in SHAPES:
                shapes[shape] = await run_shape(shape, args, client, hunter_url)
                first = shapes[shape]["first"]
                print(
                    f"{shape}: {first['contacts_per_s']} contacts/s, "
                    f"ideal {first['ideal_contacts_per_s']}, ratio {first['ratio']}",
                    flush=True,
                )
    return shapes


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8, help="per per-person provider")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    shapes = asyncio.run(bench(args))
    report = {
        "contacts": args.contacts,
        "concurrency": args.concurrency,
        "seed": args.seed,
        "target_ratio": TARGET_RATIO,
        "shapes": shapes,
    }
    (args.out / "enrich.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    print()
    print(table(shapes))
    for shape, figures_ in shapes.items():
        ratio, paid = figures_["first"]["ratio"], figures_["second"]["paid_calls"]
        verdict = "ok" if ratio >= TARGET_RATIO and paid == 0 else "BELOW TARGET"
        print(
            f"{shape}: ratio {ratio:.2f} (target {TARGET_RATIO}), second run {paid} paid: {verdict}"
        )


if __name__ == "__main__":
    main()

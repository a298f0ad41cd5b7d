"""Signals benchmark: writing notices, scoring intent, and searching on signals.

    python bench/signals.py --companies 20000

Two data shapes on fresh SQLite stores, both seeded with the demo data (`--companies`):
"demo" (its own signals: about one company in ten, hiring and fundraising first) and
"bodacc" (the demo plus BODACC-shaped legal notices for a third of the companies, one to
four each — modifications, accounts filed, sales, insolvency — with rectifications, as a
department sync brings them). Measured in each:

- writing the notices through `record_signals` (one transaction, each notice once by its
  id, corrections applied, intent scored again), against a plain bulk INSERT of the same
  rows in the same run (the ratio);
- scoring every company's intent from scratch (`rescore_all`);
- searches with a signal filter (`signal_kinds`, `signal_since`) and sorted by intent,
  against the same searches without the signal part (the ratio of p95s).

Prints the figures and writes them to bench/out/signals.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, select

from agent.signals.intent import refresh, rescore_all
from agent.signals.ports import FoundSignal
from agent.signals.record import record_signals
from agent.signals.weights import load_weights
from bench.stats import summary_ms, timed
from store.db import open_store
from store.demo.seed import seed_demo
from store.models import Company, Signal, SignalKind
from store.models._time import utcnow
from store.models.tables import table_of
from store.search import CompanyQuery
from store.search.sql import search_companies

TODAY = date.today()
COMPANY, SIGNAL = table_of(Company), table_of(Signal)
LEGAL = (SignalKind.modification, SignalKind.accounts_filed, SignalKind.sale, SignalKind.insolvency)
QUERIES: list[dict[str, Any]] = [
    {"naf_codes": ["62"], "cities": ["LYON"]},
    {"departments": ["69"]},
    {"naf_codes": ["62"]},
    {"regions": ["11"], "categories": ["PME"]},
    {"text": "conseil"},
    {"naf_codes": ["43"], "departments": ["33"]},
]
SIGNAL_PARTS: list[dict[str, Any]] = [
    {"signal_kinds": ["hiring"]},
    {"signal_kinds": ["fundraising"], "signal_since": TODAY - timedelta(days=180)},
    {"signal_kinds": ["insolvency"]},
    {"sort": "intent"},
]


def notices(sirens: list[str], rng: random.Random) -> list[FoundSignal]:
    """BODACC-shaped notices for these companies (1–4 each, a few rectified)."""
    found: list[FoundSignal] = []
    number = 0
    for siren in sirens:
        for _ in range(rng.randint(1, 4)):
            number += 1
            kind = rng.choice(LEGAL)
            day = TODAY - timedelta(days=rng.randrange(365))
            found.append(FoundSignal(
                siren=siren, kind=kind, occurred_on=day, title=f"Annonce {kind.value}",
                source="bodacc", external_id=f"A{number:012d}", strength=0.6,
                url=f"https://www.bodacc.fr/annonce/{number}",
            ))  # fmt: skip
            if rng.random() < 0.03:  # a rectification of that notice
                number += 1
                found.append(FoundSignal(
                    siren=siren, kind=kind, occurred_on=day + timedelta(days=7),
                    title=f"Rectificatif {kind.value}", source="bodacc",
                    external_id=f"A{number:012d}", corrects=f"A{number - 1:012d}", strength=0.6,
                ))  # fmt: skip
    return found


def plain_insert(engine: Any, found: list[FoundSignal]) -> None:
    """The reference: the same rows, one bulk INSERT, no conflict handling nor scoring."""
    rows: list[dict[str, Any]] = [
        {"company_siren": s.siren, "kind": s.kind.value, "title": s.title, "url": s.url,
         "occurred_on": s.occurred_on, "strength": s.strength, "negative": s.negative,
         "payload": {}, "source": "reference", "external_id": s.external_id,
         "detected_at": utcnow()}
        for s in found
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(SIGNAL.insert(), rows)
    with engine.begin() as connection:
        connection.execute(delete(SIGNAL).where(SIGNAL.c.source == "reference"))


def searches(engine: Any) -> dict[str, Any]:
    plain: list[float] = []
    with_signals: list[float] = []
    for base in QUERIES:
        for part in SIGNAL_PARTS:
            without, asked = CompanyQuery(**base), CompanyQuery(**base, **part)
            for _ in range(3):
                plain.append(_seconds(engine, without))
                with_signals.append(_seconds(engine, asked))
    reference, measured = summary_ms(plain), summary_ms(with_signals)
    return {
        "without_signals": reference,
        "with_signals": measured,
        "p95_ratio": round(measured["p95_ms"] / max(reference["p95_ms"], 0.01), 2),
    }


def _seconds(engine: Any, query: CompanyQuery) -> float:
    seconds, _ = timed(lambda: search_companies(engine, query=query))
    return seconds


def run_shape(shape: str, companies: int, folder: Path) -> dict[str, Any]:
    engine = open_store(f"sqlite:///{folder / f'{shape}.db'}")
    seed_demo(engine, companies=companies, seed=42)
    weights = load_weights()
    result: dict[str, Any] = {"shape": shape}
    if shape == "bodacc":
        with engine.connect() as connection:
            sirens = list(connection.scalars(select(COMPANY.c.siren)))
        rng = random.Random(7)
        chosen = rng.sample(sirens, len(sirens) // 3)
        found = notices(chosen, rng)
        reference, _ = timed(lambda: plain_insert(engine, found))
        seconds, recorded = timed(lambda: record_signals(engine, found, weights, today=TODAY))
        again, _ = timed(lambda: record_signals(engine, found, weights, today=TODAY))
        result["write"] = {
            "notices": len(found),
            "seconds": round(seconds, 2),
            "notices_per_s": round(len(found) / seconds),
            "reference_insert_per_s": round(len(found) / reference),
            "ratio": round(reference / seconds, 2),
            "new": recorded.new,
            "superseded": recorded.superseded,
            "again_seconds": round(again, 2),
        }
    with engine.connect() as connection:
        result["signals"] = len(connection.execute(select(SIGNAL.c.id)).all())
    seconds, scored = timed(lambda: rescore_all(engine, weights, today=TODAY))
    result["score_all"] = {"companies": scored, "seconds": round(seconds, 2)}
    refresh(engine, weights, today=TODAY)
    result["search"] = searches(engine)
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=20_000)
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        figures = [run_shape(shape, args.companies, Path(folder)) for shape in ("demo", "bodacc")]
    text = json.dumps({"companies": args.companies, "shapes": figures}, indent=2, default=str)
    (out / "signals.json").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

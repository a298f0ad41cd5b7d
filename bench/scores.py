"""Lead-scoring benchmark: `score_leads` over every lead of a store, against reading the same
rows.

    python bench/scores.py --leads 10000 50000

For each size, two data shapes on fresh SQLite stores of synthetic companies (sectors, bands,
places and ages drawn so that fit varies), one lead each in ten lists, signals for one company
in ten: "few" (0 to 3 engagement events per company, the usual case) and "many" (200 events
each for one company in fifty, the rest none — a few very active accounts). Measured:

- a first run (intent scored from the signals, every lead written, new ones promoted) and
  the SQL statements it sent;
- a second run (intent fresh, nothing changed, nothing written);
- the reference, in the same run: a plain SELECT of the rows scoring reads (the leads with
  their companies, and the engagement events) — the ratio says how close scoring gets to
  just reading its input.

Prints the figures and writes them to bench/out/scores.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select

from agent.qualification.scoring import score_leads
from agent.settings import Settings
from bench.stats import timed
from store.db import open_store
from store.models import Company, Engagement, Lead, LeadList, Signal
from store.models.tables import table_of

TODAY = date.today()
NOW = datetime.now(UTC)
COMPANY, LEAD, LIST = table_of(Company), table_of(Lead), table_of(LeadList)
ENGAGEMENT, SIGNAL = table_of(Engagement), table_of(Signal)
NAF = ("62.02A", "62.01Z", "58.29C", "70.22Z", "69.20Z", "43.21A", "47.11F", "84.11Z", "10.71C")
BANDS = ("01", "03", "11", "12", "21", "22", "32", "41", "52")
PLACES = (("69", "84"), ("75", "11"), ("33", "75"), ("35", "53"), ("13", "93"), ("59", "32"))
KINDS = ("page_view", "page_view", "email_open", "email_click", "download", "webinar",
         "demo_request")  # fmt: skip
PAGES = ("/tarifs", "/blog/prospection-b2b", "/fonctionnalites", "/pricing")
CHUNK = 5_000


def build(engine: Any, leads: int, shape: str, rng: random.Random) -> dict[str, int]:
    """Companies, ten lists, one lead per company, signals and events of the shape."""
    sirens = [f"{100_000_000 + i}" for i in range(leads)]
    companies = []
    for siren in sirens:
        department, region = rng.choice(PLACES)
        companies.append({
            "siren": siren, "name": f"Société {siren}", "naf_code": rng.choice(NAF),
            "headcount_band": rng.choice(BANDS), "department": department, "region": region,
            "category": rng.choice(("PME", "PME", "ETI", "GE")), "source": "bench",
            "created_on": TODAY - timedelta(days=rng.randrange(30, 30 * 365)),
            "updated_at": NOW,
        })  # fmt: skip
    events: list[dict[str, Any]] = []
    for siren in sirens:
        count = (
            rng.choice((0, 1, 1, 2, 3)) if shape == "few" else (200 if rng.random() < 0.02 else 0)
        )
        for _ in range(count):
            kind = rng.choice(KINDS)
            events.append({
                "company_siren": siren, "kind": kind, "source": "bench",
                "detail": rng.choice(PAGES) if kind == "page_view" else None,
                "occurred_at": NOW - timedelta(seconds=rng.randrange(180 * 86_400)),
            })  # fmt: skip
    signals = [
        {"company_siren": siren, "kind": "hiring", "title": "Recrute", "strength": 0.7,
         "occurred_on": TODAY - timedelta(days=rng.randrange(120)), "negative": False,
         "payload": {}, "source": "bench", "detected_at": NOW}
        for siren in sirens if rng.random() < 0.1
    ]  # fmt: skip
    with engine.begin() as connection:
        list_ids = [
            connection.execute(
                insert(LIST).returning(LIST.c.id),
                [{"name": f"Liste {n}", "name_key": f"liste {n}", "owner": "bench",
                  "source": "bench", "created_at": NOW}],
            ).scalar_one()
            for n in range(10)
        ]  # fmt: skip
        lead_rows = [
            {"list_id": list_ids[i % 10], "company_siren": siren, "owner": "bench",
             "stage": "new", "scores": {}, "source": "bench", "created_at": NOW, "updated_at": NOW}
            for i, siren in enumerate(sirens)
        ]  # fmt: skip
        for table, rows in ((COMPANY, companies), (LEAD, lead_rows), (ENGAGEMENT, events),
                            (SIGNAL, signals)):  # fmt: skip
            for start in range(0, len(rows), CHUNK):
                connection.execute(insert(table), rows[start : start + CHUNK])
    return {"leads": leads, "events": len(events), "signals": len(signals)}


def plain_read(engine: Any) -> int:
    """The reference: the rows scoring reads, read and nothing more."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(LEAD.c.id, LEAD.c.stage, LEAD.c.score, LEAD.c.scores, COMPANY).join(
                COMPANY, COMPANY.c.siren == LEAD.c.company_siren
            )
        ).all()
        events = connection.execute(
            select(ENGAGEMENT.c.company_siren, ENGAGEMENT.c.kind, ENGAGEMENT.c.detail,
                   ENGAGEMENT.c.occurred_at)
        ).all()  # fmt: skip
    return len(rows) + len(events)


def run(leads: int, shape: str, folder: Path) -> dict[str, Any]:
    engine = open_store(f"sqlite:///{folder / f'{shape}-{leads}.db'}")
    result: dict[str, Any] = {"shape": shape, **build(engine, leads, shape, random.Random(7))}
    settings = Settings(FILON_HOME=folder)
    reference, _ = timed(lambda: plain_read(engine))
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    first, scored = timed(lambda: score_leads(engine, today=TODAY, settings=settings))
    first_statements = len(statements)
    second, again = timed(lambda: score_leads(engine, today=TODAY, settings=settings))
    result |= {
        "first_seconds": round(first, 2),
        "first_leads_per_s": round(leads / first),
        "first_statements": first_statements,
        "promoted": scored.promoted,
        "second_seconds": round(second, 2),
        "second_leads_per_s": round(leads / second),
        "second_changed": again.changed,
        "second_statements": len(statements) - first_statements,
        "reference_seconds": round(reference, 2),
        "reference_leads_per_s": round(leads / reference),
        "ratio_first": round(reference / first, 2),
        "ratio_second": round(reference / second, 2),
    }
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, nargs="+", default=[10_000, 50_000])
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        figures = [run(n, shape, Path(folder)) for n in args.leads for shape in ("few", "many")]
    text = json.dumps({"today": TODAY, "runs": figures}, indent=2, default=str)
    (out / "scores.json").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

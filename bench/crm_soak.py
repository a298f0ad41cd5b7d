"""CRM sync soak: 1,000 SQLs sent to a fake HubSpot that fails 20 % of its requests in mixed
ways and is restarted once, while a worker is killed once.

    python bench/crm_soak.py [--leads 1000] [--faults 0.2] [--workers 2] [--seed 7]

The fake is the one the adapter's tests use (`tests/crm_hubspot_fake.py`: HubSpot's documented
contract, its unique properties and associations), run as a loopback server in this process.
A fifth of its requests, drawn from a seeded stream, go wrong: a 429 with and without
`Retry-After`, a 500, a 503, no answer in time, a connection reset, and the write applied but
its answer lost (dropped connection or 500 after the write). The workers are real
`filon sync --crm hubspot --watch` processes on one SQLite store. Once a third of the leads are
sent, one worker is killed with SIGKILL (what it held waits out its lease, then another worker
finishes it, in doubt) and started again; at two thirds the fake is stopped for a second and
started again on the same port, with the same data.

At the end, checked against the fake's data: every lead's company (by SIREN), contact (by
email), deal (by Filon's key) and note exist exactly once, with the right values, and each
deal is associated with its company and contact — 0 lost, 0 duplicates. Reported: the time,
the throughput, attempts and HTTP requests per lead, the faults injected. The reference,
measured in the same run: the same leads sent by one worker to the same fake with no fault,
so the ratio says what the faults, the kill and the restart cost.

Prints the figures and writes them to bench/out/crm_soak.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the fake HubSpot of the adapter's tests

import httpx  # noqa: E402
from crm_hubspot_fake import (  # noqa: E402
    TOKEN,
    FakeHubSpot,
    Fault,
    HubSpotServer,
    HubSpotState,
    disconnect,
    rate_limited,
    reset,
    server_error,
    timeout,
)
from sqlalchemy import insert, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from agent.crm.source import lead_key  # noqa: E402
from store.db import open_store  # noqa: E402
from store.models import Company, Contact, CrmSync, Lead, LeadList, LeadStage  # noqa: E402
from store.models.tables import table_of  # noqa: E402
from store.repositories.crm_sync import count_states, enqueue  # noqa: E402

FILON = Path(sys.executable).with_name("filon")
COMPANY, CONTACT, LEAD, LIST = (table_of(m) for m in (Company, Contact, Lead, LeadList))
NOW = datetime.now(UTC)
DEADLINE_SECONDS = 900


def build(url: str, leads: int) -> list[str]:
    """A store with `leads` companies, one contact each, their leads in one list, all SQL and
    queued for HubSpot; the SIRENs."""
    engine = open_store(url)
    sirens = [f"{300_000_000 + i}" for i in range(leads)]
    with engine.begin() as connection:
        connection.execute(
            insert(COMPANY),
            [
                {"siren": s, "name": f"Société {s}", "city": "LYON 03", "postcode": "69003",
                 "naf_code": "62.02A", "headcount_band": "21", "source": "bench",
                 "updated_at": NOW}
                for s in sirens
            ],
        )  # fmt: skip
        connection.execute(
            insert(CONTACT),
            [
                {"company_siren": s, "first_name": "Claire", "last_name": f"Martin{s[-4:]}",
                 "title": "DSI", "email": f"claire@s{s}.fr", "email_status": "verified",
                 "field_sources": {}, "opted_out": False, "source": "bench",
                 "created_at": NOW, "updated_at": NOW}
                for s in sirens
            ],
        )  # fmt: skip
        list_id = connection.execute(
            insert(LIST).values(name="Soak", name_key="soak", owner="alice.martin", source="bench",
                                created_at=NOW).returning(LIST.c.id)
        ).scalar_one()  # fmt: skip
        connection.execute(
            insert(LEAD),
            [
                {"list_id": list_id, "company_siren": s, "owner": "alice.martin",
                 "stage": LeadStage.sql, "scores": {}, "source": "bench", "created_at": NOW,
                 "updated_at": NOW, "mql_at": NOW, "sql_at": NOW}
                for s in sirens
            ],
        )  # fmt: skip
    with Session(engine) as session:
        lead_ids = list(session.execute(select(LEAD.c.id)).scalars())
        enqueue(session, lead_ids=lead_ids, crms=["hubspot"], requested_by="bench", now=NOW)
        session.commit()
    engine.dispose()
    return sirens


class FaultPlan:
    """A seeded fifth of the requests go wrong, in mixed ways; counted by kind."""

    KINDS = ("429 Retry-After", "429", "500", "503", "timeout", "reset", "lost (dropped)",
             "lost (500)")  # fmt: skip

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self.random = random.Random(seed)
        self.injected: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.on = True

    def __call__(self, request: httpx.Request) -> Fault | None:
        with self.lock:
            if not self.on or self.random.random() >= self.rate:
                return None
            kind = self.random.choice(self.KINDS)
            self.injected[kind] += 1
        match kind:
            case "429 Retry-After":
                return rate_limited(0.2)
            case "429":
                return rate_limited()
            case "500":
                return server_error(500)
            case "503":
                return server_error(503)
            case "timeout":
                return timeout()
            case "reset":
                return reset()
            case "lost (dropped)":
                return disconnect(after_write=True)
            case _:
                return server_error(500, after_write=True)


def environment(url: str, home: Path, base_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FILON_HOME": str(home),
        "FILON_DATABASE_URL": url,
        "FILON_CRM": "hubspot",
        "HUBSPOT_TOKEN": TOKEN,
        "FILON_HUBSPOT_BASE_URL": base_url,
        "FILON_HTTP_TIMEOUT": "1",
        "FILON_CRM_RATE": "400",
        "FILON_CRM_RETRY_SECONDS": "0.2",
        "FILON_CRM_LEASE_SECONDS": "5",
        "FILON_CRM_SYNC_INTERVAL": "0.2",
        "FILON_CRM_MAX_ATTEMPTS": "30",
        "FILON_CRM_CONCURRENCY": "8",
    }


def worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(FILON), "sync", "--crm", "hubspot", "--watch", "--json"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def states(url: str) -> Counter[str]:
    engine = open_store(url)
    with Session(engine) as session:
        counts = Counter(count_states(session, crm="hubspot"))
    engine.dispose()
    return counts


def run(leads: int, fault_rate: float, workers: int, seed: int, chaos: bool) -> dict[str, Any]:
    """One soak: the figures, and the check of what the fake holds."""
    folder = Path(tempfile.mkdtemp(prefix="filon-crm-soak-"))
    url = f"sqlite:///{folder / 'store.db'}"
    sirens = build(url, leads)
    state = HubSpotState()
    plan = FaultPlan(fault_rate, seed)
    fake = FakeHubSpot(state, plan=plan)
    server = HubSpotServer(fake, hang=2.0).start()
    env = environment(url, folder / "home", server.base_url)
    log = folder / "workers.log"
    processes = [worker(env, log) for _ in range(workers)]
    started = time.monotonic()
    killed = restarted = False
    events: list[str] = []
    try:
        while True:
            counts = states(url)
            sent = counts.get("sent", 0)
            if counts.get("dead"):
                raise SystemExit(f"dead letters: {counts} — see {log}")
            if sent >= leads:
                break
            if time.monotonic() - started > DEADLINE_SECONDS:
                raise SystemExit(f"not done after {DEADLINE_SECONDS} s: {counts} — see {log}")
            if chaos and not killed and sent >= leads // 3:
                processes[0].send_signal(signal.SIGKILL)
                processes[0].wait()
                processes[0] = worker(env, log)
                killed = True
                events.append(f"worker killed at {sent} sent, {time.monotonic() - started:.1f} s")
            if chaos and killed and not restarted and sent >= 2 * leads // 3:
                port = server.port
                server.stop()
                time.sleep(1.0)
                server = HubSpotServer(fake, port=port, hang=2.0).start()
                restarted = True
                events.append(f"fake restarted at {sent} sent, {time.monotonic() - started:.1f} s")
            time.sleep(0.2)
        seconds = time.monotonic() - started
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        server.stop()
    engine = open_store(url)
    with Session(engine) as session:
        attempts = [row.attempts for row in session.execute(select(CrmSync)).scalars()]
        key_of = {
            siren: lead_key(lead_id)
            for lead_id, siren in session.execute(select(LEAD.c.id, LEAD.c.company_siren))
        }
    engine.dispose()
    check = verify(state, sirens, key_of)
    return {
        "leads": leads,
        "workers": workers,
        "fault_rate": fault_rate if chaos else 0.0,
        "seconds": round(seconds, 2),
        "leads_per_second": round(leads / seconds, 1),
        "attempts_per_lead": round(sum(attempts) / leads, 3),
        "max_attempts": max(attempts),
        "requests_per_lead": round(len(fake.requests) / leads, 2),
        "faults_injected": dict(plan.injected),
        "faults_total": sum(plan.injected.values()),
        "events": events,
        **check,
    }


def verify(state: HubSpotState, sirens: list[str], key_of: dict[str, str]) -> dict[str, Any]:
    """Every lead once, with the right values: counts of what is lost and what is doubled."""
    companies = Counter(o.properties.get("filon_siren") for o in state.all("companies"))
    contacts = Counter(o.properties.get("email", "").lower() for o in state.all("contacts"))
    deals = Counter(o.properties.get("filon_lead_key") for o in state.all("deals"))
    notes = Counter(
        key
        for o in state.all("notes")
        for key in set(key_of.values())
        if f"{key}<" in o.properties.get("hs_note_body", "") + "<"
    )
    lost = duplicated = wrong = 0
    for siren in sirens:
        key = key_of[siren]
        for count in (companies[siren], contacts[f"claire@s{siren}.fr"], deals[key], notes[key]):
            lost += count == 0
            duplicated += max(count - 1, 0)
        [company] = state.find("companies", "filon_siren", siren) or [None]
        [deal] = state.find("deals", "filon_lead_key", key) or [None]
        if company is None or deal is None:
            continue
        wrong += company.properties.get("name") != f"Société {siren}"
        wrong += deal.properties.get("dealname") != f"Société {siren} — Soak"
        wrong += company.id not in state.associated("deals", deal.id, "companies")
    return {
        "lost": lost,
        "duplicated": duplicated,
        "wrong_values": wrong,
        "companies": len(state.all("companies")),
        "contacts": len(state.all("contacts")),
        "deals": len(state.all("deals")),
        "notes": len(state.all("notes")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--faults", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    reference = run(options.leads, 0.0, 1, options.seed, chaos=False)
    soak = run(options.leads, options.faults, options.workers, options.seed, chaos=True)
    soak["time_vs_reference"] = round(soak["seconds"] / reference["seconds"], 2)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    text = json.dumps({"reference": reference, "soak": soak}, indent=2)
    (out / "crm_soak.json").write_text(text)
    print(text)
    if soak["lost"] or soak["duplicated"] or soak["wrong_values"]:
        raise SystemExit("the soak lost, doubled or garbled leads")


if __name__ == "__main__":
    main()

"""A lead list for the AI-column tests and benchmark: `leads` companies (NAF codes, headcount
bands, a website for some), a decision-maker at every third, a hiring signal at every fourth."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from agent.leads.lists import create_list
from store.models import Company, Contact, Signal
from store.models._time import utcnow
from store.models.tables import table_of

NAF = ("62.01Z", "62.01Z", "62.02A", "70.22Z", "46.51Z")
BANDS = ("11", "12", "21", "22", "32", None)


def siren_of(number: int) -> str:
    """A valid SIREN (Luhn) for `number`."""
    base = f"{number:08d}"
    for check in range(10):
        digits = f"{base}{check}"
        total = sum(
            int(d) if i % 2 == 0 else sum(divmod(int(d) * 2, 10)) for i, d in enumerate(digits)
        )
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


def seed_list(engine: Engine, leads: int, *, name: str = "ESN Lyon", owner: str = "alice") -> None:
    """The list `name` of `owner`, with `leads` companies, their people and signals."""
    now = utcnow()
    sirens = [siren_of(100_000 + n) for n in range(leads)]
    companies = [
        {"siren": s, "name": f"ACME {n}", "naf_code": NAF[n % len(NAF)],
         "headcount_band": BANDS[n % len(BANDS)], "city": "LYON", "active": True,
         "diffusible": True, "natural_person": False, "source": "test", "updated_at": now,
         "website": f"acme{n}.fr" if n % 2 else None}
        for n, s in enumerate(sirens)
    ]  # fmt: skip
    people = [
        {"company_siren": s, "first_name": "Alice", "last_name": f"Martin{n}",
         "title": "Directrice financière" if n % 2 else "Comptable",
         "seniority": "director" if n % 2 else "staff", "email_status": "unknown",
         "field_sources": {}, "opted_out": False, "source": "test", "created_at": now,
         "updated_at": now}
        for n, s in enumerate(sirens) if n % 3 == 0
    ]  # fmt: skip
    signals = [
        {"company_siren": s, "kind": "hiring", "title": "Recrute 3 développeurs",
         "occurred_on": date(2026, 11, 1), "strength": 0.6, "negative": False, "payload": {},
         "source": "test", "detected_at": now}
        for n, s in enumerate(sirens) if n % 4 == 0
    ]  # fmt: skip
    with engine.begin() as connection:
        for table, rows in ((Company, companies), (Contact, people), (Signal, signals)):
            for start in range(0, len(rows), 500):
                connection.execute(insert(table_of(table)), rows[start : start + 500])
    create_list(engine, name=name, owner=owner, sirens=sirens)

"""Seed and clear the demo dataset with bulk Core inserts, streamed in chunks.

Every row carries `source = "demo"`. Seeding a store that already holds demo rows is refused
(`DemoAlreadySeeded`): clear it first with `clear_demo`, which removes exactly the demo rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Table, and_, case, delete, exists, func, insert, literal, select
from sqlalchemy.engine import Connection, Engine

from store.demo.activity import ActivityFactory
from store.demo.companies import CompanyFactory, Plant
from store.demo.people import ContactFactory
from store.demo.pipeline import LIST_SPECS, WEBINAR_LIST, Candidate, PipelineFactory
from store.demo.sirens import sirens
from store.models import (
    AICell,
    AIColumn,
    AIColumnRun,
    BantAnswer,
    Company,
    CompanyIntent,
    Contact,
    CrmSync,
    Engagement,
    Lead,
    LeadList,
    LeadListAssignment,
    LeadOwnerChange,
    LeadStageChange,
    Signal,
)

SOURCE = "demo"
CHUNK = 2_000
_CANDIDATES_KEPT = 400  # per list, enough to draw from without holding a million companies

_company: Table = Company.__table__  # type: ignore[attr-defined]
_contact: Table = Contact.__table__  # type: ignore[attr-defined]
_signal: Table = Signal.__table__  # type: ignore[attr-defined]
_intent: Table = CompanyIntent.__table__  # type: ignore[attr-defined]
_engagement: Table = Engagement.__table__  # type: ignore[attr-defined]
_leadlist: Table = LeadList.__table__  # type: ignore[attr-defined]
_lead: Table = Lead.__table__  # type: ignore[attr-defined]
_stage_change: Table = LeadStageChange.__table__  # type: ignore[attr-defined]
_bant: Table = BantAnswer.__table__  # type: ignore[attr-defined]
_crmsync: Table = CrmSync.__table__  # type: ignore[attr-defined]
_aicell: Table = AICell.__table__  # type: ignore[attr-defined]
_aicolumns = (AIColumnRun.__table__, AIColumn.__table__)  # type: ignore[attr-defined]
_owner_change: Table = LeadOwnerChange.__table__  # type: ignore[attr-defined]
_assignment: Table = LeadListAssignment.__table__  # type: ignore[attr-defined]


class DemoAlreadySeeded(RuntimeError):
    """The store already holds demo rows; seeding again would duplicate them."""

    def __init__(self, companies: int) -> None:
        super().__init__(
            f"the store already holds {companies} demo companies: "
            "clear them first (`filon demo --clear`), then seed again"
        )
        self.companies = companies


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What one seeding (or clearing) wrote or removed, and how long it took."""

    companies: int = 0
    contacts: int = 0
    signals: int = 0
    engagements: int = 0
    lists: int = 0
    leads: int = 0
    seconds: float = 0.0
    seed: int | None = None
    reference: date | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["reference"] = self.reference.isoformat() if self.reference else None
        return data


def count_companies(engine: Engine, *, source: str | None = None) -> int:
    """How many companies the store holds (of one source, or all)."""
    query = select(func.count()).select_from(_company)
    if source:
        query = query.where(_company.c.source == source)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def seed_demo(
    engine: Engine, *, companies: int = 20_000, seed: int = 42, reference: date | None = None
) -> DemoReport:
    """Write the demo dataset for `seed` (same seed and reference date → same data).

    `reference` (default: today) anchors signals, engagements and the pipeline in time.
    Raises `DemoAlreadySeeded` when demo rows exist, `ValueError` for a bad company count.
    """
    if companies < 1:
        raise ValueError(f"the demo needs at least one company, not {companies}")
    started = time.perf_counter()
    reference = reference or datetime.now(UTC).date()
    with engine.begin() as connection:
        existing = connection.execute(
            select(func.count()).select_from(_company).where(_company.c.source == SOURCE)
        ).scalar_one()
        if existing:
            raise DemoAlreadySeeded(int(existing))
        counts = _Seeder(connection, seed=seed, reference=reference).run(companies)
    return DemoReport(
        **counts, seconds=round(time.perf_counter() - started, 2), seed=seed, reference=reference
    )


def seed_demo_if_empty(
    engine: Engine, *, companies: int = 20_000, seed: int = 42, reference: date | None = None
) -> DemoReport | None:
    """Seed only when the store holds no company at all; None when it was left alone."""
    if count_companies(engine):
        return None
    return seed_demo(engine, companies=companies, seed=seed, reference=reference)


def clear_demo(engine: Engine) -> DemoReport:
    """Delete the demo rows, children first, and nothing else.

    A demo company or contact that a non-demo row still points at (a lead a rep added by
    hand, say) is kept, so that no one else's data is lost or left dangling.
    """
    started = time.perf_counter()
    with engine.begin() as connection:
        engagements = _delete(connection, _engagement)
        signals = _delete(connection, _signal)
        # Intent scores are derived from signals: those left with none go too.
        connection.execute(
            delete(_intent).where(
                ~exists().where(_signal.c.company_siren == _intent.c.company_siren)
            )
        )
        # A rep's stage changes and BANT answers on demo leads go with them.
        demo_leads = select(_lead.c.id).where(_lead.c.source == SOURCE)
        for child in (_stage_change, _bant, _aicell, _crmsync, _owner_change):
            connection.execute(delete(child).where(child.c.lead_id.in_(demo_leads)))
        leads = _delete(connection, _lead)
        # AI columns of the demo lists left without leads go with those lists.
        emptied = select(_leadlist.c.id).where(
            _leadlist.c.source == SOURCE, ~exists().where(_lead.c.list_id == _leadlist.c.id)
        )
        for table in (*_aicolumns, _assignment):  # the lists' moves went with their leads
            connection.execute(delete(table).where(table.c.list_id.in_(emptied)))
        lists = _delete(connection, _leadlist, ~exists().where(_lead.c.list_id == _leadlist.c.id))
        contacts = _delete(
            connection,
            _contact,
            ~exists().where(_lead.c.contact_id == _contact.c.id),
            ~exists().where(_engagement.c.contact_id == _contact.c.id),
        )
        companies = _delete(
            connection,
            _company,
            *(
                ~exists().where(child.c.company_siren == _company.c.siren)
                for child in (_contact, _signal, _engagement, _lead)
            ),
        )
    return DemoReport(
        companies=companies,
        contacts=contacts,
        signals=signals,
        engagements=engagements,
        lists=lists,
        leads=leads,
        seconds=round(time.perf_counter() - started, 2),
    )


def _delete(connection: Connection, table: Table, *conditions: Any) -> int:
    result = connection.execute(delete(table).where(and_(table.c.source == SOURCE, *conditions)))
    return int(result.rowcount)


class _Seeder:
    """One seeding run: streams companies chunk by chunk with their contacts and activity,
    keeps the few lead candidates it needs, then writes the lead lists."""

    def __init__(self, connection: Connection, *, seed: int, reference: date) -> None:
        self.connection = connection
        self.seed = seed
        self.companies = CompanyFactory(_stream(seed, "companies"), reference=reference)
        self.contacts = ContactFactory(_stream(seed, "contacts"), reference=reference)
        self.activity = ActivityFactory(_stream(seed, "activity"), reference=reference)
        self.pipeline = PipelineFactory(_stream(seed, "pipeline"), reference=reference)
        self.candidates: list[list[Candidate]] = [[] for _ in LIST_SPECS]
        self.webinar_candidates: list[Candidate] = []
        self.counts = dict.fromkeys(
            ("companies", "contacts", "signals", "engagements", "lists", "leads"), 0
        )

    def run(self, total: int) -> dict[str, int]:
        plants = _plants(total)
        free_sirens = self._free_sirens()
        for start in range(0, total, CHUNK):
            indexes = range(start, min(start + CHUNK, total))
            rows = [self.companies.row(next(free_sirens), plants.get(i)) for i in indexes]
            self._write_chunk(rows)
        self._write_pipeline(total)
        return self.counts

    def _free_sirens(self) -> Iterator[str]:
        """Demo SIRENs, skipping any the store already uses (imported real companies)."""
        generated = sirens(self.seed)
        while True:
            batch = [next(generated) for _ in range(CHUNK)]
            taken = set(
                self.connection.execute(
                    select(_company.c.siren).where(_company.c.siren.in_(batch))
                ).scalars()
            )
            yield from (siren for siren in batch if siren not in taken)

    def _write_chunk(self, rows: list[dict[str, Any]]) -> None:
        self._insert(_company, rows, "companies")
        people = [self.contacts.rows(row) for row in rows]
        flat = [person for group in people for person in group]
        self._insert(_contact, flat, "contacts")
        ids = self._contact_ids([row["siren"] for row in rows])
        signals: list[dict[str, Any]] = []
        engagements: list[dict[str, Any]] = []
        for company, group in zip(rows, people, strict=True):
            contact_ids = ids[company["siren"]]
            signals += self.activity.signals(company, group)
            events = self.activity.engagements(company, contact_ids)
            engagements += events
            if not company["active"]:
                continue
            candidate = Candidate(
                company["siren"],
                [
                    (cid, f"{p['first_name']} {p['last_name']}", p["title"])
                    for cid, p in zip(contact_ids, group, strict=True)
                ],
            )
            for kept, spec in zip(self.candidates, LIST_SPECS, strict=True):
                if len(kept) < _CANDIDATES_KEPT and spec.matches(company):
                    kept.append(candidate)
            interested = any(e["kind"] in ("webinar", "download") for e in events)
            if interested and len(self.webinar_candidates) < _CANDIDATES_KEPT:
                self.webinar_candidates.append(candidate)
        self._insert(_signal, signals, "signals")
        self._insert(_engagement, engagements, "engagements")

    def _contact_ids(self, company_sirens: list[str]) -> dict[str, list[int]]:
        """The ids of the contacts just written, per company, in the order they were written.

        (Bulk inserts with RETURNING run row by row on SQLite: reading the ids back is faster.)
        """
        ids: dict[str, list[int]] = {siren: [] for siren in company_sirens}
        query = (
            select(_contact.c.id, _contact.c.company_siren)
            .where(_contact.c.source == SOURCE, _contact.c.company_siren.in_(company_sirens))
            .order_by(_contact.c.id)
        )
        for contact_id, siren in self.connection.execute(query):
            ids[siren].append(contact_id)
        return ids

    def _write_pipeline(self, total: int) -> None:
        size = max(8, min(80, total // 250))
        plans = [
            (spec.name, spec.owner, spec.description, kept)
            for spec, kept in zip(LIST_SPECS, self.candidates, strict=True)
        ]
        plans.append((*WEBINAR_LIST, self.webinar_candidates))
        for name, owner, description, kept in plans:
            leads = self.pipeline.leads(kept, size, owner)
            row = self.pipeline.list_row(name, owner, description, leads)
            list_id = self.connection.execute(
                insert(_leadlist).returning(_leadlist.c.id), [row]
            ).scalar_one()
            self.counts["lists"] += 1
            self._insert(_lead, [{**lead, "list_id": list_id} for lead in leads], "leads")
            self._write_bant(list_id)

    def _write_bant(self, list_id: int) -> None:
        """The qualified leads' BANT, as answers their owner recorded when they reached SQL."""
        for criterion in ("budget", "authority", "need", "timing"):
            said = _lead.c[f"bant_{criterion}"]
            # "Budget à confirmer avec la direction financière": spoken of, not settled
            status = case((said.like("%à confirmer%"), "unknown"), else_="confirmed")
            rows = select(
                _lead.c.id,
                literal(criterion),
                status,
                literal({}, type_=JSON),
                said,
                func.coalesce(_lead.c.owner, "demo"),
                literal(SOURCE),
                func.coalesce(_lead.c.sql_at, _lead.c.updated_at),
            ).where(_lead.c.list_id == list_id, said.is_not(None))
            columns = ("lead_id", "criterion", "status", "value", "note", "said_by", "source",
                       "recorded_at")  # fmt: skip
            self.connection.execute(insert(_bant).from_select(columns, rows))

    def _insert(self, table: Table, rows: list[dict[str, Any]], counter: str) -> None:
        if rows:
            self.connection.execute(insert(table), rows)
            self.counts[counter] += len(rows)


def _stream(seed: int, part: str) -> random.Random:
    """An independent random stream per part, so changing one part leaves the others as they were."""
    return random.Random(f"filon-demo:{seed}:{part}")


def _plants(total: int) -> dict[int, Plant]:
    """Which company indexes are planted for which list, spread evenly over the run."""
    per_list = min(40, max(6, total // 500), total // (2 * len(LIST_SPECS)))
    planted = [spec.plant for spec in LIST_SPECS if spec.plant for _ in range(per_list)]
    if not planted:
        return {}
    step = total // len(planted)
    return {index * step: plant for index, plant in enumerate(planted)}

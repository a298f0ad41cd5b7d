"""Demo lead lists and leads: a few themed lists owned by several reps, with leads in every
stage, stage timestamps over the last ~120 days and BANT answers on qualified leads.

Leads are written unscored: their scores are computed from the demo's companies, engagement
and signals by `agent.qualification` once the seed is in (`filon demo`, `filon ui`)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from store.demo.companies import Plant
from store.demo.weighted import Weighted

SOURCE = "demo"
OWNERS = ("alice.martin", "bruno.petit", "chloe.bernard", "david.roux")
STAGES = ("new", "mql", "sql", "won", "lost", "disqualified")
WINDOW_DAYS = 120
_STAGE_WEIGHTS = Weighted(
    (("new", 30), ("mql", 25), ("sql", 18), ("won", 8), ("lost", 10), ("disqualified", 9))
)
_SCORE_RANGES = {
    "new": (10, 55), "mql": (40, 75), "sql": (60, 90), "won": (70, 100), "lost": (30, 80),
    "disqualified": (0, 30),
}  # fmt: skip
_ESN_CODES = frozenset({"62.01Z", "62.02A", "62.03Z", "62.09Z"})
_SAAS_CODES = frozenset({"58.29A", "58.29B", "58.29C"})
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
_BUDGETS = (
    "Budget validé : {k} k€ par an", "Enveloppe prévue au budget {year}",
    "Budget à confirmer avec la direction financière", "{k} k€ alloués à l'outillage commercial",
)  # fmt: skip
_NEEDS = (
    "Automatiser la prospection sortante de l'équipe commerciale",
    "Fiabiliser les données de contacts (e-mails, téléphones)",
    "Prioriser les comptes qui recrutent ou lèvent des fonds",
    "Remplacer les fichiers Excel par un CRM alimenté automatiquement",
    "Détecter les signaux d'achat sur le portefeuille clients",
)


@dataclass(frozen=True, slots=True)
class ListSpec:
    """A themed lead list: who owns it, which companies belong, and what to plant for it."""

    name: str
    owner: str
    description: str
    matches: Callable[[dict[str, Any]], bool]
    plant: Plant | None


LIST_SPECS: tuple[ListSpec, ...] = (
    ListSpec(
        "ESN Lyon", "alice.martin", "ESN de la métropole lyonnaise, tous effectifs",
        lambda c: c["naf_code"] in _ESN_CODES and c["department"] == "69",
        Plant("esn", ("69",), city="Lyon"),
    ),
    ListSpec(
        "Cabinets comptables Gironde", "bruno.petit", "Experts-comptables de Gironde",
        lambda c: c["naf_code"] == "69.20Z" and c["department"] == "33",
        Plant("accounting", ("33",)),
    ),
    ListSpec(
        "SaaS Île-de-France", "chloe.bernard", "Éditeurs de logiciels franciliens",
        lambda c: c["naf_code"] in _SAAS_CODES and c["region"] == "11",
        Plant("software", ("75", "75", "75", "92", "92", "93", "94", "78", "91"), "58.29C"),
    ),
    ListSpec(
        "BTP Bretagne", "david.roux", "Entreprises du bâtiment en Bretagne",
        lambda c: c["naf_section"] == "F" and c["region"] == "53",
        Plant("construction", ("35", "29", "56", "22")),
    ),
)  # fmt: skip
WEBINAR_LIST = (
    "Relance webinar",
    "chloe.bernard",
    "Participants aux webinars et lecteurs des livres blancs",
)


@dataclass(slots=True)
class Candidate:
    """A company that may become a lead, with its contacts as (id, full name, title)."""

    siren: str
    contacts: list[tuple[int, str, str]]


class PipelineFactory:
    """Builds lead lists and their leads from one random stream."""

    def __init__(self, rng: random.Random, *, reference: date) -> None:
        self.rng = rng
        self.now = datetime.combine(reference, time(18), tzinfo=UTC)

    def leads(self, candidates: list[Candidate], size: int, owner: str) -> list[dict[str, Any]]:
        """Up to `size` leads drawn from the candidates; every stage appears from six leads on."""
        rng = self.rng
        chosen = rng.sample(candidates, min(size, len(candidates)))
        stages = list(STAGES[: len(chosen)]) + [
            _STAGE_WEIGHTS.pick(rng) for _ in range(len(chosen) - len(STAGES))
        ]
        rng.shuffle(stages)
        return [self._lead(c, stage, owner) for c, stage in zip(chosen, stages, strict=True)]

    def list_row(
        self, name: str, owner: str, description: str, leads: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The row of a lead list, created just before its first lead."""
        first = min((lead["created_at"] for lead in leads), default=self.now)
        return {
            "name": name,
            "owner": owner,
            "description": description,
            "source": SOURCE,
            "created_at": first - timedelta(days=1),
        }

    def _lead(self, candidate: Candidate, stage: str, list_owner: str) -> dict[str, Any]:
        rng = self.rng
        owner = list_owner if rng.random() < 0.6 else rng.choice(OWNERS)
        created = self.now - timedelta(days=rng.randrange(WINDOW_DAYS), hours=rng.randrange(10))
        mql_at, sql_at, closed_at = self._timeline(created, stage)
        contact = candidate.contacts[0] if rng.random() < 0.6 else rng.choice(candidate.contacts)
        # Scores were once drawn here; the draws stay so the rest of the stream is unchanged.
        low, high = _SCORE_RANGES[stage]
        for _part in ("fit", "intent", "engagement"):
            rng.randint(low, high)
        qualified = sql_at is not None
        return {
            "company_siren": candidate.siren,
            "contact_id": contact[0],
            "owner": owner,
            "stage": stage,
            "score": None,
            "scores": {},
            "bant_budget": self._budget(sql_at) if sql_at else None,
            "bant_authority": f"Décideur : {contact[1]}, {contact[2]}" if qualified else None,
            "bant_need": rng.choice(_NEEDS) if qualified else None,
            "bant_timing": self._timing(sql_at) if sql_at else None,
            "source": SOURCE,
            "created_at": created,
            "updated_at": max(t for t in (created, mql_at, sql_at, closed_at) if t is not None),
            "mql_at": mql_at,
            "sql_at": sql_at,
            "closed_at": closed_at,
        }

    def _timeline(
        self, created: datetime, stage: str
    ) -> tuple[datetime | None, datetime | None, datetime | None]:
        """Stage timestamps after `created`, squeezed to end before the reference time."""
        rng = self.rng
        reached_mql = stage in ("mql", "sql", "won", "lost") or (
            stage == "disqualified" and rng.random() < 0.5
        )
        steps = [
            timedelta(hours=rng.randrange(2, 14 * 24)) if reached_mql else None,
            timedelta(days=rng.uniform(1, 21)) if stage in ("sql", "won", "lost") else None,
            timedelta(days=rng.uniform(3, 35))
            if stage in ("won", "lost", "disqualified")
            else None,
        ]
        total = sum((step for step in steps if step), timedelta())
        room = self.now - created
        scale = min(1.0, room / total * rng.uniform(0.6, 0.95)) if total else 1.0
        moments: list[datetime | None] = []
        current = created
        for step in steps:
            if step is None:
                moments.append(None)
                continue
            current += step * scale
            moments.append(current)
        return moments[0], moments[1], moments[2]

    def _budget(self, sql_at: datetime) -> str:
        template = self.rng.choice(_BUDGETS)
        return template.format(k=self.rng.choice((8, 12, 15, 24, 30, 45, 60)), year=sql_at.year + 1)

    def _timing(self, sql_at: datetime) -> str:
        month = (sql_at.month - 1 + self.rng.randint(1, 4)) % 12
        year = sql_at.year + (1 if month < sql_at.month - 1 else 0)
        return f"Décision visée en {_MONTHS[month]} {year}"

"""Demo buying signals (hiring, fundraising, job changes, legal notices, growth) within the
last six months, and engagement events (page views, downloads, webinars, email opens and
clicks, demo requests) within the last 90 days."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from store.demo.naming import brand
from store.demo.places import CITIES
from store.demo.weighted import Weighted

SOURCE = "demo"
_TECH_PREFIXES = ("58.2", "62.", "63.1")
_SIGNAL_KINDS = Weighted(
    (("hiring", 40), ("job_change", 20), ("legal_notice", 15), ("growth", 15), ("fundraising", 10))
)
_TECH_SIGNAL_KINDS = Weighted(
    (("hiring", 45), ("fundraising", 20), ("job_change", 15), ("growth", 15), ("legal_notice", 5))
)
_TECH_JOBS = (
    "développeurs Java", "ingénieurs DevOps", "consultants cybersécurité", "data engineers",
    "chefs de projet MOA", "développeurs React", "consultants SAP", "ingénieurs cloud",
)  # fmt: skip
_JOBS = (
    "commerciaux terrain", "techniciens de maintenance", "chargés de clientèle", "comptables",
    "conducteurs de travaux", "assistants administratifs", "responsables d'agence",
)  # fmt: skip
# (title, BODACC family, the signal's kind)
_LEGAL_NOTICES = (
    ("Modification du capital social", "modification", "modification"),
    ("Transfert du siège social", "modification", "modification"),
    ("Nomination d'un nouveau dirigeant", "modification", "leadership_change"),
    ("Dépôt des comptes annuels", "depot_comptes", "accounts_filed"),
    ("Ouverture d'une procédure de sauvegarde", "procedure_collective", "insolvency"),
)
_NEGATIVE_KINDS = ("insolvency", "deregistration")
_ENGAGEMENT_KINDS = Weighted(
    (("page_view", 35), ("email_open", 25), ("email_click", 12), ("download", 10),
     ("webinar", 10), ("demo_request", 4))
)  # fmt: skip
_ENGAGEMENT_DETAILS: dict[str, tuple[str, ...]] = {
    "page_view": ("/tarifs", "/fonctionnalites", "/cas-clients", "/blog/prospection-b2b",
                  "/integrations/hubspot", "/securite-rgpd"),
    "email_open": ("Campagne : relance T4", "Newsletter de novembre", "Séquence : nouveaux DAF"),
    "email_click": ("Campagne : relance T4 — lien tarifs", "Newsletter — étude de cas"),
    "download": ("Livre blanc : la prospection B2B en 2026", "Guide RGPD et prospection",
                 "Modèle de séquence d'e-mails"),
    "webinar": ("Webinar : qualifier ses leads avec BANT", "Webinar : automatiser sa prospection"),
    "demo_request": ("Demande de démo via le formulaire du site",),
}  # fmt: skip


class ActivityFactory:
    """Builds signal and engagement rows from one random stream."""

    def __init__(self, rng: random.Random, *, reference: date) -> None:
        self.rng = rng
        self.reference = reference
        self.now = datetime.combine(reference, time(18), tzinfo=UTC)

    def signals(
        self, company: dict[str, Any], contacts: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Signals for a company: about one company in ten has one or more."""
        rng = self.rng
        tech = str(company["naf_code"]).startswith(_TECH_PREFIXES)
        if not company["active"] or rng.random() >= (0.2 if tech else 0.09):
            return []
        kinds = _TECH_SIGNAL_KINDS if tech else _SIGNAL_KINDS
        count = rng.choices((1, 2, 3), weights=(70, 25, 5))[0]
        return [self._signal(company, contacts, kinds.pick(rng), tech) for _ in range(count)]

    def engagements(self, company: dict[str, Any], contact_ids: list[int]) -> list[dict[str, Any]]:
        """Engagement events for a company: about one active company in twelve has some."""
        rng = self.rng
        if not company["active"] or rng.random() >= 0.08:
            return []
        rows = []
        for _ in range(rng.randint(1, 6)):
            kind = _ENGAGEMENT_KINDS.pick(rng)
            contact_id = rng.choice(contact_ids) if contact_ids and rng.random() < 0.85 else None
            rows.append(
                {
                    "company_siren": company["siren"],
                    "contact_id": contact_id,
                    "kind": kind,
                    "detail": rng.choice(_ENGAGEMENT_DETAILS[kind]),
                    "occurred_at": self.now - timedelta(seconds=rng.randrange(90 * 86_400)),
                    "source": SOURCE,
                }
            )
        return rows

    def _signal(
        self, company: dict[str, Any], contacts: list[dict[str, Any]], kind: str, tech: bool
    ) -> dict[str, Any]:
        rng = self.rng
        occurred = self.reference - timedelta(days=rng.randrange(180))
        domain = company["domain"]
        url: str | None = None
        if kind == "hiring":
            count = rng.randint(2, 12)
            job = rng.choice(_TECH_JOBS if tech else _JOBS)
            title = f"Recrute {count} {job}"
            detail = f"{count} offres d'emploi en CDI publiées ces 30 derniers jours."
            payload: dict[str, Any] = {"open_positions": count, "role": job}
            url = f"https://www.{domain}/carrieres" if domain else None
            strength = rng.uniform(0.5, 0.9)
        elif kind == "fundraising":
            amount = rng.choice((0.5, 1, 1.5, 2, 3, 5, 8, 12, 20))
            stage = "amorçage" if amount < 2 else ("série A" if amount < 10 else "série B")
            title = f"Levée de fonds de {amount:g} M€ ({stage})".replace(".", ",")
            detail = f"Tour de table mené par {brand(rng)} Capital pour accélérer la croissance."
            payload = {"amount_eur": int(amount * 1_000_000), "round": stage}
            strength = rng.uniform(0.75, 0.95)
        elif kind == "job_change":
            person = rng.choice(contacts)
            name = f"{person['first_name']} {person['last_name']}"
            title = f"Nouveau poste : {name}, {person['title']}"
            detail = f"{name} a rejoint {company['name']} (auparavant chez {brand(rng)})."
            payload = {"person": name, "title": person["title"]}
            strength = rng.uniform(0.6, 0.85)
        elif kind == "legal_notice":
            title, notice_type, kind = rng.choice(_LEGAL_NOTICES)
            detail = f"Annonce BODACC publiée le {occurred.strftime('%d/%m/%Y')}."
            payload = {"bodacc_type": notice_type}
            url = "https://www.bodacc.fr/"
            strength = rng.uniform(0.3, 0.6)
        else:
            title, detail, payload = self._growth(company)
            kind = "new_site" if "city" in payload else "growth"
            strength = rng.uniform(0.5, 0.8)
        detected = datetime.combine(occurred, time(8), tzinfo=UTC) + timedelta(
            days=rng.randrange(4)
        )
        return {
            "company_siren": company["siren"],
            "kind": kind,
            "title": title,
            "detail": detail,
            "url": url,
            "occurred_on": occurred,
            "strength": round(strength, 2),
            "negative": kind in _NEGATIVE_KINDS,
            "payload": payload,
            "source": SOURCE,
            "detected_at": min(detected, self.now),
        }

    def _growth(self, company: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        rng = self.rng
        if rng.random() < 0.5:
            department = rng.choice(list(CITIES))
            city = CITIES[department][0].name
            return (
                f"Ouverture d'une agence à {city}",
                f"{company['name']} ouvre un nouvel établissement à {city}.",
                {"city": city, "department": department},
            )
        percent = rng.randint(10, 60)
        return (
            f"Effectif en hausse de {percent} % sur un an",
            "Croissance des effectifs mesurée sur les offres et les profils publics.",
            {"headcount_growth_percent": percent},
        )

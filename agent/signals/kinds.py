"""Kinds of signal as people name them: "recrutement", "levée de fonds", "procédure
collective", "hiring", "new CEO"… → `SignalKind`."""

from __future__ import annotations

from store.models import SignalKind
from store.text import fold

_NAMES: dict[str, SignalKind] = {
    # hiring
    "recrutement": SignalKind.hiring, "recrute": SignalKind.hiring, "embauche": SignalKind.hiring,
    "offre d'emploi": SignalKind.hiring, "offres d'emploi": SignalKind.hiring,
    "job offer": SignalKind.hiring, "job posting": SignalKind.hiring,
    # fundraising
    "levee de fonds": SignalKind.fundraising, "levee": SignalKind.fundraising,
    "funding": SignalKind.fundraising, "funding round": SignalKind.fundraising,
    "financement": SignalKind.fundraising,
    # leadership and people
    "nouveau dirigeant": SignalKind.leadership_change,
    "changement de dirigeant": SignalKind.leadership_change,
    "changement de direction": SignalKind.leadership_change,
    "new ceo": SignalKind.leadership_change, "leadership change": SignalKind.leadership_change,
    "changement de poste": SignalKind.job_change, "nouveau poste": SignalKind.job_change,
    "job change": SignalKind.job_change,
    # sites and growth
    "nouveau site": SignalKind.new_site, "ouverture": SignalKind.new_site,
    "nouvel etablissement": SignalKind.new_site, "new office": SignalKind.new_site,
    "new site": SignalKind.new_site, "croissance": SignalKind.growth,
    "actualite": SignalKind.news, "presse": SignalKind.news, "article": SignalKind.news,
    # legal notices
    "immatriculation": SignalKind.creation, "creation": SignalKind.creation,
    "vente": SignalKind.sale, "cession": SignalKind.sale, "vente cession": SignalKind.sale,
    "depot des comptes": SignalKind.accounts_filed, "comptes annuels": SignalKind.accounts_filed,
    "accounts filed": SignalKind.accounts_filed,
    "procedure collective": SignalKind.insolvency, "redressement judiciaire": SignalKind.insolvency,
    "liquidation judiciaire": SignalKind.insolvency, "sauvegarde": SignalKind.insolvency,
    "insolvency": SignalKind.insolvency, "radiation": SignalKind.deregistration,
    "deregistration": SignalKind.deregistration,
}  # fmt: skip


def read_kind(text: str) -> SignalKind | None:
    """The kind `text` names (a kind's value, or a French or English name), else None."""
    key = " ".join(fold(text).lower().replace("_", " ").replace("-", " ").split())
    if not key:
        return None
    for kind in SignalKind:
        if key == kind.value.replace("_", " "):
            return kind
    return _NAMES.get(key)

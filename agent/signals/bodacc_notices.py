"""A BODACC notice read as a `FoundSignal`: its family as a kind (a modification naming new
managers as a leadership change), a French title and detail from the notice's own words, a
strength, the essentials as payload, and a rectification or cancellation as the notice it
corrects.

A notice that lacks what a signal needs (its id, a valid SIREN, its day, a known family) is
None, which the caller skips and counts. Natural persons named in `listepersonnes` (and the
judgment's free text, and the acts' `descriptif`, which name administrators) are never read
into a signal.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from agent.signals.bodacc_records import Act, Judgment, Notice, clean, french_date
from agent.signals.ports import FoundSignal
from store.models import SignalKind

SOURCE = "bodacc"
TITLE_MAX, DETAIL_MAX, FIELD_MAX, URL_MAX = 200, 500, 300, 500

# How much a notice says about a company's buying moment (0–1; negative kinds subtract).
# A court judgment or a deregistration changes everything at once; a sale or new managers
# reopen the choice of suppliers; a new company or site equips itself; a change of capital,
# name or address seldom means a need; filed accounts only say the company is alive.
STRENGTHS: dict[SignalKind, float] = {
    SignalKind.insolvency: 0.9,
    SignalKind.deregistration: 0.9,
    SignalKind.sale: 0.7,
    SignalKind.leadership_change: 0.7,
    SignalKind.creation: 0.6,
    SignalKind.modification: 0.3,
    SignalKind.accounts_filed: 0.1,
}
# `familleavis` → kind, and the title when the notice itself says nothing more precise.
_FAMILIES: dict[str, tuple[SignalKind, str]] = {
    "creation": (SignalKind.creation, "Création d'établissement"),
    "immatriculation": (SignalKind.creation, "Immatriculation au RCS"),
    "vente": (SignalKind.sale, "Vente / cession du fonds"),
    "modification": (SignalKind.modification, "Modification au RCS"),
    "divers": (SignalKind.modification, "Annonce diverse"),
    "dpc": (SignalKind.accounts_filed, "Dépôt des comptes annuels"),
    "collective": (SignalKind.insolvency, "Procédure collective"),
    "conciliation": (SignalKind.insolvency, "Procédure de conciliation"),
    "retablissement_professionnel": (SignalKind.insolvency, "Rétablissement professionnel"),
    "radiation": (SignalKind.deregistration, "Radiation du RCS"),
}
# A change of managers as a modification's `descriptif` states it ("Modification survenue sur
# l'administration", "… nomination du gérant"). `listepersonnes.personne.administration` is
# the roster *after* the change, on every modification of a company: it proves no change by
# itself, and it names people, so it is not read.
_LEADERS = re.compile(
    r"administration|dirigeant|g[ée]rant|pr[ée]sident|directeur g[ée]n[ée]ral", re.IGNORECASE
)
_URL = re.compile(r"https?://[^\s\"'<>]+")


def read_notice(notice: Notice, wanted: Collection[str] = ()) -> FoundSignal | None:
    """The notice as a signal about its company (the `wanted` one when it names several),
    or None when it lacks what a signal needs: its id, a valid SIREN, its day, a known family."""
    family = (notice.familleavis or "").strip().lower()
    siren, day, external_id = notice.siren(wanted), notice.published_on(), clean(notice.id, 40)
    if family not in _FAMILIES or siren is None or day is None or external_id is None:
        return None
    kind = _kind(notice, family)
    notice_type = (notice.typeavis or "").strip().lower()
    previous = notice.parutionavisprecedent
    corrects = None
    if notice_type in ("rectificatif", "annulation") and previous:
        corrects = previous.notice_id
    url = _URL.fullmatch(clean(notice.url_complete, URL_MAX) or "")
    return FoundSignal(
        siren=siren,
        kind=kind,
        occurred_on=day,
        title=_title(notice, family, kind),
        source=SOURCE,
        external_id=external_id,
        detail=_detail(notice, family, kind),
        url=url[0] if url else None,
        strength=STRENGTHS[kind],
        payload=_payload(notice, family),
        corrects=corrects,
        cancels=notice_type == "annulation",
    )


def _changes(notice: Notice) -> str | None:
    return notice.modificationsgenerales.descriptif if notice.modificationsgenerales else None


def _kind(notice: Notice, family: str) -> SignalKind:
    changes = _changes(notice)
    if family == "modification" and changes and _LEADERS.search(changes):
        return SignalKind.leadership_change
    return _FAMILIES[family][0]


def _title(notice: Notice, family: str, kind: SignalKind) -> str:
    """What happened, from the notice's own words when it has them."""
    act, judgment = notice.acte or Act(), notice.jugement
    said: str | None = None
    if kind is SignalKind.leadership_change:
        said = "Changement de dirigeant"
    elif kind is SignalKind.insolvency and judgment:
        said = judgment.nature or judgment.famille
    elif family == "creation" and act.creation:
        said = act.creation.categorieCreation
    elif family == "immatriculation" and act.immatriculation:
        said = act.immatriculation.categorieImmatriculation
    elif family == "modification":
        said = _changes(notice)
    elif family == "divers":
        said = notice.familleavis_lib
    return clean(said, TITLE_MAX) or _FAMILIES[family][1]


def _detail(notice: Notice, family: str, kind: SignalKind) -> str | None:
    """A short text, the court and the place. The judgment's free text
    (`complementJugement`) and the acts' `descriptif` name people: left out."""
    act, judgment, filing = notice.acte or Act(), notice.jugement, notice.depot
    what: str | None = None
    if kind is SignalKind.insolvency and judgment and judgment.date:
        what = f"jugement du {french_date(judgment.date)}"
    elif family == "vente" and act.vente:
        what = act.vente.categorieVente
    elif kind is SignalKind.creation and act.dateCommencementActivite:
        what = f"début d'activité le {french_date(act.dateCommencementActivite)}"
    elif family == "dpc" and filing:
        closed = filing.dateCloture and f"exercice clos le {french_date(filing.dateCloture)}"
        what = ", ".join(part for part in (filing.typeDepot, closed) if part)
    elif family == "radiation" and notice.radiationaurcs and notice.radiationaurcs.ceased_on:
        what = f"cessation d'activité le {french_date(notice.radiationaurcs.ceased_on)}"
    elif kind is SignalKind.leadership_change:
        what = _changes(notice)
    place = " ".join(part for part in (notice.ville, notice.cp and f"({notice.cp})") if part)
    parts = (clean(part, FIELD_MAX) for part in (what, notice.tribunal, place))
    return clean(" · ".join(part for part in parts if part), DETAIL_MAX)


def _payload(notice: Notice, family: str) -> dict[str, Any]:
    """The notice's essentials; of the persons it names, only whether one is a company and
    the company's name."""
    act, judgment, filing = notice.acte or Act(), notice.jugement or Judgment(), notice.depot
    names = notice.company_names()
    fields = {
        "famille": family,
        "famille_lib": notice.familleavis_lib,
        "typeavis": notice.typeavis,
        "publication": notice.publicationavis,
        "parution": notice.parution,
        "numeroannonce": notice.numeroannonce,
        "tribunal": notice.tribunal,
        "ville": notice.ville,
        "departement": notice.numerodepartement,
        "jugement_famille": judgment.famille,
        "jugement_nature": judgment.nature,
        "jugement_date": judgment.date,
        "vente": act.vente.categorieVente if act.vente else None,
        "depot_type": filing.typeDepot if filing else None,
        "depot_cloture": filing.dateCloture if filing else None,
        "modification": _changes(notice),
        "cessation": notice.radiationaurcs.ceased_on if notice.radiationaurcs else None,
        "denomination": names[0] if names else None,
    }
    payload: dict[str, Any] = {
        key: text for key, value in fields.items() if (text := clean(value, FIELD_MAX))
    }
    payload["personne_morale"] = bool(names)
    return payload

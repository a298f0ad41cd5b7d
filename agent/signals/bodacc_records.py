"""BODACC notices as the Opendatasoft dataset `annonces-commerciales` serves them, and each
one read as a `FoundSignal`.

One record of a page's `results` (shapes from the dataset's fields and published clients):

    {"id": "A202002333642", "publicationavis": "A", "parution": "20200233",
     "numeroannonce": 3642, "dateparution": "2020-11-30",
     "typeavis": "annonce" | "rectificatif" | "annulation", "familleavis": "collective",
     "familleavis_lib": "Procédures collectives", "tribunal": "TRIBUNAL DE COMMERCE DE …",
     "ville": "Cenon", "cp": "33150", "numerodepartement": "33",
     "registre": ["833 310 592", "833310592"], "url_complete": "https://www.bodacc.fr/…",
     "listepersonnes": "{\"personne\": {\"typePersonne\": \"pm\", \"denomination\": …}}",
     "jugement": "{\"famille\", \"nature\", \"date\", \"complementJugement\"}",
     "acte": "{\"creation\": {\"categorieCreation\"}, \"vente\": {\"categorieVente\"}, …}",
     "modificationsgenerales": "{\"descriptif\": \"Modification survenue sur l'administration.\"}",
     "radiationaurcs": "{\"radiationPM\": \"O\"}",
     "depot": "{\"typeDepot\": \"Comptes annuels et rapports\", \"dateCloture\": \"2018-12-31\"}",
     "parutionavisprecedent": "{\"nomPublication\": \"BODACC A\", \"numeroParution\": \"20200233\",
                                \"dateParution\": \"2020-11-30\", \"numeroAnnonce\": \"3642\"}"}

The object fields come as JSON inside strings. Every field is read leniently: a value that
is not JSON, or not the documented shape, reads as absent, so one odd notice never fails a
page. A notice that lacks what a signal needs (its id, a valid SIREN, its day, a known
family) is skipped by the caller and counted. Texts are untrusted: control and formatting
characters go, lengths are capped. Natural persons named in `listepersonnes` (and the
judgment's free text, which names administrators) are never read into a signal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from agent.signals.ports import FoundSignal
from store.identifiers import compact, is_valid_siren
from store.models import SignalKind


def _text(value: Any) -> str | None:
    """A scalar as text; anything else (an object where text was expected) reads as absent."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _embedded(value: Any) -> Any:
    """A JSON-in-string field as its object; absent when it is not JSON or not an object."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return None
    return value if isinstance(value, dict) else None


def _listed(value: Any) -> list[Any]:
    """`personne` is an object for one person and an array for several: always a list."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _registre(value: Any) -> list[str]:
    """`registre` is a list; older exports join it into "833 310 592,833310592"."""
    items = value.split(",") if isinstance(value, str) else value
    return [item for item in items if isinstance(item, str)] if isinstance(items, list) else []


Text = Annotated[str | None, BeforeValidator(_text)]
Embedded = BeforeValidator(_embedded)


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Judgment(_Loose):
    famille: Text = None
    nature: Text = None
    date: Text = None


class Creation(_Loose):
    categorieCreation: Text = None


class Registration(_Loose):
    # Not in the field documentation: assumed to mirror `creation.categorieCreation`.
    categorieImmatriculation: Text = None


class Sale(_Loose):
    categorieVente: Text = None


class Act(_Loose):
    creation: Annotated[Creation | None, Embedded] = None
    immatriculation: Annotated[Registration | None, Embedded] = None
    vente: Annotated[Sale | None, Embedded] = None
    dateCommencementActivite: Text = None


class Changes(_Loose):
    descriptif: Text = None


class Filing(_Loose):
    typeDepot: Text = None
    dateCloture: Text = None


class Cessation(_Loose):
    dateCessationActivitePP: Text = None


class Deregistration(Cessation):
    """`{"radiationPM": "O"}` for a company (no date), the day a sole trader stopped for a
    person: at the top today, under `radiationPP` in older notices."""

    radiationPP: Annotated[Cessation | None, Embedded] = None

    @property
    def ceased_on(self) -> str | None:
        older = self.radiationPP.dateCessationActivitePP if self.radiationPP else None
        return self.dateCessationActivitePP or older


class LegalName(_Loose):
    denomination: Text = None


class Person(_Loose):
    """Only what says whether the notice names a company: a natural person's name (`nom`,
    `prenom`, `nomUsage`) and address are personal data and never read."""

    typePersonne: Text = None
    denomination: Text = None
    personneMorale: Annotated[LegalName | None, Embedded] = None

    @property
    def company_name(self) -> str | None:
        """The legal person's name, None for a natural person."""
        if self.personneMorale and self.personneMorale.denomination:
            return self.personneMorale.denomination
        return self.denomination if (self.typePersonne or "").lower() == "pm" else None


class People(_Loose):
    personne: Annotated[list[Person], BeforeValidator(_listed)] = Field(default_factory=list)


class PreviousNotice(_Loose):
    nomPublication: Text = None
    numeroParution: Text = None
    numeroAnnonce: Text = None

    @property
    def notice_id(self) -> str | None:
        """The earlier notice's `id`, built the way the dataset builds it (see `Notice`)."""
        letter = (self.nomPublication or "").strip()[-1:].upper()
        parution = (self.numeroParution or "").strip()
        number = (self.numeroAnnonce or "").strip()
        if letter not in ("A", "B", "C") or not parution.isdigit() or not number.isdigit():
            return None
        return f"{letter}{parution}{int(number)}"


class Notice(_Loose):
    """One BODACC notice. `id` is the publication letter, the issue number and the notice
    number run together ("A" + "20200233" + "3642"); `PreviousNotice.notice_id` rebuilds it
    for the notice a rectification or cancellation names. The dataset serves
    `numeroannonce` as an integer, so the number is written without leading zeros: an
    assumption the documentation does not state; were it wrong, a correction would not find
    its notice and the earlier one would stay a signal, nothing worse."""

    id: Text = None
    publicationavis: Text = None
    parution: Text = None
    numeroannonce: Text = None
    dateparution: Text = None
    typeavis: Text = None
    familleavis: Text = None
    familleavis_lib: Text = None
    tribunal: Text = None
    ville: Text = None
    cp: Text = None
    numerodepartement: Text = None
    url_complete: Text = None
    registre: Annotated[list[str], BeforeValidator(_registre)] = Field(default_factory=list)
    listepersonnes: Annotated[People | None, Embedded] = None
    jugement: Annotated[Judgment | None, Embedded] = None
    acte: Annotated[Act | None, Embedded] = None
    modificationsgenerales: Annotated[Changes | None, Embedded] = None
    depot: Annotated[Filing | None, Embedded] = None
    radiationaurcs: Annotated[Deregistration | None, Embedded] = None
    parutionavisprecedent: Annotated[PreviousNotice | None, Embedded] = None

    def siren(self, wanted: Collection[str] = ()) -> str | None:
        """The company: the first valid SIREN of `registre` that is `wanted`, else the first
        valid one (a sale or a merger names both parties)."""
        found = dict.fromkeys(compact(item) for item in self.registre)
        valid = [siren for siren in found if is_valid_siren(siren)]
        return next((siren for siren in valid if siren in wanted), valid[0] if valid else None)

    def published_on(self) -> date | None:
        """The day of publication, None when unreadable."""
        try:
            return date.fromisoformat((self.dateparution or "").strip()[:10])
        except ValueError:
            return None

    def company_names(self) -> list[str]:
        """The legal persons the notice names (natural persons are left out)."""
        people = self.listepersonnes.personne if self.listepersonnes else []
        return [name for person in people if (name := person.company_name)]


class RecordsPage(BaseModel):
    """One page of `GET …/records`: anything else is `ApiMalformed`."""

    total_count: int = Field(ge=0)
    results: list[Notice]


_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # keep the no-break spaces French typography needs


def clean(value: str | None, limit: int) -> str | None:
    """Untrusted text on one line, without control or formatting characters, at most `limit`
    characters; None when nothing is left."""
    if value is None:
        return None
    text = value
    if not text.isprintable():  # the usual text is: no need to look at each character
        # Category C: controls, bidi overrides and other invisible formatting, unassigned.
        text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def french_date(value: str | None) -> str | None:
    """An ISO day as a French one ("19/11/2020"); other text as it is."""
    try:
        return date.fromisoformat((value or "")[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return clean(value, 40)


# --- a notice as a signal ----------------------------------------------------------------------

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

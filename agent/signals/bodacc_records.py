"""BODACC notices as the Opendatasoft dataset `annonces-commerciales` serves them: the page
and record models, read leniently, and the cleaning of their untrusted text.

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
page. Texts are untrusted: `clean` drops control and formatting characters and caps
lengths. A natural person named in `listepersonnes` is modelled only as far as telling it
from a company: names and addresses are never read. `agent.signals.bodacc_notices` reads a
notice as a signal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from store.identifiers import compact, is_valid_siren


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

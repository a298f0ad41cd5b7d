"""A fake BODACC for the adapter tests: the Opendatasoft Explore API v2.1 records endpoint of
the dataset `annonces-commerciales`, serving notices from a list in memory.

It speaks the documented contract: `where` in the ODSQL the adapter writes (`registre like`,
`numerodepartement=`, `dateparution>=date'…'` and `<=`, AND, OR, parentheses), `order_by`,
`limit` (at most 100), `offset` with `offset + limit` at most the result window (10 000,
smaller for fast tests), `{"total_count", "results"}`, and ODS's 400 error bodies. Scripted
faults (`faults`) are answered first, one per request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

RECORDS_PATH = "/api/explore/v2.1/catalog/datasets/annonces-commerciales/records"
BASE_URL = "https://bodacc.test/api/explore/v2.1"
Record = dict[str, Any]
Test = Callable[[Record], bool]

_TOKEN = re.compile(
    r"""\s*(?:(?P<open>\()|(?P<close>\))|(?P<join>AND|OR)\b
    |(?P<field>\w+)\s*(?P<op>like|>=|<=|=)\s*(?:"(?P<text>[^"]*)"|date'(?P<day>[\d-]{10})'))""",
    re.IGNORECASE | re.VERBOSE,
)


def ods_error(message: str, code: str = "InvalidRESTParameterError") -> httpx.Response:
    """A 400 the way Opendatasoft writes them."""
    return httpx.Response(400, json={"error_code": code, "message": message})


@dataclass
class FakeBodacc:
    """The records endpoint over `records`, with a result window of `window` records."""

    records: list[Record] = field(default_factory=list)
    window: int = 10_000
    faults: list[httpx.Response] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    _matches: dict[tuple[str, str, int], list[Record]] = field(default_factory=dict, repr=False)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.faults:
            return self.faults.pop(0)
        if request.url.path != RECORDS_PATH:
            return httpx.Response(404, json={"error_code": "NotFound", "message": "Not found"})
        params = request.url.params
        limit, offset = int(params.get("limit", "10")), int(params.get("offset", "0"))
        if not -1 <= limit <= 100:
            return ods_error(
                f"Invalid value for limit API parameter: {limit} was found but "
                "-1 <= limit <= 100 is expected."
            )
        if offset + limit > self.window:
            return ods_error(
                "Invalid value for sum of offset + limit API parameter: "
                f"{offset + limit} was found but <= {self.window} is expected."
            )
        where, order = params.get("where", ""), params.get("order_by", "")
        try:
            found = self._match(where, order)
        except ValueError as error:
            return ods_error(str(error), code="ODSQLError")
        page = found[offset : offset + limit]
        return httpx.Response(200, json={"total_count": len(found), "results": page})

    def _match(self, where: str, order: str) -> list[Record]:
        """The records matching `where` in `order` (kept while the list does not grow: paging
        through 10 000 records stays fast)."""
        key = (where, order, len(self.records))
        if key not in self._matches:
            test = parse_where(where)
            found = [record for record in self.records if test(record)]
            for name, descending in reversed(_order(order)):
                found.sort(key=lambda record: str(record.get(name, "")), reverse=descending)
            self._matches[key] = found
        return self._matches[key]

    @property
    def wheres(self) -> list[str]:
        return [request.url.params.get("where", "") for request in self.requests]

    @property
    def pages(self) -> list[tuple[int, int]]:
        """(offset, limit) of every request."""
        return [
            (int(request.url.params["offset"]), int(request.url.params["limit"]))
            for request in self.requests
        ]


def _order(value: str) -> list[tuple[str, bool]]:
    keys = []
    for part in filter(None, (part.strip() for part in value.split(","))):
        name, _, direction = part.partition(" ")
        keys.append((name, direction.strip().lower() == "desc"))
    return keys


def parse_where(where: str) -> Test:
    """The ODSQL `where` as a test on a record (only what the adapter writes)."""
    tokens: list[re.Match[str]] = []
    position = 0
    while position < len(where.rstrip()):
        token = _TOKEN.match(where, position)
        if not token:
            raise ValueError(f"ODSQL syntax error at {position}: {where[position:][:30]!r}")
        tokens.append(token)
        position = token.end()
    test, rest = _either(tokens)
    if rest:
        raise ValueError(f"ODSQL syntax error: unexpected {rest[0].group().strip()!r}")
    return test


def _either(tokens: list[re.Match[str]]) -> tuple[Test, list[re.Match[str]]]:
    tests, rest = [], tokens
    while True:
        test, rest = _all(rest)
        tests.append(test)
        if not rest or (rest[0]["join"] or "").upper() != "OR":
            return (lambda record: any(t(record) for t in tests)), rest
        rest = rest[1:]


def _all(tokens: list[re.Match[str]]) -> tuple[Test, list[re.Match[str]]]:
    tests, rest = [], tokens
    while True:
        test, rest = _one(rest)
        tests.append(test)
        if not rest or (rest[0]["join"] or "").upper() != "AND":
            return (lambda record: all(t(record) for t in tests)), rest
        rest = rest[1:]


def _one(tokens: list[re.Match[str]]) -> tuple[Test, list[re.Match[str]]]:
    if not tokens:
        raise ValueError("ODSQL syntax error: unexpected end")
    token = tokens[0]
    if token["open"]:
        test, rest = _either(tokens[1:])
        if not rest or not rest[0]["close"]:
            raise ValueError("ODSQL syntax error: missing )")
        return test, rest[1:]
    if not token["field"]:
        raise ValueError(f"ODSQL syntax error: unexpected {token.group().strip()!r}")
    return _comparison(token["field"], token["op"].lower(), token["text"], token["day"]), tokens[1:]


def _comparison(name: str, op: str, text: str | None, day: str | None) -> Test:
    if op == "like" and text is not None:
        # A text match on the field's values; a list field matches when one value does.
        return lambda record: any(text in str(value) for value in _values(record.get(name)))
    if op == "=" and text is not None:
        return lambda record: record.get(name) == text
    if day is not None and op in (">=", "<="):
        bound = date.fromisoformat(day).isoformat()
        if op == ">=":
            return lambda record: str(record.get(name, "")) >= bound
        return lambda record: "" < str(record.get(name, "")) <= bound
    raise ValueError(f"ODSQL: unsupported comparison {name} {op}")


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


# --- notices ------------------------------------------------------------------------------------

_FAMILY_FIELDS: dict[str, dict[str, Any]] = {
    "collective": {
        "familleavis_lib": "Procédures collectives",
        "jugement": {
            "type": "initial",
            "famille": "Jugement d'ouverture",
            "nature": "Jugement d'ouverture d'une procédure de redressement judiciaire",
            "date": "2026-10-01",
            "complementJugement": "Jugement prononçant l'ouverture, mandataire : Maître RIVIERE",
        },
    },
    "vente": {
        "familleavis_lib": "Ventes et cessions",
        "acte": {"vente": {"categorieVente": "Vente"}, "descriptif": "Acte du 01/09/2026."},
    },
    "creation": {
        "familleavis_lib": "Créations",
        "acte": {
            "creation": {"categorieCreation": "Création d'un établissement secondaire"},
            "dateCommencementActivite": "2026-09-15",
        },
    },
    "immatriculation": {
        "familleavis_lib": "Immatriculations",
        "acte": {"immatriculation": {"categorieImmatriculation": "Immatriculation d'une PM"}},
    },
    "modification": {
        "familleavis_lib": "Modifications diverses",
        "modificationsgenerales": {"descriptif": "Modification survenue sur le capital."},
    },
    "dpc": {
        "familleavis_lib": "Dépôts des comptes",
        "depot": {"typeDepot": "Comptes annuels et rapports", "dateCloture": "2025-12-31"},
    },
    "radiation": {
        "familleavis_lib": "Radiations",
        "radiationaurcs": {"radiationPM": "O"},
    },
    "divers": {"familleavis_lib": "Annonces diverses"},
}


def company(name: str = "ONDILAB", siren: str = "833310592") -> dict[str, Any]:
    """A legal person as `listepersonnes` holds it."""
    spaced = f"{siren[:3]} {siren[3:6]} {siren[6:]}"
    return {
        "typePersonne": "pm",
        "denomination": name,
        "formeJuridique": "Société par actions simplifiée",
        "numeroImmatriculation": {"codeRCS": "RCS", "numeroIdentification": spaced},
        "administration": "Président : DUPONT Jeanne",
    }


def person(last: str = "DUPONT", first: str = "Jeanne") -> dict[str, Any]:
    """A natural person (a sole trader) as `listepersonnes` holds it: personal data."""
    return {
        "typePersonne": "pp",
        "nom": last,
        "prenom": first,
        "nationalite": "Française",
        "adresseSiegeSocial": {"numeroVoie": "4", "nomVoie": "rue des Lilas", "ville": "Lyon"},
    }


def notice(
    siren: str | list[str],
    day: str,
    number: int,
    family: str = "collective",
    *,
    publication: str = "A",
    typeavis: str = "annonce",
    department: str = "69",
    people: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Record:
    """One notice as the dataset serves it: object fields JSON-encoded inside strings, the id
    made of the publication letter, the issue number and the notice number."""
    parution = f"{day[:4]}{date.fromisoformat(day).timetuple().tm_yday:04d}"
    registre: list[str] = []
    for one in [siren] if isinstance(siren, str) else siren:
        registre += [f"{one[:3]} {one[3:6]} {one[6:]}", one]
    record: Record = {
        "id": f"{publication}{parution}{number}",
        "publicationavis": publication,
        "publicationavis_facette": f"Bodacc {publication}",
        "parution": parution,
        "numeroannonce": number,
        "dateparution": day,
        "typeavis": typeavis,
        "typeavis_lib": {"annonce": "Avis initial"}.get(typeavis, f"Avis {typeavis}"),
        "familleavis": family,
        "numerodepartement": department,
        "departement_nom_officiel": "Rhône",
        "region_code": 84,
        "tribunal": "TRIBUNAL DE COMMERCE DE LYON",
        "ville": "Lyon",
        "cp": "69003",
        "commercant": "ONDILAB",
        "registre": registre,
        "url_complete": "https://www.bodacc.fr/pages/annonces-commerciales-detail/"
        f"?q.id=id:{publication}{parution}{number}",
        "listepersonnes": {"personne": people if people is not None else company()},
        **_FAMILY_FIELDS.get(family, {}),
    }
    record.update(fields)
    return {key: _encoded(key, value) for key, value in record.items()}


_JSON_FIELDS = frozenset(
    {
        "listepersonnes",
        "jugement",
        "acte",
        "modificationsgenerales",
        "radiationaurcs",
        "depot",
        "parutionavisprecedent",
    }
)


def _encoded(key: str, value: Any) -> Any:
    """The dataset serves its object fields as JSON strings."""
    if key in _JSON_FIELDS and isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def previous(publication: str, parution: str, number: str) -> dict[str, str]:
    """`parutionavisprecedent` naming an earlier notice."""
    return {
        "nomPublication": f"BODACC {publication}",
        "numeroParution": parution,
        "dateParution": "2026-09-01",
        "numeroAnnonce": number,
    }

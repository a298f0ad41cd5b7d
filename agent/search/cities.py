"""INSEE commune codes of the largest French cities, so a city name becomes an exact API filter.

The public company API filters by `code_commune`, not by city name. Paris, Lyon and Marseille
are recorded by SIRENE under their arrondissements (75101–75120, 69381–69389, 13201–13216),
so those three map to every arrondissement. Cities not listed here are filtered by name
on the fetched results instead (see `agent.search.recherche`).
"""

from __future__ import annotations

import unicodedata

_ARRONDISSEMENTS: dict[str, tuple[str, ...]] = {
    "PARIS": tuple(f"751{n:02d}" for n in range(1, 21)),
    "MARSEILLE": tuple(f"132{n:02d}" for n in range(1, 17)),
    "LYON": tuple(f"6938{n}" for n in range(1, 10)),
}

_COMMUNES: dict[str, str] = {
    "TOULOUSE": "31555", "NICE": "06088", "NANTES": "44109", "MONTPELLIER": "34172",
    "STRASBOURG": "67482", "BORDEAUX": "33063", "LILLE": "59350", "RENNES": "35238",
    "REIMS": "51454", "TOULON": "83137", "SAINT ETIENNE": "42218", "LE HAVRE": "76351",
    "GRENOBLE": "38185", "DIJON": "21231", "ANGERS": "49007", "NIMES": "30189",
    "VILLEURBANNE": "69266", "CLERMONT FERRAND": "63113", "LE MANS": "72181",
    "AIX EN PROVENCE": "13001", "BREST": "29019", "TOURS": "37261", "AMIENS": "80021",
    "LIMOGES": "87085", "ANNECY": "74010", "PERPIGNAN": "66136",
    "BOULOGNE BILLANCOURT": "92012", "METZ": "57463", "BESANCON": "25056",
    "ORLEANS": "45234", "ROUEN": "76540", "MULHOUSE": "68224", "CAEN": "14118",
    "NANCY": "54395", "NANTERRE": "92050", "COURBEVOIE": "92026", "PUTEAUX": "92062",
    "LEVALLOIS PERRET": "92044", "ISSY LES MOULINEAUX": "92040", "NEUILLY SUR SEINE": "92051",
    "MONTREUIL": "93048", "ARGENTEUIL": "95018", "POITIERS": "86194",
    "PAU": "64445", "LA ROCHELLE": "17300", "AVIGNON": "84007", "VERSAILLES": "78646",
}  # fmt: skip


def city_key(name: str) -> str:
    """`Saint-Étienne` → `SAINT ETIENNE`: upper case, no accents, hyphens and apostrophes as spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.upper().replace("-", " ").replace("'", " ").split())


def commune_codes(city: str) -> tuple[str, ...] | None:
    """The INSEE commune codes of a known city, or None when the city is not in the table."""
    key = city_key(city)
    if key in _ARRONDISSEMENTS:
        return _ARRONDISSEMENTS[key]
    code = _COMMUNES.get(key)
    return (code,) if code else None


def same_city(wanted: str, commune_label: str | None) -> bool:
    """Whether a SIRENE commune label (`LYON 3EME`) is the wanted city (`Lyon`)."""
    if not commune_label:
        return False
    key, label = city_key(wanted), city_key(commune_label)
    return label == key or label.startswith(key + " ")

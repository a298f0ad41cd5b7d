"""SIRENE rows to company values: legal units (identity, activity, size) and head offices (where).

`map_legal_units` and `map_head_offices` map a whole batch of text columns at once with Arrow
compute, so the import's hot loop runs in C: ~1 µs a row where a per-row Python function
took ~8. Each returns the mapped columns (`LEGAL_UNIT_FIELDS`, `HEAD_OFFICE_FIELDS`) and, per
row, the reason it cannot be written (null when it can). Values that repeat (NAF codes,
communes) are mapped once per distinct value, in Python. The digest of a legal unit is the MD5
of its mapped fields, as before the vectorised mapping: a store imported by an older version
re-imports as unchanged.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from store.reference.geo import department_of, region_of
from store.reference.naf import normalize_naf, section_of
from store.sirene.columns import MASKED
from store.sirene.literals import flag, number, text, texts
from store.sirene.validity import date_ok, luhn_ok

# Reasons a row is not written. Those in BAD_REASONS are defects of the file, listed by line.
CLOSED = "closed"
BAD_SIREN = "bad_siren"
BAD_SIRET = "bad_siret"
BAD_DATE = "bad_date"
WRONG_COLUMN_COUNT = "wrong_column_count"
BAD_ENCODING = "bad_encoding"  # not valid UTF-8, or U+FFFD: see store.sirene.decoding
UNKNOWN_COMPANY = "unknown_company"
NOT_HEAD_OFFICE = "not_head_office"
CLOSED_ESTABLISHMENT = "closed_establishment"
BAD_REASONS = frozenset({BAD_SIREN, BAD_SIRET, BAD_DATE, WRONG_COLUMN_COUNT, BAD_ENCODING})

MASKED_PERSON_NAME = "Entrepreneur individuel (non diffusible)"
UNNAMED_PERSON = "Entrepreneur individuel"
MASKED_UNIT_NAME = "Unité légale (non diffusible)"
NATURAL_PERSON_FORM = "1000"
HEAD_OFFICE_TRUE = frozenset({"true", "1", "o", "oui", "t", "y", "yes", "vrai"})

# Order of a mapped legal unit (the writer's column order); the digest comes last.
LEGAL_UNIT_FIELDS: tuple[str, ...] = (
    "siren",
    "name",
    "acronym",
    "naf_code",
    "naf_section",
    "headcount_band",
    "category",
    "legal_form",
    "created_on",
    "active",
    "diffusible",
    "natural_person",
    "employer",
    "head_office_siret",
    "import_hash",
)
HEAD_OFFICE_FIELDS: tuple[str, ...] = (
    "siren",
    "head_office_siret",
    "postcode",
    "city",
    "commune_code",
    "department",
    "region",
)

LegalUnit = tuple[
    str, str, str | None, str | None, str | None, str | None, str | None, str | None,
    str | None, bool, bool, bool, bool | None, str | None, str,
]  # fmt: skip
HeadOffice = tuple[str, str, str | None, str | None, str | None, str | None, str | None]


def _or_null(values: Any) -> Any:
    """Empty values as nulls."""
    import pyarrow.compute as pc

    return pc.if_else(pc.equal(values, text("")), text(None), values)


def _visible(values: Any) -> Any:
    """Empty and masked (`[ND]`) values as nulls."""
    import pyarrow.compute as pc

    return pc.if_else(pc.is_in(values, value_set=texts("", MASKED)), text(None), values)


def _lookup(keys: Any, function: Any, kind: Any) -> Any:
    """`function` of each value of `keys`, called once per distinct value."""
    import pyarrow as pa

    encoded = keys.dictionary_encode()
    values = pa.array([function(key) for key in encoded.dictionary.to_pylist()], kind)
    return values.take(encoded.indices)


@cache
def _naf(key: str) -> tuple[str | None, str | None]:
    """`code\\x1fnomenclature` → (NAF code as stored, its section for NAF rév. 2)."""
    code, _, nomenclature = key.partition("\x1f")
    if not code or code == MASKED:
        return None, None
    if nomenclature != "NAFRev2":
        return code, None
    normal = normalize_naf(code)
    return normal, section_of(normal)


@cache
def _place(key: str) -> tuple[str | None, str | None]:
    """`commune\\x1fpostcode` → (department, region)."""
    commune, _, postcode = key.partition("\x1f")
    department = department_of(commune or None, postcode or None)
    return department, region_of(department)


def _texts(values: Any) -> Any:
    """Values as the digest writes them: `None` for nulls."""
    import pyarrow.compute as pc

    return pc.fill_null(values, text("None"))


def _flags(values: Any) -> Any:
    import pyarrow.compute as pc

    return pc.if_else(values, text("1"), text("0"))


def map_legal_units(columns: dict[str, Any]) -> tuple[list[Any], Any]:
    """`StockUniteLegale` columns (text, by name) → the `LEGAL_UNIT_FIELDS` arrays and, per row,
    why it cannot be written (null when it can): `bad_siren`, then `bad_date`.

    Ceased units are sifted out before (`sifting`); those that come here are written as such.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    siren = columns["siren"]
    created = columns["dateCreationUniteLegale"]
    reason = pc.if_else(
        luhn_ok(siren, 9),
        pc.if_else(
            pc.or_(pc.equal(created, text("")), date_ok(created)), text(None), text(BAD_DATE)
        ),
        text(BAD_SIREN),
    )
    active = pc.equal(columns["etatAdministratifUniteLegale"], text("A"))
    diffusible = pc.equal(columns["statutDiffusionUniteLegale"], text("O"))
    denomination = columns["denominationUniteLegale"]
    legal_form = _or_null(columns["categorieJuridiqueUniteLegale"])
    has_denomination = pc.not_equal(denomination, text(""))
    natural_person = pc.or_(
        pc.invert(has_denomination),
        pc.fill_null(pc.equal(legal_form, text(NATURAL_PERSON_FORM)), flag(False)),
    )
    first = pc.if_else(
        pc.equal(columns["prenomUsuelUniteLegale"], text("")),
        columns["prenom1UniteLegale"],
        columns["prenomUsuelUniteLegale"],
    )
    last = pc.if_else(
        pc.equal(columns["nomUsageUniteLegale"], text("")),
        columns["nomUniteLegale"],
        columns["nomUsageUniteLegale"],
    )
    person = pc.utf8_trim_whitespace(pc.binary_join_element_wise(first, last, text(" ")))
    person = pc.if_else(pc.equal(person, text("")), text(UNNAMED_PERSON), person)
    person = pc.if_else(
        pc.or_(pc.equal(first, text(MASKED)), pc.equal(last, text(MASKED))),
        text(MASKED_PERSON_NAME),
        person,
    )
    masked = pc.if_else(natural_person, text(MASKED_PERSON_NAME), text(MASKED_UNIT_NAME))
    name = pc.if_else(
        has_denomination,
        pc.if_else(pc.equal(denomination, text(MASKED)), masked, denomination),
        pc.if_else(diffusible, person, text(MASKED_PERSON_NAME)),
    )
    acronym = _visible(columns["sigleUniteLegale"])
    naf_key = pc.binary_join_element_wise(
        columns["activitePrincipaleUniteLegale"],
        columns["nomenclatureActivitePrincipaleUniteLegale"],
        text("\x1f"),
    )
    nafs = _lookup(naf_key, _naf, pa.struct([("code", pa.string()), ("section", pa.string())]))
    naf_code, naf_section = nafs.field("code"), nafs.field("section")
    band = _or_null(columns["trancheEffectifsUniteLegale"])
    category = _or_null(columns["categorieEntreprise"])
    employer_code = columns["caractereEmployeurUniteLegale"]
    employer = pc.if_else(
        pc.equal(employer_code, text("O")),
        flag(True),
        pc.if_else(pc.equal(employer_code, text("N")), flag(False), flag(None)),
    )
    nic = columns["nicSiegeUniteLegale"]
    head_office = pc.if_else(
        pc.equal(pc.utf8_length(nic), number(5)),
        pc.binary_join_element_wise(siren, nic, text("")),
        text(None),
    )
    created_on = _or_null(created)
    employer_text = pc.if_else(
        pc.is_null(employer),
        text("None"),
        pc.if_else(pc.fill_null(employer, flag(False)), text("True"), text("False")),
    )
    digest_text = pc.binary_join_element_wise(
        name, _texts(acronym), _texts(naf_code), _texts(band), _texts(category),
        _texts(legal_form), _texts(created_on),
        pc.binary_join_element_wise(
            _flags(active), _flags(diffusible), _flags(natural_person), employer_text, text("")
        ),
        _texts(head_office), text("\x1f"),
    )  # fmt: skip
    md5 = hashlib.md5
    digest = pa.array(
        [md5(text).hexdigest() for text in digest_text.view(pa.binary()).to_pylist()], pa.string()
    )
    arrays = [
        siren, name, acronym, naf_code, naf_section, band, category, legal_form, created_on,
        active, diffusible, natural_person, employer, head_office, digest,
    ]  # fmt: skip
    return arrays, reason


def map_head_offices(columns: dict[str, Any]) -> tuple[list[Any], Any]:
    """`StockEtablissement` columns (text, by name) of open head offices → the
    `HEAD_OFFICE_FIELDS` arrays and, per row, `bad_siret` or null.

    Masked (`[ND]`) values are dropped, and department and region derive from what is left.
    Establishments that are not an open head office are sifted out before (`sifting`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    siret = columns["siret"]
    siren = columns["siren"]
    siren = pc.if_else(pc.equal(siren, text("")), pc.utf8_slice_codeunits(siret, 0, 9), siren)
    good = pc.and_(
        pc.and_(luhn_ok(siren, 9), pc.equal(pc.utf8_length(siret), number(14))),
        pc.and_(pc.ascii_is_decimal(siret), pc.equal(pc.utf8_slice_codeunits(siret, 0, 9), siren)),
    )
    reason = pc.if_else(good, text(None), text(BAD_SIRET))
    postcode = _visible(columns["codePostalEtablissement"])
    commune = _visible(columns["codeCommuneEtablissement"])
    place_key = pc.binary_join_element_wise(
        pc.fill_null(commune, text("")), pc.fill_null(postcode, text("")), text("\x1f")
    )
    places = _lookup(
        place_key, _place, pa.struct([("department", pa.string()), ("region", pa.string())])
    )
    arrays = [
        siren,
        siret,
        postcode,
        _visible(columns["libelleCommuneEtablissement"]),
        commune,
        places.field("department"),
        places.field("region"),
    ]
    return arrays, reason

"""SIRENE rows to company values: legal units (identity, activity, size) and head offices (where).

Each `*_mapper` compiles the column positions of one file into a closure that maps a row to
either a tuple of values or a reason string (a skip or a bad row). The closures are the import's
hot loop, so lookups are cached and helpers inlined: no per-field function calls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date

from store.reference.geo import department_of, region_of
from store.reference.naf import normalize_naf, section_of
from store.sirene.columns import MASKED

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


def _luhn_tables() -> tuple[dict[str, int], dict[str, int]]:
    """Luhn partial sums of 3-digit chunks: `plain` for x2x digits doubled in the middle, and
    `doubled` for the alternate pattern, so a 9-digit check is three dict lookups."""

    def twice(digit: int) -> int:
        return digit * 2 - 9 if digit > 4 else digit * 2

    plain: dict[str, int] = {}
    doubled: dict[str, int] = {}
    for number in range(1000):
        chunk = f"{number:03d}"
        a, b, c = (int(char) for char in chunk)
        plain[chunk] = a + twice(b) + c
        doubled[chunk] = twice(a) + b + twice(c)
    return plain, doubled


_PLAIN, _DOUBLED = _luhn_tables()


def siren_ok(siren: str) -> bool:
    """A 9-digit SIREN with a valid Luhn check digit (the same rule as store.identifiers)."""
    if len(siren) != 9:
        return False
    try:
        return (_PLAIN[siren[:3]] + _DOUBLED[siren[3:6]] + _PLAIN[siren[6:]]) % 10 == 0
    except KeyError:
        return False


def legal_unit_mapper(
    columns: dict[str, int], *, include_closed: bool, ceased: list[str] | None = None
) -> Callable[[Sequence[str]], LegalUnit | str]:
    """A function mapping one `StockUniteLegale` row to a `LegalUnit` tuple or a reason.

    A ceased unit skipped for want of `include_closed` has its SIREN appended to `ceased`,
    so that a company the store already holds can be marked ceased too.
    """
    i_siren = columns["siren"]
    i_diffusion = columns["statutDiffusionUniteLegale"]
    i_created = columns["dateCreationUniteLegale"]
    i_acronym = columns["sigleUniteLegale"]
    i_first1 = columns["prenom1UniteLegale"]
    i_first = columns["prenomUsuelUniteLegale"]
    i_band = columns["trancheEffectifsUniteLegale"]
    i_category = columns["categorieEntreprise"]
    i_state = columns["etatAdministratifUniteLegale"]
    i_last = columns["nomUniteLegale"]
    i_last_usage = columns["nomUsageUniteLegale"]
    i_denomination = columns["denominationUniteLegale"]
    i_form = columns["categorieJuridiqueUniteLegale"]
    i_naf = columns["activitePrincipaleUniteLegale"]
    i_nomenclature = columns["nomenclatureActivitePrincipaleUniteLegale"]
    i_nic = columns["nicSiegeUniteLegale"]
    i_employer = columns["caractereEmployeurUniteLegale"]

    plain, doubled = _PLAIN, _DOUBLED
    good_dates: set[str] = set()
    naf_cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    employer_of = {"O": True, "N": False}
    md5 = hashlib.md5

    def naf_of(code: str, nomenclature: str) -> tuple[str | None, str | None]:
        if not code or code == MASKED:
            return None, None
        if nomenclature != "NAFRev2":
            return code, None
        normal = normalize_naf(code)
        return normal, section_of(normal)

    def date_ok(value: str) -> bool:
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        if len(value) != 10:  # fromisoformat also takes 20240101
            return False
        good_dates.add(value)
        return True

    def map_row(row: Sequence[str]) -> LegalUnit | str:
        active = row[i_state] == "A"
        if not active and not include_closed:
            if ceased is not None:
                ceased.append(row[i_siren])
            return CLOSED
        siren = row[i_siren]
        try:
            if len(siren) != 9 or (plain[siren[:3]] + doubled[siren[3:6]] + plain[siren[6:]]) % 10:
                return BAD_SIREN
        except KeyError:
            return BAD_SIREN
        created = row[i_created] or None
        if created is not None and created not in good_dates and not date_ok(created):
            return BAD_DATE
        diffusible = row[i_diffusion] == "O"
        denomination = row[i_denomination]
        legal_form = row[i_form] or None
        natural_person = not denomination or legal_form == NATURAL_PERSON_FORM
        if denomination and denomination != MASKED:
            name = denomination
        elif denomination:
            name = MASKED_PERSON_NAME if natural_person else MASKED_UNIT_NAME
        elif not diffusible:
            name = MASKED_PERSON_NAME
        else:
            first = row[i_first] or row[i_first1]
            last = row[i_last_usage] or row[i_last]
            if first == MASKED or last == MASKED:
                name = MASKED_PERSON_NAME
            else:
                name = f"{first} {last}".strip() or UNNAMED_PERSON
        acronym: str | None = row[i_acronym]
        if not acronym or acronym == MASKED:
            acronym = None
        naf_key = (row[i_naf], row[i_nomenclature])
        naf = naf_cache.get(naf_key)
        if naf is None:
            naf = naf_cache[naf_key] = naf_of(*naf_key)
        band = row[i_band] or None
        category = row[i_category] or None
        employer = employer_of.get(row[i_employer])
        nic = row[i_nic]
        head_office = siren + nic if len(nic) == 5 else None
        digest = md5(
            f"{name}\x1f{acronym}\x1f{naf[0]}\x1f{band}\x1f{category}\x1f{legal_form}\x1f"
            f"{created}\x1f{active:d}{diffusible:d}{natural_person:d}{employer}\x1f{head_office}".encode()
        ).hexdigest()
        return (
            siren, name, acronym, naf[0], naf[1], band, category, legal_form, created,
            active, diffusible, natural_person, employer, head_office, digest,
        )  # fmt: skip

    return map_row


def head_office_mapper(columns: dict[str, int]) -> Callable[[Sequence[str]], HeadOffice | str]:
    """A function mapping one `StockEtablissement` row to a `HeadOffice` tuple or a reason.

    Only open head offices count; secondary and closed establishments are skipped. Masked
    (`[ND]`) values are dropped, and department and region derive from what is left.
    """
    i_siren = columns["siren"]
    i_siret = columns["siret"]
    i_head = columns["etablissementSiege"]
    i_state = columns["etatAdministratifEtablissement"]
    i_postcode = columns["codePostalEtablissement"]
    i_city = columns["libelleCommuneEtablissement"]
    i_commune = columns["codeCommuneEtablissement"]
    heads = HEAD_OFFICE_TRUE
    place_cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def visible(value: str) -> str | None:
        return None if not value or value == MASKED else value

    def map_row(row: Sequence[str]) -> HeadOffice | str:
        head = row[i_head]
        if head not in heads and head.strip().lower() not in heads:
            return NOT_HEAD_OFFICE
        if row[i_state] != "A":
            return CLOSED_ESTABLISHMENT
        siren = row[i_siren] or row[i_siret][:9]
        siret = row[i_siret]
        if not siren_ok(siren) or len(siret) != 14 or not siret.isdigit() or siret[:9] != siren:
            return BAD_SIRET
        postcode = visible(row[i_postcode])
        commune = visible(row[i_commune])
        key = (commune or "", postcode or "")
        place = place_cache.get(key)
        if place is None:
            department = department_of(commune, postcode)
            place = place_cache[key] = (department, region_of(department))
        return (siren, siret, postcode, visible(row[i_city]), commune, place[0], place[1])

    return map_row

"""SIRENE stock-file kinds and the columns the importer reads from each, matched by name."""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    """Which stock file: legal units (`StockUniteLegale`) or establishments (`StockEtablissement`)."""

    LEGAL_UNITS = "legal_units"
    ESTABLISHMENTS = "establishments"


# Columns whose presence tells the kind of a file.
LEGAL_UNIT_MARKERS = frozenset({"siren", "denominationUniteLegale"})
ESTABLISHMENT_MARKERS = frozenset({"siret", "etablissementSiege"})

LEGAL_UNIT_COLUMNS: tuple[str, ...] = (
    "siren",
    "statutDiffusionUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "prenom1UniteLegale",
    "prenomUsuelUniteLegale",
    "trancheEffectifsUniteLegale",
    "categorieEntreprise",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "caractereEmployeurUniteLegale",
)

ESTABLISHMENT_COLUMNS: tuple[str, ...] = (
    "siren",
    "siret",
    "etablissementSiege",
    "etatAdministratifEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
)
# Read when present (older or trimmed extracts may lack it).
ESTABLISHMENT_OPTIONAL: tuple[str, ...] = ("statutDiffusionEtablissement",)

# Identifier-like columns that a typed (Parquet) file may store as integers: zero-pad them back.
DIGIT_WIDTHS: dict[str, int] = {
    "siren": 9,
    "siret": 14,
    "nic": 5,
    "nicSiegeUniteLegale": 5,
    "codePostalEtablissement": 5,
    "codeCommuneEtablissement": 5,
    "categorieJuridiqueUniteLegale": 4,
}

# The value SIRENE puts in fields it masks for non-diffusible units.
MASKED = "[ND]"


def detect_kind(header: list[str] | tuple[str, ...]) -> FileKind | None:
    """The kind of stock file a header belongs to, or None when it is not SIRENE."""
    names = set(header)
    if names >= ESTABLISHMENT_MARKERS:
        return FileKind.ESTABLISHMENTS
    if names >= LEGAL_UNIT_MARKERS:
        return FileKind.LEGAL_UNITS
    return None


def required_columns(kind: FileKind) -> tuple[str, ...]:
    """The columns an import of this kind cannot do without."""
    return LEGAL_UNIT_COLUMNS if kind is FileKind.LEGAL_UNITS else ESTABLISHMENT_COLUMNS


def wanted_columns(kind: FileKind) -> tuple[str, ...]:
    """Required plus optional columns for this kind."""
    if kind is FileKind.LEGAL_UNITS:
        return LEGAL_UNIT_COLUMNS
    return ESTABLISHMENT_COLUMNS + ESTABLISHMENT_OPTIONAL

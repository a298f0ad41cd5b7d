"""CSV exports of shown results, for Excel as French reps use it.

UTF-8 with a byte-order mark (Excel then reads accents right), `;` as separator (what Excel
expects in a French locale, where `,` is the decimal mark), CRLF line ends, every field
quoted when needed. Cells starting with = + - @ are prefixed with ' so a spreadsheet never
evaluates a company name as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

SEPARATOR = ";"
COMPANY_COLUMNS = (
    ("siren", "SIREN"),
    ("name", "Nom"),
    ("city_label", "Ville"),
    ("postcode", "Code postal"),
    ("department", "Département"),
    ("naf_code", "Code NAF"),
    ("naf_label", "Secteur"),
    ("headcount_label", "Effectif"),
    ("category", "Catégorie"),
    ("legal_form_label", "Forme juridique"),
    ("website", "Site web"),
    ("url", "Fiche annuaire"),
)
LEAD_COLUMNS = (
    ("siren", "SIREN"),
    ("name", "Nom"),
    ("city", "Ville"),
    ("naf_label", "Secteur"),
    ("headcount_label", "Effectif"),
    ("list_name", "Liste"),
    ("stage", "Étape"),
    ("owner", "Responsable"),
    ("score", "Score"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A value as CSV text that no spreadsheet will run as a formula."""
    if value is None:
        return ""
    cell = str(value)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def rows_to_csv(
    rows: Sequence[BaseModel], columns: Sequence[tuple[str, str]] = COMPANY_COLUMNS
) -> bytes:
    """The rows as CSV bytes: UTF-8 with BOM, `;`-separated, a header line first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([title for _, title in columns])
    for row in rows:
        values = row.model_dump(mode="json")
        writer.writerow([safe_cell(values.get(key)) for key, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")

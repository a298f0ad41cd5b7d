"""CSV as French reps open it in Excel, for every export (the UI's buttons, `export_csv`, the CLI).

UTF-8 with a byte-order mark (Excel then reads accents right), `;` as separator (what Excel
expects in a French locale, where `,` is the decimal mark), CRLF line ends, every field
quoted when needed. Cells starting with = + - @ (or a tab or carriage return) are prefixed
with ' so a spreadsheet never evaluates a company name as a formula: every cell is data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

SEPARATOR = ";"
ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark
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
    return buffer.getvalue().encode(ENCODING)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header line and the rows to `path` (an existing private file, emptied first) as
    above, every cell guarded; the number of rows written."""
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream, delimiter=SEPARATOR, lineterminator="\r\n")
        writer.writerow([safe_cell(title) for title in header])
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])
            count += 1
    return count

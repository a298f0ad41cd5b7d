"""`filon import contacts FILE`: people at companies from a CSV file, each field stamped with the
file it came from and the day (RGPD), titles read as a function and a seniority, phones as
E.164.

Columns are found by their header, in French or English ("SIREN", "Prénom", "Nom", "Fonction",
"E-mail", "Téléphone", "LinkedIn"…), or named with `--map "Poste=title"`. A row that cannot be
used (no valid SIREN, a company the store does not hold, no name, a malformed email or phone)
is left out and reported with its line number; the others are written in one transaction. A
person already known at the company (same email, or same name when there is none) is updated,
never duplicated: the database's unique key on (company, person_key) decides, so two imports
at once write each person once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from agent.contacts.optout import suppressed
from agent.contacts.phones import e164
from agent.contacts.roles import read_title
from agent.csv_files import CsvFileError, RowProblem, header_key, read_text, records
from agent.leads.errors import InvalidSiren
from agent.leads.sirens import to_siren
from store.models import Contact
from store.models._time import utcnow
from store.repositories.companies import known_sirens_in
from store.repositories.contacts import upsert_imported
from store.text import fold

SOURCE = "import"
FIELDS = (
    "siren",
    "first_name",
    "last_name",
    "full_name",
    "title",
    "email",
    "phone",
    "linkedin_url",
)
MAX_BYTES = 50 * 1024 * 1024  # a contacts file larger than this is not a contacts file
_HEADERS: dict[str, str] = {
    "siren": "siren", "siret": "siren", "numero siren": "siren", "n siren": "siren",
    "prenom": "first_name", "first name": "first_name", "firstname": "first_name",
    "given name": "first_name",
    "nom": "last_name", "last name": "last_name", "lastname": "last_name", "surname": "last_name",
    "nom de famille": "last_name", "family name": "last_name",
    "nom complet": "full_name", "full name": "full_name", "name": "full_name", "contact": "full_name",
    "fonction": "title", "poste": "title", "titre": "title", "title": "title", "job title": "title",
    "intitule de poste": "title", "role": "title", "position": "title",
    "email": "email", "e mail": "email", "mail": "email", "courriel": "email",
    "adresse email": "email", "adresse e mail": "email", "email address": "email",
    "telephone": "phone", "tel": "phone", "phone": "phone", "mobile": "phone", "portable": "phone",
    "phone number": "phone", "numero de telephone": "phone",
    "linkedin": "linkedin_url", "linkedin url": "linkedin_url", "profil linkedin": "linkedin_url",
}  # fmt: skip
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$")
_LINKEDIN = re.compile(r"^https?://([a-z]{2,3}\.)?linkedin\.com/in/[^\s/?#]+/?$", re.IGNORECASE)


# A file that cannot be imported at all (catalogue keys `people.import.error.<code>`).
ContactFileError = CsvFileError


@dataclass
class ContactImportReport:
    """What an import did."""

    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def header_map(headers: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column index → field, from the headers and the `--map HEADER=field` choices. Raises
    `ContactFileError` for a mapping to an unknown field or a file without SIREN or name."""
    chosen = {header_key(name): wanted for name, wanted in (mapping or {}).items()}
    for wanted in chosen.values():
        if wanted not in FIELDS:
            raise ContactFileError(
                "bad_field", f"unknown field {wanted!r}", field=wanted, fields=", ".join(FIELDS)
            )
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        target = chosen.get(key) or _HEADERS.get(key)
        if target and target not in columns.values():
            columns[index] = target
    found = set(columns.values())
    if "siren" not in found:
        raise ContactFileError("no_siren_column", "no SIREN column")
    if not found & {"last_name", "full_name"}:
        raise ContactFileError("no_name_column", "no name column")
    return columns


def read_rows(
    text: str, mapping: Mapping[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[RowProblem], int]:
    """(usable rows with their line, problems, rows read) of a CSV text (; or , separated)."""
    headers, lines = records(text)
    columns = header_map(headers, mapping)
    rows: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    count = 0
    for line, cells in lines:
        count += 1
        values = {name: cells[i].strip() for i, name in columns.items() if i < len(cells)}
        row = _row(values, line)
        if isinstance(row, RowProblem):
            problems.append(row)
        else:
            rows.append(row)
    return rows, problems, count


def import_contacts(
    engine: Engine,
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    today: date | None = None,
) -> ContactImportReport:
    """Import the contacts of a CSV file (see the module docstring)."""
    text = read_text(path, max_bytes=MAX_BYTES)
    rows, problems, count = read_rows(text, mapping)
    report = ContactImportReport(file=path.name, rows=count, problems=problems)
    known = known_sirens_in(engine, sirens=[row["company_siren"] for row in rows])
    barred = suppressed(
        engine,
        contacts=[Contact(company_siren=row["company_siren"], email=row["email"]) for row in rows],
    )
    usable = []
    for row in rows:
        person = Contact(company_siren=row["company_siren"], email=row["email"])
        if row["company_siren"] not in known:
            report.problems.append(RowProblem(row["line"], "unknown_company", row["company_siren"]))
        elif barred.contact(person):  # on the suppression list: never written back
            report.problems.append(
                RowProblem(row["line"], "opted_out", row["email"] or row["company_siren"])
            )
        else:
            usable.append(row)
    stamp = {"source": f"{SOURCE}:{path.name}", "at": (today or date.today()).isoformat()}
    records = [_record(row, stamp) for row in usable]
    report.inserted, report.updated = upsert_imported(engine, records)
    report.problems.sort(key=lambda problem: problem.line)
    return report


def _row(values: dict[str, str], line: int) -> dict[str, Any] | RowProblem:
    if not values.get("siren"):
        return RowProblem(line, "no_siren")
    try:
        siren = to_siren(values["siren"])
    except InvalidSiren:
        return RowProblem(line, "bad_siren", values.get("siren") or "")
    first, last = values.get("first_name") or "", values.get("last_name") or ""
    if not last and values.get("full_name"):
        parts = values["full_name"].split()
        first, last = (
            (" ".join(parts[:1]), " ".join(parts[1:])) if len(parts) > 1 else ("", parts[0])
        )
    if not last:
        return RowProblem(line, "no_name")
    email = (values.get("email") or "").lower() or None
    if email and not _EMAIL.match(email):
        return RowProblem(line, "bad_email", values.get("email") or "")
    phone = None
    if values.get("phone"):
        phone = e164(values["phone"])
        if phone is None:
            return RowProblem(line, "bad_phone", values["phone"])
    linkedin = values.get("linkedin_url") or None
    if linkedin and not _LINKEDIN.match(linkedin):
        return RowProblem(line, "bad_linkedin", linkedin)
    return {
        "line": line,
        "company_siren": siren,
        "first_name": first or None,
        "last_name": last,
        "title": values.get("title") or None,
        "email": email,
        "phone": phone,
        "linkedin_url": linkedin,
    }


def person_key(email: str | None, first_name: str | None, last_name: str | None) -> str:
    """What makes a person the same person at a company: the email, else the name."""
    if email:
        return f"email:{email.lower()}"
    name = " ".join(fold(f"{first_name or ''} {last_name or ''}").lower().split())
    return f"name:{name}"


def _record(row: dict[str, Any], stamp: dict[str, str]) -> dict[str, Any]:
    reading = read_title(row["title"])
    personal = ("first_name", "last_name", "title", "email", "phone", "linkedin_url")
    now = utcnow()
    return {
        "company_siren": row["company_siren"],
        **{name: row[name] for name in personal},
        "function": reading.function,
        "seniority": reading.seniority,
        "field_sources": {name: dict(stamp) for name in personal if row[name]},
        "source": SOURCE,
        "person_key": person_key(row["email"], row["first_name"], row["last_name"]),
        "created_at": now,
        "updated_at": now,
    }

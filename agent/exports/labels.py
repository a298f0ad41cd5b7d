"""Values as an export writes them: every enum as its label, dates as dd/mm/yyyy, yes/no words.

A spreadsheet is read by people, not parsed back: a stage is "Gagné", an email status "vérifié",
a headcount band "50 à 99 salariés", in the export's language; dates are written dd/mm/yyyy in
both languages (what a French Excel reads as a date); a French phone number as French people
write it ("06 12 34 56 78", which a spreadsheet keeps as text without the formula guard's quote).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from agent.i18n import Language, t
from agent.search.notices import people_range
from store.reference.headcount import BAND_BY_CODE, band_label


def day(value: date | datetime | str | None) -> str:
    """A date as dd/mm/yyyy; "" when missing or unreadable."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y")


def yes_no(value: bool, language: Language) -> str:
    """Oui / Non, Yes / No."""
    return t("leads.export.yes" if value else "leads.export.no", language)


def stage(value: Any, language: Language) -> str:
    """A lead stage's label: "Gagné", "Won"."""
    return t(f"stages.{getattr(value, 'value', value)}", language)


def email_status(value: Any, language: Language) -> str:
    """An email status's label: "vérifié", "verified"."""
    return t(f"labels.email_status.{getattr(value, 'value', value)}", language)


def headcount(code: str | None, language: Language) -> str:
    """An INSEE headcount band as INSEE words it in French ("50 à 99 salariés"), in people
    otherwise ("50 to 99 employees")."""
    band = BAND_BY_CODE.get(code or "")
    if band is None:
        return ""
    if language == "fr":
        return band_label(band.code) or ""
    if band.code == "NN":
        return t("leads.export.no_employees", language)
    return people_range(band.minimum, band.maximum, language)


_FRENCH_NUMBER = re.compile(r"^\+33\s*(\d)\s*((?:\d\s*){8})$")


def phone(value: str | None) -> str | None:
    """A +33 number in the French national form, "06 12 34 56 78"; other numbers as stored."""
    if not value:
        return None
    found = _FRENCH_NUMBER.match(value.strip())
    if found is None:
        return value
    digits = "0" + found[1] + found[2].replace(" ", "")
    return " ".join(digits[index : index + 2] for index in range(0, 10, 2))

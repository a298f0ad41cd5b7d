"""How figures and companies are written in answers, in French and English."""

from __future__ import annotations

import re
from typing import Any

from agent.llm.language import Language

_ARRONDISSEMENT = re.compile(r"\b(\d+)(?:Eme|Ème|Er|E)\b")
SHOWN = 5  # companies or leads quoted by name in an answer


def number(value: Any, language: Language) -> str:
    """12345 → "12 345" (fr) or "12,345" (en); floats keep one decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if language == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def percent(value: Any, language: Language, *, signed: bool = False) -> str:
    """A percentage: 12.5 → "12,5 %" (fr) / "12.5%" (en); signed adds "+"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = number(round(float(value), 1), language)
    if signed and value > 0:
        text = "+" + text
    return f"{text}\u202f%" if language == "fr" else f"{text}%"


def ratio(value: Any, language: Language) -> str:
    """A conversion rate given as 0–1 (or already in %) written as a percentage."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return percent(value * 100, language)
    return percent(value, language)


def city(value: Any) -> str:
    """SIRENE's upper-case communes written for people: "SAINT-ETIENNE" → "Saint-Etienne"."""
    text = str(value or "").strip()
    if not text.isupper():
        return text
    # "LYON 3EME" → "Lyon 3e": title() would write "3Eme".
    return _ARRONDISSEMENT.sub(r"\1e", text.title())


def plural(count: int, singular: str, plural_form: str) -> str:
    """The word for a count (French treats 0 and 1 as singular; callers pass the forms)."""
    return singular if abs(count) <= 1 else plural_form


def count_of(value: Any) -> int:
    """A count given either as a number or as the list of the things counted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, list | tuple | set | dict):
        return len(value)
    return 0


def company_line(company: dict[str, Any], language: Language) -> str:
    """ "**ACME** — Lyon, 50 à 99 salariés, Programmation informatique (SIREN 123456789)"."""
    details = [
        part
        for part in (
            city(company.get("city")),
            company.get("headcount_label"),
            company.get("naf_label"),
        )
        if part
    ]
    siren = company.get("siren")
    line = f"**{company.get('name') or siren}**"
    if details:
        line += " — " + ", ".join(str(part) for part in details)
    if siren:
        line += f" (SIREN {siren})"
    return line


def bullets(lines: list[str]) -> str:
    """Lines as a Markdown bullet list."""
    return "\n".join(f"- {line}" for line in lines)


def stage_label(stage: Any, language: Language) -> str:
    """A funnel stage as reps say it: "sql" → "SQL", "won" → "gagné" / "won"."""
    labels = {
        "fr": {"new": "nouveau", "mql": "MQL", "sql": "SQL", "won": "gagné", "lost": "perdu",
               "disqualified": "disqualifié"},
        "en": {"new": "new", "mql": "MQL", "sql": "SQL", "won": "won", "lost": "lost",
               "disqualified": "disqualified"},
    }  # fmt: skip
    return labels[language].get(str(stage), str(stage))

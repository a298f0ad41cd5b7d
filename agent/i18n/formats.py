"""Numbers, percentages, dates and quotes written the way each language writes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

Language = Literal["fr", "en"]

NARROW_NBSP = "\u202f"
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_number(value: float, language: Language) -> str:
    """12345 → "12 345" (fr, narrow no-break space) or "12,345" (en); floats keep one decimal."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if language == "fr":
        return text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_percent(value: float, language: Language, *, signed: bool = False) -> str:
    """12.5 → "12,5 %" (fr) / "12.5%" (en); `signed` writes "+" before a rise."""
    text = format_number(round(float(value), 1), language)
    if signed and value > 0:
        text = "+" + text
    return f"{text}{NARROW_NBSP}%" if language == "fr" else f"{text}%"


def format_date(value: date | datetime | str, language: Language) -> str:
    """30/11/2026 (fr) or 30 Nov 2026 (en); an ISO string is read first."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(day, datetime):
        day = day.date()
    if language == "fr":
        return day.strftime("%d/%m/%Y")
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def quote(value: str, language: Language) -> str:
    """« value » in French, “value” in English."""
    return f"«{NARROW_NBSP}{value}{NARROW_NBSP}»" if language == "fr" else f"“{value}”"

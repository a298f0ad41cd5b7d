"""A BANT answer in words, in the reader's language: "40 000 € (validé par le DAF)", "Marie
Dupont, DAF", "remplacer leur CRM", "avant juin 2025 (31/05/2025)". Plain text: callers escape
it where it meets Markdown or HTML (the values come from the rep's words)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from agent.i18n import Language, t
from agent.i18n.formats import format_date, format_number

STATUS_MARKS = {"confirmed": "✓", "unknown": "?", "negative": "✗", "missing": "·"}
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def describe_value(
    criterion: str, value: dict[str, Any], note: str | None, language: Language
) -> str:
    """The answer's value in words; the rep's own words when it holds no structured value."""
    match criterion:
        case "budget":
            text = _amount(value, language)
            if value.get("approved_by"):
                approved = t("qualification.value.approved_by", language, who=value["approved_by"])
                text = f"{text} ({approved})" if text else approved
        case "authority":
            parts = [str(value[key]) for key in ("person", "role") if value.get(key)]
            text = ", ".join(parts)
        case "need":
            text = str(value.get("pain") or "")
        case "timing":
            text = str(value.get("label") or "")
            if value.get("end"):
                end = format_date(str(value["end"]), language)
                text = f"{text} ({end})" if text else end
        case _:
            text = ""
    return text or (note or "")


def _amount(value: dict[str, Any], language: Language) -> str:
    raw = value.get("amount")
    if raw is None:
        return ""
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        return ""
    figure = format_number(float(amount), language)
    symbol = SYMBOLS.get(str(value.get("currency") or "EUR"), str(value.get("currency")))
    if language == "en" and symbol in ("€", "$", "£"):
        return f"{symbol}{figure}"  # €40,000
    return f"{figure} {symbol}"  # 40 000 €


def status_text(status: str, language: Language) -> str:
    """A criterion's status with its mark: "✓ confirmé", "· non renseigné"."""
    key = (
        "qualification.ui.missing_status" if status == "missing" else f"labels.bant_status.{status}"
    )
    return f"{STATUS_MARKS[status]} {t(key, language)}"


def origin_text(source: str | None, recorded_at: Any, language: Language) -> str:
    """Where and when an answer was given: "conversation, 02/11/2026"; "" when never given."""
    if not source:
        return ""
    where = t(f"qualification.ui.source.{source}", language)
    return f"{where}, {format_date(recorded_at, language)}" if recorded_at else where

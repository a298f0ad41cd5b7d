"""A BANT answer in words, in the reader's language: "40 000 € (validé par le DAF)", "Marie
Dupont, DAF", "remplacer leur CRM", "avant juin 2025 (31/05/2025)". Plain text: callers escape
it where it meets Markdown or HTML (the values come from the rep's words)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from agent.i18n import Language, t
from agent.i18n.formats import format_date, format_number

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

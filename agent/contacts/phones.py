"""Phone numbers as E.164 (+33612345678), read the way French reps write them ("06 12 34 56
78", "+33 (0)6 12 34 56 78", "0033 6 12…"); None when a value is not a possible number."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "FR"


def e164(value: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164, or None when `value` is empty or not a valid number."""
    if not value or not value.strip():
        return None
    text = value.strip().replace("(0)", "")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def readable(value: str | None) -> str | None:
    """An E.164 number as people read it: "+33 6 12 34 56 78"."""
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

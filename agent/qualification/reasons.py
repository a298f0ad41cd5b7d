"""Score reasons worded for people, in their language, through the catalogue (`scores.reason.*`)."""

from __future__ import annotations

from functools import cache

from agent.i18n import Language, catalogue_keys, t
from agent.qualification.parts import Reason
from store.reference.geo import REGIONS, department_name

# Reasons whose value is a count (their text has a singular and a plural)
COUNTED = frozenset(
    {"age", "page_view", "pricing_page", "email_open", "email_click", "download", "webinar",
     "demo_request"}
)  # fmt: skip


def reason_text(reason: Reason, language: Language) -> str:
    """One reason as a short phrase: "secteur 62.02A (+35)", "2 pages vues (+5)"."""
    points = round(reason.points)
    key = f"scores.reason.{reason.code}"
    if key not in _keys():
        return t(
            "scores.reason.other", language, code=reason.code, value=reason.value, points=points
        )
    if reason.code in COUNTED:
        count = int(reason.value) if reason.value.isdigit() else 0
        return t(key, language, count=count, points=points)
    return t(key, language, value=_value(reason), points=points)


def reasons_text(reasons: list[Reason] | tuple[Reason, ...], language: Language) -> str:
    """Reasons joined with commas, or "nothing of note"."""
    if not reasons:
        return t("scores.no_reason", language)
    return ", ".join(reason_text(reason, language) for reason in reasons)


def _value(reason: Reason) -> str:
    if reason.code == "department":
        name = department_name(reason.value)
        return f"{reason.value} – {name}" if name else reason.value
    if reason.code == "region":
        return REGIONS.get(reason.value, reason.value)
    return reason.value


@cache
def _keys() -> frozenset[str]:
    return frozenset(catalogue_keys())

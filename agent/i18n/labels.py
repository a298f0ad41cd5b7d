"""Labels for every value a rep may read: lead stages, email statuses, signal and engagement
kinds, INSEE headcount bands, and reps' names — one place, both languages."""

from __future__ import annotations

from datetime import date

from agent.i18n.catalogue import Language, catalogue_keys, t
from store import users

STAGES = ("new", "mql", "sql", "won", "lost", "disqualified")


def stage_label(stage: str | None, language: Language) -> str:
    """A funnel stage as reps say it: "sql" → "SQL", "won" → "Gagné" / "Won"."""
    return t(f"stages.{stage}", language) if stage in STAGES else str(stage or "")


def enum_label(group: str, value: str | None, language: Language) -> str:
    """The label of an enum value (`email_status`, `signal_kind`, `engagement_kind`,
    `headcount`); a value the catalogue lacks is shown as it is."""
    key = f"labels.{group}.{(value or '').lower()}"
    return t(key, language) if key in _known() else str(value or "")


def source_label(value: str | None, language: Language) -> str:
    """Where a contact's field came from, for people: "données de démonstration", "import de
    salon.csv", "national business register"; an unknown source as it is."""
    if value and value.startswith("import:"):
        return t("labels.contact_source.import", language, file=value.removeprefix("import:"))
    return enum_label("contact_source", value, language)


def headcount_label(band: str | None, language: Language) -> str:
    """An INSEE headcount band code as people read it: "21" → "50 à 99 salariés"."""
    return enum_label("headcount", band, language) if band else ""


def display_name(login: str | None) -> str:
    """How a rep's login reads: "alice.martin" → "Alice Martin"; "—" for nobody."""
    return users.display_name(login) or "—"


_KEYS: set[str] = set()


def _known() -> set[str]:
    if not _KEYS:
        _KEYS.update(catalogue_keys())
    return _KEYS


def age_label(day: date | str | None, today: date, language: Language) -> str:
    """How long ago `day` was: "aujourd'hui", "il y a 12 jours", "il y a 3 mois", "il y a 2 ans"."""
    if not day:
        return t("labels.age.unknown", language)
    days = (today - (date.fromisoformat(day) if isinstance(day, str) else day)).days
    if days <= 0:
        return t("labels.age.today", language)
    if days == 1:
        return t("labels.age.yesterday", language)
    if days < 60:
        return t("labels.age.days", language, days=days)
    if days < 730:
        return t("labels.age.months", language, months=days // 30)
    return t("labels.age.years", language, years=days // 365)

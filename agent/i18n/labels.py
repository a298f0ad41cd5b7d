"""Labels for every value a rep may read: lead stages, email statuses, signal and engagement
kinds, INSEE headcount bands, and reps' names — one place, both languages."""

from __future__ import annotations

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

"""A cell as a person reads it, in the chat's answers, the UI's table and the CSV export: its
value (oui/non for a boolean), "—" when the facts do not say, "échec" when it failed."""

from __future__ import annotations

from typing import Any

from agent.i18n import Language, t

NO_INFO = "—"


def cell_label(status: str | None, value: Any, language: Language) -> str:
    """The cell's text: its value, "—" (no information), the failure word, "" (not run)."""
    if status is None:
        return ""
    if status == "no_info" or (status == "filled" and value is None):
        return NO_INFO
    if status == "failed":
        return t("columns.status.failed", language)
    if isinstance(value, bool):
        return t(f"columns.{'yes' if value else 'no'}", language)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Mistakes in a lead-list request that the caller can correct; each message says how."""

from __future__ import annotations


class UnknownList(LookupError):
    """No lead list has the requested name."""

    def __init__(self, name: str, existing: list[str]) -> None:
        shown = ", ".join(repr(item) for item in existing[:20]) or "none yet"
        super().__init__(
            f"no lead list is named {name!r}. Existing lists: {shown}. "
            "Use one of these names, or create the list with create_lead_list."
        )
        self.name = name
        self.existing = existing


class InvalidSiren(ValueError):
    """A value that is not a SIREN or SIRET."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(
            f"{value!r} is not a valid SIREN ({reason}): give 9 digits (SIREN) or 14 "
            "digits (SIRET), spaces allowed, e.g. 552 100 554"
        )
        self.value = value

"""How people are shown: a login ("alice.martin") as a name ("Alice Martin").

There is no users table yet, so a name is read from the login itself: the part before any "@",
split on dots, underscores and dashes, each part capitalised ("jean-marc.dupont" → "Jean-Marc
Dupont"). Logins stay the identifiers everywhere (the store, artifacts' `owner`); only what a
person reads uses this.
"""

from __future__ import annotations

import re

_PARTS = re.compile(r"[._]+")


def display_name(login: str | None) -> str | None:
    """The name to show for `login`; None for no login."""
    if login is None or not login.strip():
        return None
    local = login.strip().split("@", 1)[0]
    words = [word for word in _PARTS.split(local) if word]
    if not words:
        return login.strip()
    return " ".join(
        "-".join(part[:1].upper() + part[1:] for part in word.split("-")) for word in words
    )

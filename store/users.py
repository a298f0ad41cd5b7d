"""How people are shown: a login ("alice.martin") as a name ("Alice Martin").

A user's display name comes from the `user` table when it has one. Reading the table for every
name shown (an artifact names a dozen owners) would cost a query each, and artifacts are shaped
far from any session; so the names are read once and kept here (`remember_names`), by the
runtime when it opens and again at each conversation turn (`agent.users.names`). Any other login
is read from itself: the part before any "@", split on dots and underscores, each part
capitalised ("jean-marc.dupont" → "Jean-Marc Dupont"). Logins stay the identifiers everywhere
(the store, artifacts' `owner`); only what a person reads uses this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

_PARTS = re.compile(r"[._]+")
# Replaced whole, never changed in place: a reader sees one snapshot or the next.
_known: Mapping[str, str] = MappingProxyType({})


def remember_names(names: Mapping[str, str]) -> None:
    """Show these display names (by login) from now on, in place of the ones known before."""
    global _known
    _known = MappingProxyType(dict(names))


def display_name(login: str | None) -> str | None:
    """The name to show for `login`; None for no login."""
    if login is None or not login.strip():
        return None
    known = _known.get(login.strip().lower())
    if known:
        return known
    return login_name(login)


def login_name(login: str) -> str:
    """The name read from the login itself ("jean-marc.dupont" → "Jean-Marc Dupont")."""
    local = login.strip().split("@", 1)[0]
    words = [word for word in _PARTS.split(local) if word]
    if not words:
        return login.strip()
    return " ".join(
        "-".join(part[:1].upper() + part[1:] for part in word.split("-")) for word in words
    )

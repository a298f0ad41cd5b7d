"""How the UI names people: a display name for a login ("alice.martin" → "Alice Martin").

The one function is `store.users.display_name`; the UI shows "" where nobody is named.
"""

from __future__ import annotations

from store.users import display_name as _name


def display_name(login: str | None) -> str:
    """The name to show for `login`; "" for no login."""
    return _name(login) or ""

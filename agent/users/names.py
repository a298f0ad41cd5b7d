"""Display names: from the users table when the login is a user's and they have one, else read
from the login (`store.users`). Read once per process and again at each conversation turn."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.repositories.users import display_names
from store.users import display_name, remember_names

__all__ = ["display_name", "load_names"]


def load_names(engine: Engine) -> None:
    """Read the users' display names from the store (one query) and show them from now on."""
    with Session(engine) as session:
        names = display_names(session)
    remember_names(names)

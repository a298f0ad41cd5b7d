"""A team in a UI test's store, added before `filon ui` starts (the demo data come on top, and
their lists are owned by these logins): Alice and Bruno, reps with passwords, and Chloé,
disabled."""

from __future__ import annotations

from pathlib import Path

from agent.users import add_user, disable_user
from store.db import open_store

PASSWORDS = {"alice.martin": "rillettes-de-tours", "bruno.petit": "canelés-de-bordeaux"}
DISABLED = ("chloe.bernard", "kouign-amann-breton")


def add_team(home: Path) -> None:
    """Alice Martin and Bruno Petit (reps), Chloé Bernard (disabled), in FILON_HOME=`home`."""
    home.mkdir(parents=True, exist_ok=True)
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    try:
        names = {"alice.martin": "Alice Martin", "bruno.petit": "Bruno Petit"}
        for login, password in PASSWORDS.items():
            add_user(
                engine,
                login=login,
                by=login,
                role="rep",
                display_name=names[login],
                password=password,
            )
        add_user(engine, login=DISABLED[0], by=DISABLED[0], role="rep", password=DISABLED[1])
        disable_user(engine, login=DISABLED[0], by="alice.martin")
    finally:
        engine.dispose()

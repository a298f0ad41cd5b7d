"""The secret Chainlit signs the UI's login cookies with (its CHAINLIT_AUTH_SECRET).

A team may set FILON_UI_AUTH_SECRET (the same on every machine serving one UI); otherwise
`filon ui` makes one at its first start with login and keeps it in FILON_HOME, readable by its
owner only, so that a restart keeps everyone logged in. Whoever holds it can sign a cookie
naming any user: it is handed to the Chainlit process only, never printed nor logged.
"""

from __future__ import annotations

import os
import secrets
import uuid
from contextlib import suppress
from pathlib import Path

from agent.settings import Settings
from store.private import new_private_file, private_file

SECRET_FILE = "ui-auth-secret"


def login_secret(settings: Settings) -> str:
    """FILON_UI_AUTH_SECRET, else the one kept in FILON_HOME (made at first use)."""
    if settings.ui_auth_secret is not None:
        return settings.ui_auth_secret.get_secret_value()
    path = settings.ensure_home() / SECRET_FILE
    if not path.exists():
        _create(path)
    secret = private_file(path).read_text(encoding="ascii").strip()
    if not secret:  # emptied by hand: a new one (everyone logs in again)
        path.unlink()
        _create(path)
        secret = path.read_text(encoding="ascii").strip()
    return secret


def _create(path: Path) -> None:
    """Write a new secret to `path` whole or not at all: two `filon ui` starting together keep
    the first one written, and nobody reads a half-written file."""
    draft = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    new_private_file(draft)
    try:
        draft.write_text(secrets.token_urlsafe(48), encoding="ascii")
        with suppress(FileExistsError):  # another `filon ui` made it first: theirs is kept
            os.link(draft, path)
    finally:
        draft.unlink()

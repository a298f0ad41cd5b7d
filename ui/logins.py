"""Who logs in to the web UI, checked against the users table (`agent.users`).

Once the store holds users, the UI asks who is there: a password by default, checked by
`agent.users.authenticate` (Argon2id; a wrong password, an unknown login, a disabled user or one
without a password all fail alike); or, with FILON_UI_AUTH_HEADER, the login a trusted reverse
proxy names in that header, which must be an active user's. With FILON_UI_OAUTH, the identity an
OAuth provider vouches for (an email for most) must be an active user's login, exactly: the
users table has no email column, and taking an address's local part as a login would let
nadia.leroy@anywhere.example in as nadia.leroy.

Every attempt is logged, in the terminal's language, with the login tried and never a password.
Plain Python: `ui.login` hands these answers to Chainlit.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy.engine import Engine

from agent.context import InvalidIdentity, check_user
from agent.i18n import Language, t
from agent.settings import LoginMode, Settings
from agent.users import UserInfo, authenticate, get_user
from agent.users.passwords import MAX_LENGTH

log = logging.getLogger("filon.ui")

SHOWN_LOGIN = 80  # characters of a tried login a log line keeps
SINGLE_USER = "rep"  # who the UI (and Slack) acts for without users, as ever


def login_mode(settings: Settings, *, has_users: bool) -> LoginMode:
    """How the UI asks who is there: the proxy's header when one is configured, else a password
    once the store has users; not at all before (one person on their own machine)."""
    if settings.ui_auth_header:
        return "header"
    return "password" if has_users else "off"


def password_user(engine: Engine, login: str, password: str, language: Language) -> UserInfo | None:
    """The user when the password is theirs and they are active; None otherwise, whatever the
    reason (the caller shows one refusal for all)."""
    # No password is that long: not hashing megabytes keeps the form from being a denial of service.
    user = authenticate(engine, login, password) if len(password) <= MAX_LENGTH else None
    _record(user, login, "password", language)
    return user


def header_user(
    engine: Engine, headers: Mapping[str, str], header: str, language: Language
) -> UserInfo | None:
    """The active user the proxy names in `header`; None when it names nobody (or nobody
    active), or the request came without it."""
    login = headers.get(header, "")
    user = _active_user(engine, login)
    _record(user, login or "-", header, language)
    return user


def oauth_user(
    engine: Engine,
    provider: str,
    identity: str,
    profile: Mapping[str, object],
    language: Language,
) -> UserInfo | None:
    """The active user whose login is the identity `provider` gives (`identity`, Chainlit's
    reading of its profile: the email for most providers); None when the provider says the
    email is not verified, or no active user has that login."""
    verified = all(profile.get(flag) is not False for flag in ("email_verified", "verified_email"))
    user = _active_user(engine, identity) if verified else None
    _record(user, identity, provider, language)
    return user


def _active_user(engine: Engine, login: str) -> UserInfo | None:
    try:
        wanted = check_user(login)
    except InvalidIdentity:
        return None
    user = get_user(engine, wanted)
    return user if user is not None and user.active else None


def _record(user: UserInfo | None, tried: str, method: str, language: Language) -> None:
    if user is not None:
        log.info(t("ui_login.logged_in_log", language, login=user.login, method=method))
    else:
        log.warning(t("ui_login.refused_log", language, login=_shown(tried), method=method))


def _shown(login: str) -> str:
    """A tried login as a log line may show it: one line, not too long."""
    clean = "".join(c if c.isprintable() else "?" for c in login.strip())
    return clean[:SHOWN_LOGIN] or "-"

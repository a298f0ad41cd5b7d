"""The web UI's login, through Chainlit's authentication, and who each session's person is.

Chainlit asks for a login as soon as one of its callbacks is registered, so `enable_login`
registers those of the mode `filon ui` decided from the store (FILON_UI_LOGIN, see
`ui.logins.login_mode`) and nothing else: the password form, with the OAuth providers beside it
when FILON_UI_OAUTH is on; or the proxy's header alone. What a callback answers becomes the
session's `cl.User` — identifier the login, the display name Chainlit's user menu shows above
its Logout, the role and how they logged in as metadata — signed into a cookie with
CHAINLIT_AUTH_SECRET. Each conversation then runs as that login; the role in force is read from
the users table by the chat session, and each turn checks the user again (a user disabled since
they logged in is refused at their next turn).
"""

from __future__ import annotations

import asyncio

import chainlit as cl
from chainlit.oauth_providers import get_configured_oauth_providers
from starlette.datastructures import Headers

from agent.i18n import Language, t
from agent.settings import Settings
from agent.users import UserInfo, UserRequestError, display_name
from ui.logins import SINGLE_USER, header_user, oauth_user, password_user
from ui.runtime import shared_runtime, ui_settings


def enable_login(settings: Settings) -> None:
    """Register Chainlit's callbacks for `settings.ui_login` (none when it is off)."""
    match settings.ui_login:
        case "off":
            return
        case "password":
            cl.password_auth_callback(_password)
            if settings.ui_oauth:
                if not get_configured_oauth_providers():
                    raise RuntimeError(t("ui_login.no_oauth_provider", settings.language))
                cl.oauth_callback(_oauth)
        case "header":
            cl.header_auth_callback(_header)


def session_login() -> str:
    """The login of the session's person: the logged-in user, or `SINGLE_USER` without login."""
    user = cl.context.session.user
    return user.identifier if user is not None else SINGLE_USER


def refusal_text(refused: UserRequestError, language: Language) -> str:
    """What the session's person reads when the users service refuses them (disabled since they
    logged in, say): its one line; without login, that the store has users since `filon ui`
    started, so it must start again to ask who is there."""
    if cl.context.session.user is None:
        return t("ui_login.restart_to_log_in", language)
    return t(f"users.error.{refused.code}", language, **refused.values)


async def _password(login: str, password: str) -> cl.User | None:
    settings = ui_settings()
    engine = (await shared_runtime(settings)).engine
    user = await asyncio.to_thread(password_user, engine, login, password, settings.language)
    return _session_user(user, "credentials")


async def _header(headers: Headers) -> cl.User | None:
    settings = ui_settings()
    header = settings.ui_auth_header
    assert header is not None, "the header login runs only with FILON_UI_AUTH_HEADER"
    engine = (await shared_runtime(settings)).engine
    user = await asyncio.to_thread(header_user, engine, headers, header, settings.language)
    return _session_user(user, "header")


async def _oauth(
    provider: str,
    token: str,
    profile: dict[str, str],
    default: cl.User,
    id_token: str | None = None,
) -> cl.User | None:
    settings = ui_settings()
    engine = (await shared_runtime(settings)).engine
    user = await asyncio.to_thread(
        oauth_user, engine, provider, default.identifier, profile, settings.language
    )
    return _session_user(user, provider)


def _session_user(user: UserInfo | None, method: str) -> cl.User | None:
    if user is None:
        return None
    return cl.User(
        identifier=user.login,
        display_name=user.display_name or display_name(user.login),
        metadata={"role": user.role, "provider": method},
    )

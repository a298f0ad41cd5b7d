"""Personal access tokens: how a program acts as a Filon user (`filon mcp --http`).

A user makes their own tokens, an admin anyone's (while the store has no active admin, anyone
may, as for managing users). A token is returned once, when it is made, and only its SHA-256
digest is stored. `token_user` reads who a token is at every request it comes with: an unknown,
expired or revoked token, or one whose user was disabled, is nobody — so disabling a user stops
their tokens at once, and enabling them again brings the tokens back.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.users.errors import (
    AdminOnly,
    BadTokenDays,
    BadTokenName,
    NotYourToken,
    TokenExists,
    UnknownToken,
    UnknownUser,
    UserDisabled,
)
from agent.users.manage import UserInfo, check_admin, checked_login
from store.db import session_scope
from store.models import ApiToken
from store.models._time import utcnow
from store.repositories import api_tokens as repository
from store.repositories.users import user_by_login

TOKEN_START = "filon_"  # says what a token is for, in a config file or a secret scanner
PREFIX_LENGTH = len(TOKEN_START) + 6  # what a listing shows of a token to tell it apart
DEFAULT_DAYS = 90
MAX_DAYS = 3650
MAX_NAME = 40
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SHAPE = re.compile(r"^filon_[A-Za-z0-9_-]{43}$")  # TOKEN_START + 32 random bytes, base64url
# How stale `last_used_at` may get: a request does not write to the store every time.
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as people see it: never the token nor its digest."""

    login: str
    name: str
    prefix: str
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenInfo:
        """The public view of an `apitoken` row."""
        return cls(
            login=token.login,
            name=token.name,
            prefix=token.prefix,
            created_by=token.created_by,
            created_at=token.created_at,
            expires_at=token.expires_at,
            last_used_at=token.last_used_at,
        )

    def expired(self, now: datetime) -> bool:
        """Whether the token no longer works because of its age."""
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made: its public view and the token itself, shown this once."""

    info: TokenInfo
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """Who a token acts for: the user (active) and the token."""

    user: UserInfo
    token: TokenInfo
    token_id: int


def create_token(
    engine: Engine,
    *,
    login: str,
    by: str,
    name: str,
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
) -> NewToken:
    """Make a token for `login` named `name`, working `days` days (0: until revoked).

    Raises `UnknownUser` or `UserDisabled` for the user, `NotYourToken` when `by` is neither
    them nor an admin, `TokenExists` when they have a token of that name, `BadTokenName`,
    `BadTokenDays`.
    """
    target, acting, clean = checked_login(login), checked_login(by), _name(name)
    if not 0 <= days <= MAX_DAYS:
        raise BadTokenDays(days, MAX_DAYS)
    moment = now or utcnow()
    secret = TOKEN_START + secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        _check_owner_or_admin(session, acting, target)
        user = user_by_login(session, login=target)
        if user is None:
            raise UnknownUser(target)
        if not user.active:
            raise UserDisabled(target)
        token = repository.insert_token(
            session,
            login=target,
            name=clean,
            token_hash=_digest(secret),
            prefix=secret[:PREFIX_LENGTH],
            created_by=acting,
            now=moment,
            expires_at=moment + timedelta(days=days) if days else None,
        )
        if token is None:
            raise TokenExists(target, clean)
        return NewToken(TokenInfo.of(token), secret)


def list_tokens(engine: Engine, *, by: str, login: str | None = None) -> list[TokenInfo]:
    """The tokens of `login`, by name (`by`'s own or an admin's asking); with no `login`, an
    admin's asking gets everyone's and anyone else their own."""
    acting = checked_login(by)
    with Session(engine) as session:
        if login is None:
            try:
                check_admin(session, acting)
                target: str | None = None
            except AdminOnly:
                target = acting
        else:
            target = checked_login(login)
            _check_owner_or_admin(session, acting, target)
        return [TokenInfo.of(token) for token in repository.tokens_of(session, login=target)]


def revoke_token(engine: Engine, *, login: str, name: str, by: str) -> TokenInfo:
    """Revoke (delete) `login`'s token named `name`: it stops working at its next request."""
    target, acting, clean = checked_login(login), checked_login(by), _name(name)
    with session_scope(engine) as session:
        _check_owner_or_admin(session, acting, target)
        token = repository.token_named(session, login=target, name=clean)
        if token is None or not repository.delete_token(session, login=target, name=clean):
            raise UnknownToken(target, clean)
        return TokenInfo.of(token)


def token_user(engine: Engine, secret: str, *, now: datetime | None = None) -> TokenHolder | None:
    """Who `secret` acts for, when it is a token that works and its user is active; else None,
    whatever the reason (the caller says nothing more to whoever sent it)."""
    if not _SHAPE.match(secret):
        return None
    moment = now or utcnow()
    with session_scope(engine) as session:
        found = repository.token_with_user(session, token_hash=_digest(secret))
        if found is None:
            return None
        token, user = found
        info = TokenInfo.of(token)
        if not user.active or info.expired(moment) or token.id is None:
            return None
        if info.last_used_at is None or moment - info.last_used_at >= TOUCH_EVERY:
            repository.touch_token(session, token_id=token.id, now=moment)
        return TokenHolder(UserInfo.of(user), info, token.id)


def _check_owner_or_admin(session: Session, by: str, target: str) -> None:
    if by == target:
        return
    try:
        check_admin(session, by)
    except AdminOnly as error:
        raise NotYourToken(by, target) from error


def _name(value: str) -> str:
    clean = value.strip().lower()
    if not clean or len(clean) > MAX_NAME or not _NAME.match(clean):
        raise BadTokenName(value, MAX_NAME)
    return clean


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()

"""Managing users: add, list, disable, enable, change a role, set a password; and checking one at
login.

Who may: once the store has an active admin, only an active admin (`by`) manages users, except
that anyone may change their own password. Before that — a store with no user, or users but no
admin yet — anyone may, so that a team can start: the first user added to an empty store is an
admin unless another role is asked for. The last active admin can be neither disabled nor given another
role, so that a
team never locks itself out of managing its users.

Users come back as `UserInfo`, which has no password hash: nothing leaves this module with one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from agent.context import InvalidIdentity, Role, check_role, check_user
from agent.users.errors import (
    AdminOnly,
    BadDisplayName,
    BadLogin,
    LastAdmin,
    NoPasswordChange,
    SlackIdTaken,
    UnknownUser,
    UserDisabled,
    UserExists,
)
from agent.users.passwords import (
    decoy_hash,
    hash_password,
    needs_rehash,
    password_matches,
)
from agent.users.slack_ids import checked_slack_id
from store.db import session_scope
from store.models import User, UserRole
from store.models._time import utcnow
from store.repositories import users as repository

MAX_DISPLAY_NAME = 80


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as callers see them: never their password hash."""

    login: str
    display_name: str | None
    role: Role
    active: bool
    has_password: bool
    created_at: datetime
    updated_at: datetime
    slack_id: str | None = None  # the Slack account they talk to Filon from (docs/slack.md)

    @classmethod
    def of(cls, user: User) -> UserInfo:
        """The public view of a `user` row."""
        return cls(
            login=user.login,
            display_name=user.display_name,
            role=check_role(user.role),
            active=user.active,
            has_password=user.password_hash is not None,
            created_at=user.created_at,
            updated_at=user.updated_at,
            slack_id=user.slack_id,
        )


def has_users(engine: Engine) -> bool:
    """Whether the store has users (then Filon is a team's: logins are checked, reads scoped)."""
    with Session(engine) as session:
        return repository.any_user(session)


def get_user(engine: Engine, login: str) -> UserInfo | None:
    """The user with this login, or None."""
    with Session(engine) as session:
        user = repository.user_by_login(session, login=checked_login(login))
        return UserInfo.of(user) if user is not None else None


def list_users(engine: Engine) -> list[UserInfo]:
    """Every user, by login, disabled ones included."""
    with Session(engine) as session:
        return [UserInfo.of(user) for user in repository.all_users(session)]


def add_user(
    engine: Engine,
    *,
    login: str,
    by: str,
    role: Role | None = None,
    display_name: str | None = None,
    password: str | None = None,
    slack_id: str | None = None,
) -> UserInfo:
    """Add a user (see the module docstring for who may, and the first user's role).

    `password` None: the user has none (they log in another way, or an admin sets one later).
    `slack_id`: the Slack account they talk to Filon from, linked in the same transaction.
    """
    new_login = checked_login(login)
    name = _display_name(display_name)
    account = checked_slack_id(slack_id) if slack_id is not None else None
    password_hash = hash_password(password) if password is not None else None
    try:
        with session_scope(engine) as session:
            repository.lock_users(session)
            first = not repository.any_user(session)
            check_admin(session, by)
            if account is not None and (
                holder := repository.user_by_slack_id(session, slack_id=account)
            ):
                raise SlackIdTaken(account, holder.login)
            wanted = UserRole(role) if role is not None else None
            user = repository.insert_user(
                session,
                login=new_login,
                role=wanted or (UserRole.admin if first else UserRole.rep),
                display_name=name,
                password_hash=password_hash,
                slack_id=account,
                now=utcnow(),
            )
            if user is None:
                raise UserExists(new_login)
            return UserInfo.of(user)
    except IntegrityError as error:  # the Slack account, linked a moment ago by another add
        if account is None:
            raise
        with Session(engine) as session:
            holder = repository.user_by_slack_id(session, slack_id=account)
        raise SlackIdTaken(account, holder.login if holder else "?") from error


def disable_user(engine: Engine, *, login: str, by: str) -> UserInfo:
    """Disable the user: they can no longer log in nor act (what they did stays theirs)."""
    target = checked_login(login)
    with session_scope(engine) as session:
        repository.lock_users(session)
        check_admin(session, by)
        admins = repository.active_admins(session, lock=True)
        if admins == [target]:
            raise LastAdmin(target)
        return _set_active(session, target, active=False)


def enable_user(engine: Engine, *, login: str, by: str) -> UserInfo:
    """Enable a disabled user again."""
    target = checked_login(login)
    with session_scope(engine) as session:
        repository.lock_users(session)
        check_admin(session, by)
        return _set_active(session, target, active=True)


def set_role(engine: Engine, *, login: str, role: Role, by: str) -> UserInfo:
    """Give the user another role (an admin's decision). The last active admin keeps theirs."""
    target = checked_login(login)
    wanted = UserRole(check_role(role))
    with session_scope(engine) as session:
        repository.lock_users(session)
        check_admin(session, by)
        admins = repository.active_admins(session, lock=True)
        if wanted != UserRole.admin and admins == [target]:
            raise LastAdmin(target)
        if not repository.set_role(session, login=target, role=wanted, now=utcnow()):
            raise UnknownUser(target)
        return UserInfo.of(existing(session, target))


def set_password(engine: Engine, *, login: str, password: str, by: str) -> UserInfo:
    """Set the user's password: an admin anyone's, a user their own."""
    target = checked_login(login)
    password_hash = hash_password(password)
    with session_scope(engine) as session:
        if checked_login(by) != target:
            try:
                check_admin(session, by)
            except AdminOnly as error:
                raise NoPasswordChange(checked_login(by), target) from error
        if not repository.set_password_hash(
            session, login=target, password_hash=password_hash, now=utcnow()
        ):
            raise UnknownUser(target)
        return UserInfo.of(existing(session, target))


def authenticate(engine: Engine, login: str, password: str) -> UserInfo | None:
    """The user when `password` is theirs and they are active; None otherwise, whatever the
    reason (unknown login, disabled, no password, wrong one), taking as long either way."""
    try:
        wanted = check_user(login)
    except InvalidIdentity:
        password_matches(decoy_hash(), password)
        return None
    with session_scope(engine) as session:
        user = repository.user_by_login(session, login=wanted)
        stored = user.password_hash if user is not None and user.active else None
        if stored is None or user is None:
            password_matches(decoy_hash(), password)
            return None
        if not password_matches(stored, password):
            return None
        if needs_rehash(stored):
            repository.set_password_hash(
                session, login=wanted, password_hash=hash_password(password), now=utcnow()
            )
            session.refresh(user)
        return UserInfo.of(user)


def check_admin(session: Session, by: str) -> None:
    """Let `by` manage users: an active admin, or anyone while there is no active admin
    (raises `AdminOnly`, `UnknownUser` or `UserDisabled`)."""
    if not repository.active_admins(session):
        return
    acting = repository.user_by_login(session, login=checked_login(by))
    if acting is None:
        raise UnknownUser(checked_login(by))
    if not acting.active:
        raise UserDisabled(acting.login)
    if acting.role != UserRole.admin.value:
        raise AdminOnly(acting.login)


def _set_active(session: Session, login: str, *, active: bool) -> UserInfo:
    if not repository.set_active(session, login=login, active=active, now=utcnow()):
        raise UnknownUser(login)
    return UserInfo.of(existing(session, login))


def existing(session: Session, login: str) -> User:
    user = repository.user_by_login(session, login=login)
    assert user is not None, f"the user {login!r} was just changed"
    session.refresh(user)
    return user


def checked_login(value: str) -> str:
    """`value` as a login; raises `BadLogin` otherwise."""
    try:
        return check_user(value)
    except InvalidIdentity as error:
        raise BadLogin(value) from error


def _display_name(value: str | None) -> str | None:
    """One line of text, or None when blank."""
    if value is None:
        return None
    clean = " ".join(value.split())
    if len(clean) > MAX_DISPLAY_NAME:
        raise BadDisplayName(MAX_DISPLAY_NAME)
    return clean or None

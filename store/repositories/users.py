"""Reading and writing users.

A login is unique in the database (`INSERT … ON CONFLICT DO NOTHING … RETURNING`: two processes
adding the same login at once insert it once, and the other learns it was taken). Changes name
the row by its login and report whether it was there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.locks import USERS_LOCK
from store.models import User, UserRole
from store.models.tables import table_of

USER_TABLE = table_of(User)


def lock_users(session: Session) -> None:
    """Hold the users' write lock until the transaction ends: who may manage users depends on
    who is there, so two processes adding the first users of an empty store at once must not both
    see it empty (both would become admins). Call it first in the transaction: PostgreSQL takes a
    transaction-level advisory lock; SQLite begins the write transaction with a write that
    changes nothing, so the reads that follow see whatever the other writer committed."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(USER_TABLE).where(text("0")).values(login=USER_TABLE.c.login))
    else:
        session.execute(text("SELECT pg_advisory_xact_lock(:kind, 0)"), {"kind": USERS_LOCK})


def any_user(session: Session) -> bool:
    """Whether the store holds at least one user (active or not)."""
    return session.execute(select(USER_TABLE.c.id).limit(1)).first() is not None


def user_by_login(session: Session, *, login: str) -> User | None:
    """The user with this login, or None."""
    return session.exec(select(User).where(col(User.login) == login)).first()


def all_users(session: Session) -> list[User]:
    """Every user, by login."""
    return list(session.exec(select(User).order_by(col(User.login))).all())


def active_admins(session: Session, *, lock: bool = False) -> list[str]:
    """The logins of the active admins. With `lock` (PostgreSQL), their rows stay locked until
    the transaction ends, so two admins disabling each other at once cannot both succeed."""
    statement = (
        select(USER_TABLE.c.login)
        .where(USER_TABLE.c.role == UserRole.admin.value, USER_TABLE.c.active.is_(True))
        .order_by(USER_TABLE.c.login)
    )
    if lock:
        statement = statement.with_for_update()
    return [str(login) for login in session.execute(statement).scalars()]


def display_names(session: Session) -> dict[str, str]:
    """Every user's display name by login, for those who have one."""
    statement = select(USER_TABLE.c.login, USER_TABLE.c.display_name).where(
        USER_TABLE.c.display_name.is_not(None)
    )
    return {str(login): str(name) for login, name in session.execute(statement).all()}


def insert_user(
    session: Session,
    *,
    login: str,
    role: UserRole,
    display_name: str | None,
    password_hash: str | None,
    now: datetime,
    slack_id: str | None = None,
) -> User | None:
    """Insert the user; None when the login is taken (by a row inserted even a moment ago).
    A Slack account linked to another user raises the unique index's `IntegrityError`."""
    row = {
        "login": login,
        "role": role.value,
        "display_name": display_name,
        "password_hash": password_hash,
        "active": True,
        "slack_id": slack_id,
        "created_at": now,
        "updated_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(USER_TABLE)
    statement = insert.values(row).on_conflict_do_nothing(index_elements=["login"])
    inserted = session.execute(statement.returning(USER_TABLE.c.id)).scalar_one_or_none()
    return None if inserted is None else session.get_one(User, inserted)


def set_active(session: Session, *, login: str, active: bool, now: datetime) -> bool:
    """Enable or disable the user; False when there is no such login."""
    statement = (
        update(USER_TABLE).where(USER_TABLE.c.login == login).values(active=active, updated_at=now)
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def set_role(session: Session, *, login: str, role: UserRole, now: datetime) -> bool:
    """Give the user another role; False when there is no such login."""
    statement = (
        update(USER_TABLE)
        .where(USER_TABLE.c.login == login)
        .values(role=role.value, updated_at=now)
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def set_password_hash(session: Session, *, login: str, password_hash: str, now: datetime) -> bool:
    """Store a new password hash for the user; False when there is no such login."""
    statement = (
        update(USER_TABLE)
        .where(USER_TABLE.c.login == login)
        .values(password_hash=password_hash, updated_at=now)
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def user_by_slack_id(session: Session, *, slack_id: str) -> User | None:
    """The user linked to this Slack account, or None."""
    return session.exec(select(User).where(col(User.slack_id) == slack_id)).first()


def set_slack_id(session: Session, *, login: str, slack_id: str | None, now: datetime) -> bool:
    """Link the user to a Slack account (None: unlink); False when there is no such login.

    A Slack account linked to another user already breaks the unique index: the caller looks
    first, and the database settles two links racing for the same account.
    """
    statement = (
        update(USER_TABLE)
        .where(USER_TABLE.c.login == login)
        .values(slack_id=slack_id, updated_at=now)
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]

"""Reading and writing personal access tokens.

A token's name is unique per user in the database (`INSERT … ON CONFLICT DO NOTHING …
RETURNING`: two processes making the same name at once insert it once, and the other learns it
was taken); its digest is unique too. Lookups by digest bring the user's row with it, so that
whether the user is still active is read in the same statement as the token.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import ApiToken, User
from store.models.tables import table_of

TOKEN_TABLE = table_of(ApiToken)


def insert_token(
    session: Session,
    *,
    login: str,
    name: str,
    token_hash: str,
    prefix: str,
    created_by: str,
    now: datetime,
    expires_at: datetime | None,
) -> ApiToken | None:
    """Insert the token; None when the user already has a token of that name."""
    row = {
        "login": login,
        "name": name,
        "token_hash": token_hash,
        "prefix": prefix,
        "created_by": created_by,
        "created_at": now,
        "expires_at": expires_at,
    }
    dialect = session.get_bind().dialect.name
    insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(TOKEN_TABLE)
    statement = insert.values(row).on_conflict_do_nothing(index_elements=["login", "name"])
    inserted = session.execute(statement.returning(TOKEN_TABLE.c.id)).scalar_one_or_none()
    return None if inserted is None else session.get_one(ApiToken, inserted)


def tokens_of(session: Session, *, login: str | None) -> list[ApiToken]:
    """One user's tokens (everyone's for None), by login then name."""
    statement = select(ApiToken).order_by(col(ApiToken.login), col(ApiToken.name))
    if login is not None:
        statement = statement.where(col(ApiToken.login) == login)
    return list(session.exec(statement).all())


def token_named(session: Session, *, login: str, name: str) -> ApiToken | None:
    """The user's token of that name, or None."""
    statement = select(ApiToken).where(col(ApiToken.login) == login, col(ApiToken.name) == name)
    return session.exec(statement).first()


def token_with_user(session: Session, *, token_hash: str) -> tuple[ApiToken, User] | None:
    """The token with this digest and its user's row, or None."""
    statement = (
        select(ApiToken, User)
        .join(User, col(User.login) == col(ApiToken.login))
        .where(col(ApiToken.token_hash) == token_hash)
    )
    found = session.exec(statement).first()
    return None if found is None else (found[0], found[1])


def touch_token(session: Session, *, token_id: int, now: datetime) -> None:
    """Record that the token was just used."""
    session.execute(
        update(TOKEN_TABLE).where(TOKEN_TABLE.c.id == token_id).values(last_used_at=now)
    )


def delete_token(session: Session, *, login: str, name: str) -> bool:
    """Delete the user's token of that name; False when there is none."""
    statement = delete(TOKEN_TABLE).where(TOKEN_TABLE.c.login == login, TOKEN_TABLE.c.name == name)
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]

"""Which Filon user a Slack account is: an admin links a user to their Slack member id (U…),
one user per Slack account, so that a message to Filon in Slack runs as that user.

Linking and unlinking is managing users: an active admin does it (anyone, while Filon has no
admin yet), as for `add_user`. The Slack account is unique in the database: two links racing
for the same account write one, and the other is refused like a link made after it.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from agent.users.errors import SlackIdTaken, UnknownUser
from agent.users.manage import UserInfo, check_admin, checked_login, existing
from agent.users.slack_ids import checked_slack_id
from store.db import session_scope
from store.models._time import utcnow
from store.repositories import users as repository


def link_slack(engine: Engine, *, login: str, slack_id: str, by: str) -> UserInfo:
    """Link the user to a Slack account (replacing any earlier link of theirs)."""
    target, account = checked_login(login), checked_slack_id(slack_id)
    try:
        with session_scope(engine) as session:
            check_admin(session, by)
            holder = repository.user_by_slack_id(session, slack_id=account)
            if holder is not None and holder.login != target:
                raise SlackIdTaken(account, holder.login)
            return _set(session, target, account)
    except IntegrityError as error:  # linked to someone else between our look and our write
        raise taken(engine, account) from error


def unlink_slack(engine: Engine, *, login: str, by: str) -> UserInfo:
    """Remove the user's link to Slack: their messages there are no longer theirs."""
    target = checked_login(login)
    with session_scope(engine) as session:
        check_admin(session, by)
        return _set(session, target, None)


def user_for_slack(engine: Engine, slack_id: str) -> UserInfo | None:
    """The user linked to this Slack account, active or not; None when nobody is."""
    with Session(engine) as session:
        user = repository.user_by_slack_id(session, slack_id=slack_id)
        return UserInfo.of(user) if user is not None else None


def taken(engine: Engine, slack_id: str) -> SlackIdTaken:
    """The refusal of a link to `slack_id`, naming who holds it now."""
    with Session(engine) as session:
        holder = repository.user_by_slack_id(session, slack_id=slack_id)
    return SlackIdTaken(slack_id, holder.login if holder else "?")


def _set(session: Session, login: str, slack_id: str | None) -> UserInfo:
    if not repository.set_slack_id(session, login=login, slack_id=slack_id, now=utcnow()):
        raise UnknownUser(login)
    session.flush()  # the unique index speaks now, inside the `try` of `link_slack`
    return UserInfo.of(existing(session, login))

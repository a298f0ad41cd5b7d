"""Who a Slack member is in Filon, decided from the users table at each message:

- the user linked to their Slack account (`filon users link LOGIN --slack-id U…`);
- else, when the Slack app may read emails (users:read.email), the user whose login is their
  Slack email address, exactly (case aside) — as an OAuth login is matched (docs/team.md) —
  unless that user is linked to another Slack account;
- nobody otherwise: they are told how to be linked, and nothing runs.

A disabled user is found, and refused by the caller. In single-user mode (no users at all),
every member of the workspace acts as the one single user (`rep`), who reads the whole store,
as the web UI without login does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from agent.context import InvalidIdentity, check_user
from agent.i18n import Language
from agent.slack.api import Member
from agent.users import UserInfo, get_user, has_users, user_for_slack


@dataclass(frozen=True)
class SlackPerson:
    """A Slack member as Filon knows them: their login (None: nobody), whether they may act,
    and the language their Slack is set to (None: not said)."""

    slack_id: str
    login: str | None
    active: bool
    language: Language | None


def slack_language(locale: str | None) -> Language | None:
    """French or English from a Slack locale (fr-FR, en-GB…); None for another or none."""
    prefix = (locale or "").lower()[:2]
    return "fr" if prefix == "fr" else "en" if prefix == "en" else None


def person_of(engine: Engine, member: Member, *, single_user: str) -> SlackPerson:
    """Who `member` is in Filon (see the module docstring)."""
    language = slack_language(member.locale)
    if not has_users(engine):
        return SlackPerson(member.id, single_user, True, language)
    user = None if member.deleted else _user(engine, member)
    if user is None:
        return SlackPerson(member.id, None, False, language)
    return SlackPerson(member.id, user.login, user.active, language)


def _user(engine: Engine, member: Member) -> UserInfo | None:
    linked = user_for_slack(engine, member.id)
    if linked is not None:
        return linked
    email = (member.profile.email or "").strip()
    if not email:
        return None
    try:
        login = check_user(email)
    except InvalidIdentity:
        return None
    found = get_user(engine, login)
    if found is None or found.login != email.lower() or found.slack_id not in (None, member.id):
        return None  # a user linked to another Slack account is that account's only
    return found

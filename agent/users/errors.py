"""Refusals about who acts: an unknown or disabled user, a role above one's own, someone else's
conversation, and mistakes in managing users.

Each carries a `code` and its `values` (data, never wording): the CLI and the UI word it in the
person's language through the catalogue (`users.error.<code>`); its `str()` is the English
sentence for logs and the model. No refusal ever carries a password or a hash.
"""

from __future__ import annotations

from typing import Any


class UserRequestError(Exception):
    """A request refused because of who makes it, or a user change that cannot be made."""

    code = "user_request"

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.values = values


class UnknownUser(UserRequestError, LookupError):
    """Filon has users, and this login is not one of them."""

    code = "unknown_user"

    def __init__(self, login: str) -> None:
        super().__init__(
            f"{login!r} is not a Filon user: ask an admin to add them (filon users add)",
            login=login,
        )


class UserDisabled(UserRequestError, PermissionError):
    """The user was disabled by an admin."""

    code = "user_disabled"

    def __init__(self, login: str) -> None:
        super().__init__(
            f"the user {login!r} is disabled: ask an admin to enable them again", login=login
        )


class RoleAboveOwn(UserRequestError, PermissionError):
    """Acting in a role above the one the users table gives."""

    code = "role_above_own"

    def __init__(self, login: str, role: str, own: str) -> None:
        super().__init__(
            f"{login!r} is a {own}: they cannot act as a {role}", login=login, role=role, own=own
        )


class AdminOnly(UserRequestError, PermissionError):
    """Managing users once Filon has an admin: only an admin may."""

    code = "admin_only"

    def __init__(self, login: str) -> None:
        super().__init__(
            f"only an admin can manage users, and {login!r} is not one: act as an admin",
            login=login,
        )


class LastAdmin(UserRequestError):
    """Disabling the last active admin would leave nobody to manage users."""

    code = "last_admin"

    def __init__(self, login: str) -> None:
        super().__init__(
            f"{login!r} is the last active admin: add or enable another admin first",
            login=login,
        )


class UserExists(UserRequestError):
    """The login is taken."""

    code = "user_exists"

    def __init__(self, login: str) -> None:
        super().__init__(f"a user called {login!r} exists already", login=login)


class BadLogin(UserRequestError, ValueError):
    """Not a login: the same rule as everywhere (`agent.context.check_user`)."""

    code = "bad_login"

    def __init__(self, value: str) -> None:
        super().__init__(
            f"{value!r} is not a login: use one such as alice.martin (letters, digits, dot, "
            "dash, underscore, @; 64 characters at most)",
            value=value,
        )


class BadDisplayName(UserRequestError, ValueError):
    """A display name too long to show."""

    code = "bad_display_name"

    def __init__(self, limit: int) -> None:
        super().__init__(f"a display name has {limit} characters at most", limit=limit)


class WeakPassword(UserRequestError, ValueError):
    """A password that is empty, too short or absurdly long."""

    code = "weak_password"

    def __init__(self, minimum: int, maximum: int) -> None:
        super().__init__(
            f"a password needs {minimum} to {maximum} characters", minimum=minimum, maximum=maximum
        )


class NoPasswordChange(UserRequestError, PermissionError):
    """Setting someone else's password without being an admin."""

    code = "password_not_yours"

    def __init__(self, login: str, target: str) -> None:
        super().__init__(
            f"{login!r} can change only their own password, not {target!r}: act as an admin",
            login=login,
            target=target,
        )


class NotThreadReader(UserRequestError, PermissionError):
    """Reading a conversation of someone else's, as a rep."""

    code = "not_thread_reader"

    def __init__(self, thread_id: str, owner: str) -> None:
        super().__init__(
            f"the conversation {thread_id!r} is {owner}'s: only they and the team's managers "
            "can read it",
            thread_id=thread_id,
            owner=owner,
        )


class NotThreadOwner(UserRequestError, PermissionError):
    """Resuming a conversation someone else started."""

    code = "not_thread_owner"

    def __init__(self, thread_id: str, owner: str) -> None:
        super().__init__(
            f"the conversation {thread_id!r} is {owner}'s: only they can continue it; start a "
            "new one",
            thread_id=thread_id,
            owner=owner,
        )


class BadSlackId(UserRequestError, ValueError):
    """Not a Slack member id (U… or W…, as Slack shows it in a profile's menu)."""

    code = "bad_slack_id"

    def __init__(self, value: str) -> None:
        super().__init__(
            f"{value!r} is not a Slack member id: copy it from the person's Slack profile "
            "(⋮ → Copy member ID), e.g. U012AB3CD",
            value=value,
        )


class SlackIdTaken(UserRequestError):
    """The Slack account is linked to another user already (one user per Slack account)."""

    code = "slack_id_taken"

    def __init__(self, slack_id: str, holder: str) -> None:
        super().__init__(
            f"the Slack account {slack_id} is linked to {holder!r} already: unlink it first "
            "(filon users unlink)",
            slack_id=slack_id,
            holder=holder,
        )


class TokenExists(UserRequestError):
    """The user already has a personal access token of that name."""

    code = "token_exists"

    def __init__(self, login: str, name: str) -> None:
        super().__init__(
            f"{login!r} already has a token named {name!r}: choose another name, or revoke it",
            login=login,
            name=name,
        )


class UnknownToken(UserRequestError, LookupError):
    """No token of that name for that user."""

    code = "unknown_token"

    def __init__(self, login: str, name: str) -> None:
        super().__init__(f"{login!r} has no token named {name!r}", login=login, name=name)


class BadTokenName(UserRequestError, ValueError):
    """A token name that is not a short plain word."""

    code = "bad_token_name"

    def __init__(self, value: str, limit: int) -> None:
        super().__init__(
            f"{value!r} is not a token name: use letters, digits, dot, dash or underscore "
            f"({limit} characters at most), e.g. laptop",
            value=value,
            limit=limit,
        )


class BadTokenDays(UserRequestError, ValueError):
    """A token lifetime out of range."""

    code = "bad_token_days"

    def __init__(self, days: int, limit: int) -> None:
        super().__init__(
            f"a token lasts 1 to {limit} days (0: until revoked), not {days}",
            days=days,
            limit=limit,
        )


class NotYourToken(UserRequestError, PermissionError):
    """Managing someone else's tokens without being an admin."""

    code = "token_not_yours"

    def __init__(self, login: str, target: str) -> None:
        super().__init__(
            f"{login!r} can manage only their own tokens, not {target!r}'s: act as an admin",
            login=login,
            target=target,
        )

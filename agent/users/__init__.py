"""Users and roles: who may use Filon, as what, and what each may read and change.

add_user, list_users, get_user, disable_user, enable_user, set_role, set_password,
authenticate
link_slack, unlink_slack, user_for_slack (the Slack account a user talks to Filon from)
identify / access_of (what one person may do), display_name / load_names
create_token, list_tokens, revoke_token, token_user (personal access tokens)
"""

from agent.users.access import Access, access_of, identify
from agent.users.errors import (
    AdminOnly,
    BadDisplayName,
    BadLogin,
    BadSlackId,
    BadTokenDays,
    BadTokenName,
    LastAdmin,
    NoPasswordChange,
    NotThreadOwner,
    NotThreadReader,
    NotYourToken,
    RoleAboveOwn,
    SlackIdTaken,
    TokenExists,
    UnknownToken,
    UnknownUser,
    UserDisabled,
    UserExists,
    UserRequestError,
    WeakPassword,
)
from agent.users.manage import (
    UserInfo,
    add_user,
    authenticate,
    disable_user,
    enable_user,
    get_user,
    has_users,
    list_users,
    set_password,
    set_role,
)
from agent.users.names import display_name, load_names
from agent.users.passwords import MIN_LENGTH, check_password
from agent.users.slack_links import link_slack, unlink_slack, user_for_slack
from agent.users.tokens import (
    NewToken,
    TokenHolder,
    TokenInfo,
    create_token,
    list_tokens,
    revoke_token,
    token_user,
)

__all__ = [
    "MIN_LENGTH",
    "Access",
    "AdminOnly",
    "BadDisplayName",
    "BadLogin",
    "BadSlackId",
    "BadTokenDays",
    "BadTokenName",
    "LastAdmin",
    "NewToken",
    "NoPasswordChange",
    "NotThreadOwner",
    "NotThreadReader",
    "NotYourToken",
    "RoleAboveOwn",
    "SlackIdTaken",
    "TokenExists",
    "TokenHolder",
    "TokenInfo",
    "UnknownToken",
    "UnknownUser",
    "UserDisabled",
    "UserExists",
    "UserInfo",
    "UserRequestError",
    "WeakPassword",
    "access_of",
    "add_user",
    "authenticate",
    "check_password",
    "create_token",
    "disable_user",
    "display_name",
    "enable_user",
    "get_user",
    "has_users",
    "identify",
    "link_slack",
    "list_tokens",
    "list_users",
    "load_names",
    "revoke_token",
    "set_password",
    "set_role",
    "token_user",
    "unlink_slack",
    "user_for_slack",
]

"""What every graph run carries besides its messages: the run's dependencies, built at the edge.

Nodes receive it as `runtime.context` and tools as `runtime.context` through an injected
`ToolRuntime[FilonContext]` argument, so nothing below the entry points builds a client.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from sqlalchemy.engine import Engine

from agent.search.ports import CompanySource
from agent.settings import Settings

if TYPE_CHECKING:
    from agent.crm.sync import ClientFactory
    from agent.enrichment.runs import Enricher
    from agent.signals.ports import SignalSource
    from agent.slack.api import SlackApi

Role = Literal["rep", "manager", "admin"]
ROLES: tuple[Role, ...] = ("rep", "manager", "admin")  # from least to most
# A user is a login: it reaches the system prompt and the store, so it is never free text.
USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


class InvalidIdentity(ValueError):
    """A user name or role that is not a plain login / a known role."""


def check_user(user: str) -> str:
    """`user` as a login (lower case); raises `InvalidIdentity` for anything else."""
    login = user.strip().lower()
    if not USER_NAME.match(login):
        raise InvalidIdentity(
            f"bad user name {user!r}: use a login such as alice.martin "
            "(letters, digits, dot, dash, underscore, @; 64 characters at most)"
        )
    return login


def check_role(role: str) -> Role:
    """`role` when it is a known role; raises `InvalidIdentity` otherwise."""
    for known in ROLES:
        if role == known:
            return known
    raise InvalidIdentity(f"unknown role {role!r}: use rep, manager or admin")


def oversees_team(role: Role) -> bool:
    """Whether `role` reads and changes the team's lists and leads (a manager; an admin too)."""
    return role in ("manager", "admin")


def role_above(role: Role, own: Role) -> bool:
    """Whether `role` can do more than `own` (acting as it would be an escalation)."""
    return ROLES.index(role) > ROLES.index(own)


@dataclass(frozen=True)
class FilonContext:
    """Dependencies and identity for one graph run."""

    settings: Settings
    engine: Engine
    companies: CompanySource
    user: str = "rep"
    role: Role = "rep"
    today: date = field(default_factory=date.today)
    enricher: Enricher | None = None  # the enrichment waterfall (None: enrichment unavailable)
    signal_sources: tuple[SignalSource, ...] = ()  # outside sources of signals (BODACC)
    crm_clients: ClientFactory | None = None  # the CRMs' adapters (None: no sending here)
    # Slack's Web API client (raises `SlackNotConfigured` without its token; None: no Slack here)
    slack: Callable[[], SlackApi] | None = None

    def __post_init__(self) -> None:
        check_user(self.user)
        check_role(self.role)

"""Whose pipeline a request reports on: the rule every pipeline report applies.

Once Filon has users, a rep's pipeline is their own leads (asking for a teammate's is refused,
`NotOwnPipeline`); a manager's or an admin's is the team's, or one rep's when they name one.
In single-user mode, everyone's, or the rep named.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from agent.leads.errors import NotOwnPipeline
from agent.leads.owners import resolve_owner
from agent.users.access import identify


def pipeline_owner(engine: Engine, *, owner: str | None, user: str | None) -> str | None:
    """The login the report is limited to (None: everyone's), for `user` asking about `owner`
    (a name or a login; None: as far as they see)."""
    owner = resolve_owner(engine, owner) if owner else None
    if user is None:
        return owner
    mine = identify(engine, user).readable_by
    if mine is not None and owner not in (None, mine):
        raise NotOwnPipeline(owner or "")
    return mine or owner

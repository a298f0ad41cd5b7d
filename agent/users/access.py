"""Who may read and change what: the rule every service applies, from the users table.

With no user in the store, Filon is single-user, as it always was: any login reads every list
and lead, and changes follow the role the caller gives (a rep their own, a manager anyone's).
Once the store has users, the login must be one of them and active, the role comes from the
table (a lower one may be asked for, never a higher one), and reads are scoped:

- a rep reads their own lists, lists nobody owns, lists shared with them, and their own leads
  wherever they are; they change their own lists and leads, leads nobody owns, and the leads
  of lists shared with them (a shared list's name, owner and shares stay its owner's);
- a manager reads and changes the team's; an admin does what a manager does, and manages users.

`access_of` reads this for one request (one small query, two for a rep); services call it with
the login and role they were handed, so a caller that forgets a check is still refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.context import Role, check_role, oversees_team, role_above
from agent.users.errors import RoleAboveOwn, UnknownUser, UserDisabled
from store.models import LeadList
from store.repositories.shares import shared_list_ids
from store.repositories.users import any_user, user_by_login


@dataclass(frozen=True, slots=True)
class Access:
    """One person's reach: their login (None: Filon itself, not a person), the role they act
    in, whether the store has users (`team`), and the ids of the lists shared with them."""

    login: str | None
    role: Role = "rep"
    team: bool = False
    shared: frozenset[int] = field(default_factory=frozenset)

    @property
    def reads_everything(self) -> bool:
        """Whether reads are not scoped: single-user mode, a manager, an admin, Filon itself."""
        return self.login is None or not self.team or oversees_team(self.role)

    @property
    def readable_by(self) -> str | None:
        """The login reads are filtered by in SQL (`store.repositories.shares`); None: none."""
        return None if self.reads_everything else self.login

    @property
    def manages_users(self) -> bool:
        """Whether they may add, disable, enable users and set their passwords."""
        return self.role == "admin"

    def reads_list(self, lead_list: LeadList) -> bool:
        """Whether they may see the list and its leads, and work them."""
        return (
            self.reads_everything
            or lead_list.owner is None
            or lead_list.owner == self.login
            or lead_list.id in self.shared
        )

    def reads_lead(self, owner: str | None, list_owner: str | None, list_id: int) -> bool:
        """Whether they may see a lead: their own, or one in a list they read."""
        if self.reads_everything or _same(owner, self.login):
            return True
        return list_owner is None or list_owner == self.login or list_id in self.shared

    def changes_list(self, owner: str | None) -> bool:
        """Whether they may rename, delete, reassign or share a list of `owner`."""
        return owner is None or owner == self.login or oversees_team(self.role)

    def changes_lead(self, owner: str | None, list_id: int) -> bool:
        """Whether they may move or qualify a lead of `owner` in the list `list_id`."""
        return (
            not owner
            or _same(owner, self.login)
            or oversees_team(self.role)
            or list_id in self.shared
        )


def access_of(session: Session, login: str | None, role: Role | None = None) -> Access:
    """What `login` may do acting as `role` (None: their own role; a rep's in single-user mode).

    Raises `UnknownUser`, `UserDisabled` or `RoleAboveOwn` once the store has users.
    """
    wanted = check_role(role) if role is not None else None
    if login is None:
        return Access(None, wanted or "rep")
    user = user_by_login(session, login=login)
    if user is None:
        if any_user(session):
            raise UnknownUser(login)
        acting, team = wanted or "rep", False
    elif not user.active:
        raise UserDisabled(login)
    else:
        own = check_role(user.role)
        if wanted is not None and role_above(wanted, own):
            raise RoleAboveOwn(login, wanted, own)
        acting, team = wanted or own, True
    # a manager reaches every list anyway: the shares matter to reps only
    shared = frozenset() if oversees_team(acting) else shared_list_ids(session, login=login)
    return Access(login, acting, team=team, shared=shared)


def identify(engine: Engine, login: str, role: Role | None = None) -> Access:
    """`access_of` in its own session: what an entry point (CLI, chat, UI) calls once for the
    person it acts for, to refuse them in one line before doing anything."""
    with Session(engine) as session:
        return access_of(session, login, role)


def _same(owner: str | None, login: str | None) -> bool:
    return bool(owner) and login is not None and str(owner).lower() == login

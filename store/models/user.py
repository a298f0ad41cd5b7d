"""The people who use Filon: their login, the name shown for them, their role, how they prove
who they are, and whether they may still come in.

A login is the identifier everywhere else (lead and list owners, `changed_by`, `said_by`): it is
kept as typed at creation, lower case, and never changes. The password is stored only as an
Argon2 hash (`agent.users.passwords`); a user without one logs in another way (OAuth, a proxy's
header) or not at all. A user linked to a Slack account (`slack_id`, the workspace's member id
U…, one Filon user per Slack account) may talk to Filon in Slack. Users are disabled, never
deleted: their login stays on what they did.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class UserRole(StrEnum):
    """What a user may do, from least to most: a rep works their own leads, a manager oversees
    the team's, an admin also manages users."""

    rep = "rep"
    manager = "manager"
    admin = "admin"


class User(SQLModel, table=True):
    """The `user` table (a word PostgreSQL reserves: SQLAlchemy quotes it)."""

    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("role IN ('rep', 'manager', 'admin')", name="ck_user_role"),
        Index("ux_user_slack_id", "slack_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(sa_column=Column(String, nullable=False, unique=True))
    display_name: str | None = None
    role: str = Field(default=UserRole.rep.value)
    password_hash: str | None = Field(default=None, repr=False)  # never in a log line
    active: bool = True
    slack_id: str | None = None  # the Slack member id (U…) this user talks to Filon from
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

"""Who else may work a lead list: its owner shares it with a teammate by login.

A shared list stays its owner's (a manager's reassignment moves it, a share does not); the
teammate reads it and works its leads as the owner would, but only its owner or a manager
renames, deletes, reassigns or shares it. Deleting a list deletes its shares.
"""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class LeadListShare(SQLModel, table=True):
    """The `leadlistshare` table: one list shared with one login."""

    __table_args__ = (UniqueConstraint("list_id", "login", name="uq_leadlistshare_list_login"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="leadlist.id")
    login: str = Field(index=True)
    shared_by: str
    shared_at: datetime = Field(default_factory=utcnow)

"""Who held a list's leads before it was given away: each reassignment of a lead list, and
each lead it moved with its owner before. Giving the list back to whom it came from returns
exactly those leads to whoever held them (`agent.leads.assign`), and the history says who moved
what, when. Deleting a list deletes its assignments with it.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class LeadListAssignment(SQLModel, table=True):
    """The `leadlistassignment` table: a list given by `assigned_by` from one owner to another,
    with its previous owner's leads only or with every lead (`every_lead`)."""

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="leadlist.id", index=True)
    from_owner: str | None = None
    to_owner: str
    every_lead: bool = False
    given_back: bool = False
    assigned_by: str
    assigned_at: datetime = Field(default_factory=utcnow)


class LeadOwnerChange(SQLModel, table=True):
    """The `leadownerchange` table: one lead an assignment moved, from whom to whom."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="leadlistassignment.id", index=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    from_owner: str | None = None
    to_owner: str | None = None

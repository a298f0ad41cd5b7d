"""Slack events already taken in, by Slack's event id.

Slack sends an event again when its first delivery was not acknowledged within 3 seconds (or
failed), with the same `event_id`. The first delivery to insert the id runs the event (`INSERT …
ON CONFLICT DO NOTHING`, in whatever process receives it); a retry finds the row and runs
nothing. Rows older than a day are deleted as new ones come: Slack stops retrying within the hour.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class SlackEvent(SQLModel, table=True):
    """The `slackevent` table: one Slack event id taken in, and when."""

    event_id: str = Field(primary_key=True)
    received_at: datetime = Field(default_factory=utcnow, index=True)

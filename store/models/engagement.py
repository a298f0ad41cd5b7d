"""Behavioural events: page views, downloads, webinars, email opens and clicks, demo requests."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class EngagementKind(StrEnum):
    """What the prospect did."""

    page_view = "page_view"
    download = "download"
    webinar = "webinar"
    email_open = "email_open"
    email_click = "email_click"
    demo_request = "demo_request"


class Engagement(SQLModel, table=True):
    """The `engagement` table."""

    id: int | None = Field(default=None, primary_key=True)
    company_siren: str = Field(foreign_key="company.siren", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    kind: EngagementKind = Field(index=True)
    detail: str | None = None
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    source: str = Field(default="manual", index=True)

"""Personal access tokens: how a program (an assistant's MCP client) acts as a Filon user.

A token is shown once, when it is made, and stored only as its SHA-256 digest: tokens are 256
random bits, so a fast digest is as good as a slow password hash and can be looked up by value.
Its first characters (`prefix`) are kept to tell tokens apart in a listing. A token names its
user by login and works only while that user is active; its name is unique per user (the
database decides). Revoking a token deletes its row.
"""

from datetime import datetime

from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class ApiToken(SQLModel, table=True):
    """The `apitoken` table: one personal access token of one user."""

    __table_args__ = (UniqueConstraint("login", "name", name="uq_apitoken_login_name"),)

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(index=True)
    name: str
    token_hash: str = Field(sa_column=Column(String, nullable=False, unique=True), repr=False)
    prefix: str
    created_by: str
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    last_used_at: datetime | None = None

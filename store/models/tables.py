"""The SQLAlchemy `Table` behind a SQLModel class, typed, for Core statements."""

from typing import Any, cast

from sqlalchemy import Table
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Any:
    """`model.__table__`: typed `Any` so Core column access (`table.c.name`) type-checks."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]

"""The hand-written SIRENE samples under tests/data/sirene and helpers to look at the store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from store.db import is_sqlite, session_scope
from store.models import Company

DATA = Path(__file__).parent / "data" / "sirene"
UNITS = DATA / "StockUniteLegale_utf8.csv"
ESTABLISHMENTS = DATA / "StockEtablissement_utf8.csv"

ACME, JEANNE, MASKED, CLOSED, OLD_NAF, BAKERY = (
    "552100554", "412345670", "800123457", "333444552", "777888991", "444555668",
)  # fmt: skip
UNIT_BAD_ROWS = [
    ("StockUniteLegale_utf8.csv", 6, "bad_siren"),
    ("StockUniteLegale_utf8.csv", 7, "bad_date"),
    ("StockUniteLegale_utf8.csv", 8, "wrong_column_count"),
]


def company(engine: Engine, siren: str) -> Company | None:
    with session_scope(engine) as session:
        return session.get(Company, siren)


def fts_count(engine: Engine, word: str) -> int:
    """Companies the full-text index finds for one word."""
    with engine.connect() as connection:
        if is_sqlite(engine):
            sql = "SELECT count(*) FROM company_fts WHERE company_fts MATCH :word"
        else:
            sql = "SELECT count(*) FROM company WHERE search_vector @@ to_tsquery('simple', :word)"
        return int(connection.execute(text(sql), {"word": word}).scalar_one())


def bad_rows(report) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(b.file, b.line, b.reason) for b in report.bad_rows]

"""Exit 0 when a PostgreSQL server answers at FILON_TEST_POSTGRES_URL, else 1 (for `make bench`).

    python bench/postgres_answers.py

The URL defaults to the one the tests use (`postgresql+psycopg://postgres@127.0.0.1:5432/test`),
so `make bench` measures PostgreSQL wherever `make test` tests it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def answers(url: str) -> bool:
    """Whether `SELECT 1` succeeds at `url` within a few seconds."""
    from sqlalchemy import text

    from store.db import make_engine

    try:
        engine = make_engine(url + ("&" if "?" in url else "?") + "connect_timeout=3")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:  # any failure means "not there": the caller only skips
        return False
    return True


def main() -> None:
    """Exit with 0 when the server answers."""
    url = os.environ.get("FILON_TEST_POSTGRES_URL") or DEFAULT_URL
    sys.exit(0 if answers(url) else 1)


if __name__ == "__main__":
    main()

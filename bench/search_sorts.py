"""Searches sorted by size ("biggest first", "smallest first"), pages 1 and 3, on both databases.

    python bench/search.py --companies 1000000 --keep --schema bench_1m   # once: the stores
    python bench/search_sorts.py --companies 1000000 --schema bench_1m

Reuses the stores a `bench/search.py --keep` run left (SQLite file and PostgreSQL schema), and
times each query on SQLite then right after on PostgreSQL (a shared machine slows both alike),
three times, keeping the median. Prints p50 and the slowest per database, and each query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search import POSTGRES
from bench.search_postgres import SCHEMA
from store.db import open_store
from store.search import CompanyQuery
from store.search.sql import search_companies

BASES: list[dict[str, object]] = [
    {"cities": ["Paris"]}, {"regions": ["11"]}, {"naf_codes": ["62"], "regions": ["11"]},
    {"text": "martin"}, {"text": "conseil"},
]  # fmt: skip


def queries() -> list[CompanyQuery]:
    """Broad and narrow searches, each biggest and smallest first, pages 1 and 3."""
    return [
        CompanyQuery.model_validate({**base, "sort": sort, "offset": offset})
        for base in BASES
        for sort in ("size_desc", "size_asc")
        for offset in (0, 40)
    ]


def main() -> None:
    """Time the queries on both kept stores and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--postgres", default=os.environ.get("FILON_TEST_POSTGRES_URL", POSTGRES))
    parser.add_argument("--schema", default=SCHEMA)
    args = parser.parse_args()
    database = args.out / f"bench-{args.companies}.db"
    if not Path(f"{database}.done").exists():
        sys.exit(f"no kept store at {database}: run bench/search.py --keep first")
    lite = open_store(f"sqlite:///{database}")
    separator = "&" if "?" in args.postgres else "?"
    pg = open_store(f"{args.postgres}{separator}options=-csearch_path%3D{args.schema},public")
    rows = []
    for query in queries():
        lite_ms, pg_ms = [], []
        for _ in range(3):
            start = time.perf_counter()
            lite_page = search_companies(lite, query=query)
            middle = time.perf_counter()
            pg_page = search_companies(pg, query=query)
            lite_ms.append((middle - start) * 1000)
            pg_ms.append((time.perf_counter() - middle) * 1000)
        same = [c.siren for c in lite_page.companies] == [c.siren for c in pg_page.companies]
        rows.append((statistics.median(lite_ms), statistics.median(pg_ms), same, query))
    print(f"load average {os.getloadavg()}")
    for lite_ms_, pg_ms_, same, query in rows:
        shown = query.model_dump(mode="json", exclude_defaults=True)
        print(f"SQLite {lite_ms_:6.1f} ms  PostgreSQL {pg_ms_:6.1f} ms  same page {same}  {shown}")
    for name, index in (("SQLite", 0), ("PostgreSQL", 1)):
        values = sorted(row[index] for row in rows)
        print(f"{name}: p50 {statistics.median(values):.1f} ms, slowest {values[-1]:.1f} ms")
    print(f"same pages on {sum(row[2] for row in rows)}/{len(rows)}")


if __name__ == "__main__":
    main()

"""Issue 15's targets, checked against one `make bench` run: which are met, and by how much.

    python -m bench.national_targets [--out bench/out]

Reads the JSON the other benchmarks wrote into `--out`:

- `import_shapes.json`: both stock files in one command, on every data shape — SQLite from
  CSV and from Parquet at least 150,000 rows/s, PostgreSQL at least 100,000 rows/s;
- `search.json`: p95 of each kind of query (text, filters, both, lookups) at most 50 ms, on
  SQLite and on PostgreSQL (its last, warm, round) — at the size that run measured;
- `search_turns.json`: p95 of the search step of a chat turn at most 50 ms on each database
  (the last run), on the shape that run played.

Prints one line per target (met or NOT MET, the figure, its ratio to the target) and writes
`national_targets.json`. A missing file is reported as not measured. It exits 0 either way: a
benchmark reports what it measured, it does not fail the run.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.import_shapes import SHAPES

SQLITE_IMPORT = 150_000  # rows/s, every shape, CSV and Parquet
POSTGRES_IMPORT = 100_000  # rows/s, every shape
SEARCH_P95_MS = 50.0  # every kind of query, and a chat turn's search step


@dataclass(frozen=True)
class Verdict:
    """One target: what it asks, what was measured (None: not measured), whether it is met."""

    target: str
    measured: float | None
    limit: float
    at_least: bool  # a floor (rows/s) rather than a ceiling (ms)

    @property
    def met(self) -> bool:
        if self.measured is None:
            return False
        return self.measured >= self.limit if self.at_least else self.measured <= self.limit

    def line(self) -> str:
        if self.measured is None:
            return f"{'not measured':>12}  {self.target}"
        unit = "rows/s" if self.at_least else "ms"
        ratio = self.measured / self.limit
        state = "met" if self.met else "NOT MET"
        return (
            f"{state:>12}  {self.target}: {self.measured:,.1f} {unit} "
            f"({ratio:.2f} x the target {self.limit:,.0f})"
        )


def import_verdicts(figures: dict[str, Any] | None) -> list[Verdict]:
    """Each shape's last run: SQLite from CSV and Parquet, PostgreSQL when it was measured;
    a shape the run left out, as not measured."""
    if figures is None:
        return [Verdict("import of both files, every shape", None, SQLITE_IMPORT, True)]
    size = f"{figures['companies']:,} legal units"
    measured = {shape["shape"] for shape in figures["shapes"]}
    found = [
        Verdict(f"import {shape} ({size}), every database", None, SQLITE_IMPORT, True)
        for shape in SHAPES
        if shape not in measured
    ]
    for shape in figures["shapes"]:
        last = shape["runs"][-1]
        for key, name, limit in (
            ("csv", "SQLite, CSV", SQLITE_IMPORT),
            ("parquet", "SQLite, Parquet", SQLITE_IMPORT),
            ("postgres", "PostgreSQL, CSV", POSTGRES_IMPORT),
        ):
            measured = last.get(key, {}).get("rows_per_second")
            target = f"import {shape['shape']} ({size}), {name}"
            found.append(Verdict(target, measured, limit, True))
    return found


def search_verdicts(figures: dict[str, Any] | None) -> list[Verdict]:
    """p95 per kind of query: SQLite's timing, and PostgreSQL's last round."""
    if figures is None:
        return [Verdict("search p95, every kind", None, SEARCH_P95_MS, False)]
    size = f"{figures['companies_generated']:,} companies"
    found = []
    for kind, latency in figures["search_latency"].items():
        if kind != "all":
            target = f"search {kind} ({size}), SQLite, p95"
            found.append(Verdict(target, latency["p95_ms"], SEARCH_P95_MS, False))
    postgres = figures.get("postgres") or {}
    rounds = postgres.get("search_latency_rounds") or []
    if not rounds:
        found.append(Verdict(f"search ({size}), PostgreSQL, p95", None, SEARCH_P95_MS, False))
    for kind, both in (rounds[-1] if rounds else {}).items():
        if kind != "all":
            target = f"search {kind} ({size}), PostgreSQL, p95 (warm round)"
            found.append(Verdict(target, both["postgres"]["p95_ms"], SEARCH_P95_MS, False))
    return found


def turn_verdicts(figures: dict[str, Any] | None) -> list[Verdict]:
    """The search step of a chat turn, p95 over every turn of each database's last run."""
    if figures is None:
        return [Verdict("chat turn search step p95", None, SEARCH_P95_MS, False)]
    where = f"{figures['shape']}, {figures['companies']:,} companies"
    found = []
    for database in ("sqlite", "postgres"):
        runs = (figures.get(database) or {}).get("runs") or []
        measured = runs[-1]["latency"]["all"]["search"]["p95_ms"] if runs else None
        name = "SQLite" if database == "sqlite" else "PostgreSQL"
        target = f"chat turn search step ({where}), {name}, p95"
        found.append(Verdict(target, measured, SEARCH_P95_MS, False))
    return found


def read(path: Path) -> dict[str, Any] | None:
    """A benchmark's JSON, or None when that benchmark did not run."""
    return json.loads(path.read_text()) if path.exists() else None


def verdicts(out: Path) -> list[Verdict]:
    """Every target, from the JSON files in `out`."""
    return [
        *import_verdicts(read(out / "import_shapes.json")),
        *search_verdicts(read(out / "search.json")),
        *turn_verdicts(read(out / "search_turns.json")),
    ]


def main() -> None:
    """Print each target's verdict; write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    found = verdicts(args.out)
    for verdict in found:
        print(verdict.line())
    met = sum(verdict.met for verdict in found)
    print(f"\n{met} of {len(found)} targets met")
    report = [{**asdict(verdict), "met": verdict.met} for verdict in found]
    (args.out / "national_targets.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark `filon import sirene`: generate stock files, import them, print rows per second.

    python bench/sirene_import.py --companies 1000000 [--database-url URL] [--workdir DIR]

Runs three imports on a fresh store: the legal units (first load), the establishments
(head-office locations), then the legal units again (nothing to change).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sirene_synth import generate

from store.db import open_store
from store.sirene import import_sirene


def main() -> None:
    """Generate, import three times, print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in the workdir")
    parser.add_argument("--workdir", type=Path, help="default: a temporary folder")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="filon-sirene-bench-"))
    started = time.perf_counter()
    files = generate(workdir / "stock", args.companies)
    print(f"generated {args.companies} companies in {time.perf_counter() - started:.1f}s")
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    engine = open_store(url)
    runs = (
        ("legal units, first load", files.legal_units),
        ("establishments", files.establishments),
        ("legal units, re-import", files.legal_units),
    )
    for label, path in runs:
        report = import_sirene(engine, [path])
        print(
            f"{label}: {report.read} rows in {report.seconds:.1f}s = "
            f"{report.rows_per_second:,.0f} rows/s (imported {report.imported}, "
            f"updated {report.updated}, unchanged {report.unchanged})"
        )
    engine.dispose()


if __name__ == "__main__":
    main()

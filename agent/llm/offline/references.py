"""References to earlier results: "la deuxième", "les 10 premières", "these", "ajoute-les"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agent.i18n import Language, t
from store.models import CompanyPublic

_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "vingt": 20, "twenty": 20,
}  # fmt: skip
_ORDINALS = {
    "premier": 1, "premiere": 1, "1er": 1, "1re": 1, "1ere": 1, "first": 1, "1st": 1,
    "deuxieme": 2, "second": 2, "seconde": 2, "2e": 2, "2eme": 2, "2nde": 2, "2nd": 2,
    "troisieme": 3, "3e": 3, "3eme": 3, "third": 3, "3rd": 3,
    "quatrieme": 4, "4e": 4, "4eme": 4, "fourth": 4, "4th": 4,
    "cinquieme": 5, "5e": 5, "5eme": 5, "fifth": 5, "5th": 5,
    "sixieme": 6, "6e": 6, "6eme": 6, "sixth": 6, "6th": 6,
    "septieme": 7, "7e": 7, "7eme": 7, "seventh": 7, "7th": 7,
    "huitieme": 8, "8e": 8, "8eme": 8, "eighth": 8, "8th": 8,
    "neuvieme": 9, "9e": 9, "9eme": 9, "ninth": 9, "9th": 9,
    "dixieme": 10, "10e": 10, "10eme": 10, "tenth": 10, "10th": 10,
    "dernier": -1, "derniere": -1, "last": -1,
}  # fmt: skip
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + ")"
_FIRST_N = (
    re.compile(rf"(?<![\w])(?:les|the|ces|these|des|aux|of\s+the)\s+{_NUMBER}\s+(?:premier|premiere|1ere|1er|1re|first)s?(?![\w])"),
    re.compile(rf"(?<![\w])(?:first|top|premiers|premieres)\s+{_NUMBER}(?![\w])"),
)  # fmt: skip
_ORDINAL = re.compile(
    r"(?:^|(?<=\s)|(?<='))(?:(?:le|la|l'|the|et|and|puis|then|du|de\s+la|des|of\s+the|,)\s*)"
    r"(?:(?P<o>" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")s?"
    r"|(?P<d>\d{1,3})(?:eme|ere|er|re|e|th|st|nd|rd))(?![\w])"
    r"|(?<![\w])(?:number|numero|n°|no|#)\s*(?P<n>\d{1,3})(?![\w])"
)
_ORDINAL_ALONE = re.compile(
    r"^\s*(?P<o>" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")(?![\w])"
)
_ALL = re.compile(
    r"(?<![\w])(?:celles?[- ]ci|ceux[- ]ci|celles?[- ]la|ceux[- ]la"
    r"|ces\s+(?:entreprises|societes|boites|resultats|comptes|prospects|entites|structures)"
    r"|toutes|tous|tout|les\s+resultats|-les|these|those|them|all|everything|the\s+results"
    r"|this\s+list|the\s+list\s+above|la\s+liste\s+ci-dessus)(?![\w])"
)


@dataclass(frozen=True)
class Reference:
    """Which earlier results a request points at: all, the first n, or positions (1-based)."""

    kind: Literal["all", "first", "positions"]
    count: int = 0
    positions: tuple[int, ...] = ()

    @property
    def is_single(self) -> bool:
        """One company (la deuxième, the first one, the last one)."""
        if self.kind == "first":
            return self.count == 1
        return self.kind == "positions" and len(self.positions) == 1


# A quoted phrase is a name the rep gives ("crée une liste 'Tout IDF'", « Top 3 Lyon »), never a
# reference to results.
_QUOTED = re.compile(r"(?<!\w)[\"'«“‘]\s*[^\"'«»“”‘’]+?\s*[\"'»”’](?!\w)")


def find_reference(folded: str) -> Reference | None:
    """The reference in a folded request, or None when it mentions no earlier result."""
    folded = _QUOTED.sub(" ", folded)
    for pattern in _FIRST_N:
        match = pattern.search(folded)
        if match:
            raw = match["n"]
            count = int(raw) if raw.isdigit() else _NUMBERS[raw]
            if count >= 1:
                return Reference("first", count=count)
    positions = [
        _ORDINALS[m["o"]] if m["o"] else int(m["d"] or m["n"]) for m in _ORDINAL.finditer(folded)
    ]
    if not positions:
        alone = _ORDINAL_ALONE.match(folded)
        positions = [_ORDINALS[alone["o"]]] if alone else []
    if positions:
        return Reference("positions", positions=tuple(dict.fromkeys(positions)))
    if _ALL.search(folded):
        return Reference("all")
    return None


def resolve(reference: Reference, companies: list[CompanyPublic]) -> list[CompanyPublic]:
    """The companies a reference points at, in order; positions out of range are left out."""
    if reference.kind == "all":
        return list(companies)
    if reference.kind == "first":
        return companies[: reference.count]
    chosen = []
    for position in reference.positions:
        index = len(companies) - 1 if position == -1 else position - 1
        if 0 <= index < len(companies):
            chosen.append(companies[index])
    return chosen


def resolve_rows(reference: Reference, rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (SIREN, name) rows a reference points at, like `resolve` for companies."""
    if reference.kind == "all":
        return list(rows)
    if reference.kind == "first":
        return rows[: reference.count]
    return [
        rows[len(rows) - 1 if position == -1 else position - 1]
        for position in reference.positions
        if -1 <= position <= len(rows) and position != 0 and rows
    ]


# Said under an answer whose rank was read in the rows shown before a search that found nothing
EARLIER_ROWS_NOTE = "offline.references.earlier_rows"


def rank_in_earlier_rows(
    reference: Reference | None, earlier: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The row one rank points at among the rows shown before a search that found nothing
    ("only the ones with more than 10 employees": none, then "the second one"): the empty
    search has no second one, the page before does. Never "all of them": a whole earlier page
    is not what the rep sees last."""
    if reference is None or not reference.is_single:
        return []
    return resolve_rows(reference, earlier)


def no_results_text(language: Language) -> str:
    """What to say when a request points at results but there are none yet."""
    return t("offline.references.none", language)


def out_of_range_text(reference: Reference, total: int, language: Language) -> str:
    """What to say when "la cinquième" points past the end of the results."""
    if total == 0:
        return t("offline.references.empty", language)
    asked = ", ".join(str(p) for p in reference.positions) or str(reference.count)
    return t("offline.references.out_of_range", language, total=total, asked=asked)

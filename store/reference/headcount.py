"""INSEE headcount bands (*tranches d'effectifs*) and the people ranges they stand for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HeadcountBand:
    """One band: its INSEE code, the people it covers (max None = no upper bound), a label."""

    code: str
    minimum: int
    maximum: int | None
    label: str


BANDS: tuple[HeadcountBand, ...] = (
    HeadcountBand("NN", 0, 0, "Non employeuse"),
    HeadcountBand("00", 0, 0, "0 salarié"),
    HeadcountBand("01", 1, 2, "1 à 2 salariés"),
    HeadcountBand("02", 3, 5, "3 à 5 salariés"),
    HeadcountBand("03", 6, 9, "6 à 9 salariés"),
    HeadcountBand("11", 10, 19, "10 à 19 salariés"),
    HeadcountBand("12", 20, 49, "20 à 49 salariés"),
    HeadcountBand("21", 50, 99, "50 à 99 salariés"),
    HeadcountBand("22", 100, 199, "100 à 199 salariés"),
    HeadcountBand("31", 200, 249, "200 à 249 salariés"),
    HeadcountBand("32", 250, 499, "250 à 499 salariés"),
    HeadcountBand("41", 500, 999, "500 à 999 salariés"),
    HeadcountBand("42", 1000, 1999, "1 000 à 1 999 salariés"),
    HeadcountBand("51", 2000, 4999, "2 000 à 4 999 salariés"),
    HeadcountBand("52", 5000, 9999, "5 000 à 9 999 salariés"),
    HeadcountBand("53", 10000, None, "10 000 salariés et plus"),
)
BAND_BY_CODE: dict[str, HeadcountBand] = {band.code: band for band in BANDS}


def bands_between(minimum: int | None, maximum: int | None) -> list[str]:
    """Codes of the bands that overlap the people range [minimum, maximum] (None = open)."""
    low = minimum or 0
    high = maximum
    codes = []
    for band in BANDS:
        if band.code == "NN":
            continue
        if high is not None and band.minimum > high:
            continue
        if band.maximum is not None and band.maximum < low:
            continue
        codes.append(band.code)
    return codes


def band_label(code: str | None) -> str | None:
    """A French label for a band code, or None when unknown."""
    band = BAND_BY_CODE.get(code or "")
    return band.label if band else None

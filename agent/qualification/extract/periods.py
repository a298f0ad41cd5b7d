"""Periods of the calendar in a rep's words, resolved against today: a month or a day ("juin",
"le 3 mars"), a quarter ("Q2", "T2", "2e trimestre"), a season ("au printemps", "la rentrée"),
a year ("2027"), this or next year, quarter, month or week ("fin d'année", "next quarter").

`PERIOD` is the pattern (with named groups) that `agent.qualification.extract.timing` puts
after its prepositions; `period` turns a match into its first and last day, `apply` into what
the preposition makes of it ("avant juin": the day before the 1st of June).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

_MONTHS = {
    "janvier": 1, "january": 1, "fevrier": 2, "february": 2, "mars": 3, "march": 3,
    "avril": 4, "april": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "juillet": 7, "july": 7,
    "aout": 8, "august": 8, "septembre": 9, "sept": 9, "september": 9, "octobre": 10,
    "october": 10, "novembre": 11, "november": 11, "decembre": 12, "december": 12,
}  # fmt: skip
_SEASONS = {
    "printemps": (3, 5), "spring": (3, 5), "ete": (6, 8), "summer": (6, 8),
    "automne": (9, 11), "autumn": (9, 11), "fall": (9, 11), "hiver": (12, 2),
    "winter": (12, 2), "rentree": (9, 9),
}  # fmt: skip
_ORDINALS = {"pre": 1, "fir": 1, "deu": 2, "sec": 2, "tro": 3, "thi": 3, "qua": 4, "fou": 4,
             "der": 4, "las": 4}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
PERIOD = (
    rf"(?:(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+)?(?P<month>{_MONTH})"
    rf"(?:\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?\b,?)?(?:\s+(?P<myear>20\d\d))?"
    r"|(?:(?P<qletter>[qt])(?P<qnum>[1-4])|(?P<qord>[1-4](?:er|re|eme|e|st|nd|rd|th|de)?"
    r"|premier|first|deuxieme|second|troisieme|third|quatrieme|fourth|dernier|last)"
    r"\s+(?:trimestre|quarter))(?:\s+(?:de |of )?(?P<qyear>20\d\d))?"
    rf"|(?P<season>{'|'.join(_SEASONS)})(?:\s+(?:de |of )?(?P<syear>20\d\d))?"
    r"|(?P<year>20\d\d)"
    r"|(?:(?P<pre>ce|cet|cette|this|next|le prochain|la prochaine|prochaine?)\s+)?(?P<unit>"
    r"trimestre|mois|semaine|annee|an|exercice|quarter|month|week|year)"
    r"(?:[- ](?P<post>prochaine?|suivante?|ci|end))?"
    r"|(?P<eoy>eoy)"
)


def period(
    match: re.Match[str], today: date, kind: str | None, *, bare: bool
) -> tuple[date, date, bool] | None:
    """The period's first and last day, and whether its year was inferred; None when it is
    not a timing (past, or a word that needs a preposition to be one)."""
    year = match["myear"] or match["qyear"] or match["syear"]
    if match["year"]:
        number = int(match["year"])
        return _ahead(date(number, 1, 1), date(number, 12, 31), today, kind) if bare else None
    if match["unit"] or match["eoy"]:
        return _relative(match, today, kind, bare=bare)
    if match["month"] == "may" and not (kind or year):
        return None  # "we may buy": May only with a preposition or a year
    make = _calendar(match, bare=bare or year is not None)
    try:
        if make is None:
            return None
        if year:
            return _ahead(*make(int(year)), today, kind)
        for candidate in (today.year, today.year + 1):
            first, last = make(candidate)
            if _ahead(first, last, today, kind):
                return first, last, True
    except ValueError:  # "31 juin", "29 février" of a common year
        return None
    return None


def _calendar(match: re.Match[str], *, bare: bool) -> Callable[[int], tuple[date, date]] | None:
    """A month, day, quarter or season as the days it covers in a given year."""
    if match["month"]:
        month = _MONTHS[match["month"]]
        day = int(match["day"] or match["mday"] or 0)
        if day:
            return lambda y: (date(y, month, day), date(y, month, day))
        if not bare:
            return None
        return lambda y: (date(y, month, 1), month_end(y, month))
    if match["qnum"] or match["qord"]:
        quarter = int(match["qnum"] or _ordinal(match["qord"]))
        return lambda y: (date(y, 3 * quarter - 2, 1), month_end(y, 3 * quarter))
    if match["season"] == "fall" and not bare:
        return None
    first_month, last_month = _SEASONS[match["season"]]
    return lambda y: (
        date(y, first_month, 1),
        month_end(y + 1 if last_month < first_month else y, last_month),
    )


def _ordinal(word: str) -> int:
    return int(word[0]) if word[0].isdigit() else _ORDINALS[word[:3]]


def _relative(
    match: re.Match[str], today: date, kind: str | None, *, bare: bool
) -> tuple[date, date, bool] | None:
    """This or next year, quarter, month or week ("fin d'année", "next quarter"); a year's
    end. "Cette année" alone says little ("pas de budget cette année"): it needs a
    preposition ("pour cette année") or the timing question."""
    unit, pre, post = match["unit"], match["pre"] or "", match["post"] or ""
    if match["eoy"] or post == "end":
        return date(today.year, 12, 1), date(today.year, 12, 31), True
    following = pre.startswith(("next", "prochain", "le prochain", "la prochaine")) or post in (
        "prochain", "prochaine", "suivant", "suivante",
    )  # fmt: skip
    if not (kind or following or bare) or (unit == "an" and not following):
        return None
    step = 1 if following else 0
    if unit in ("annee", "an", "exercice", "year"):
        year = today.year + step
        return date(year, 1, 1), date(year, 12, 31), not (pre or post)
    if unit in ("trimestre", "quarter"):
        index = (today.month - 1) // 3 + step
        year, quarter = today.year + index // 4, index % 4
        return date(year, 3 * quarter + 1, 1), month_end(year, 3 * quarter + 3), False
    if unit in ("mois", "month"):
        year, month = today.year + (today.month - 1 + step) // 12, (today.month - 1 + step) % 12 + 1
        return date(year, month, 1), month_end(year, month), False
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
    return monday, monday + timedelta(days=6), False


def _ahead(
    first: date, last: date, today: date, kind: str | None
) -> tuple[date, date, bool] | None:
    """The period if it is still to come ("before" needs its first day ahead), else None."""
    ahead = first > today if kind == "before" else last >= today
    return (first, last, False) if ahead else None


def apply(kind: str | None, first: date, last: date) -> tuple[date | None, date | None]:
    """What the preposition makes of the period: a deadline, a part of it, or an opening."""
    if kind == "before":
        return None, first - timedelta(days=1)
    if kind == "by":
        return None, last
    if kind == "after":
        return last + timedelta(days=1), None
    if kind == "from":
        return first, None
    if kind in ("early", "mid", "late"):
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            parts = {"early": (1, 3), "mid": (4, 9), "late": (10, 12)}[kind]
            return date(first.year, parts[0], 1), month_end(first.year, parts[1])
        third = timedelta(days=max(1, ((last - first).days + 1) // 3))
        if kind == "early":
            return first, first + third - timedelta(days=1)
        if kind == "mid":
            return first + third, last - third
        return last - third + timedelta(days=1), last
    return first, last


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

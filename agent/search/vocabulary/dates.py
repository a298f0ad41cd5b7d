"""Creation-date phrases: years ("après 2015", "créées en 2020"), months ("depuis janvier
2025"), days ("depuis le 15/03/2024"), the current or last year ("créées cette année",
"created last year") and ages ("moins de 5 ans", "depuis 3 ans").

Choices: "après 2015" / "after 2015" is strict (from 2016-01-01) and "après mars 2024" from
2024-04-01; "depuis 2015", "since 2015" and "à partir de 2015" include 2015, "depuis janvier
2025" starts 2025-01-01; "avant 2010" ends 2009-12-31; "jusqu'en 2010" ends 2010-12-31;
"créées en 2020" gives both bounds of 2020 and "créées en mars 2020" those of March 2020;
"de moins de 5 ans" and "créées depuis 3 ans" start five (three) years before `today`, while
"de plus de 10 ans" and "qui existent depuis 10 ans" end ten years before `today`. "Cette
année", "l'an dernier" and "this/last year" need a creation word ("créées cette année"): alone
they may be about anything else ("qui recrutent cette année"). "Créées récemment" / "recently
created" is the last twelve months.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import cache
from typing import Literal

Bound = Literal[
    "after", "after_strict", "before", "before_strict", "in", "between", "young", "old",
    "this_year", "last_year", "recent",
]  # fmt: skip

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2,
    "february": 2, "feb": 2, "mars": 3, "march": 3, "mar": 3, "avril": 4, "avr": 4, "april": 4,
    "apr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7, "juil": 7,
    "july": 7, "jul": 7, "aout": 8, "august": 8, "aug": 8, "septembre": 9, "sept": 9,
    "september": 9, "sep": 9, "octobre": 10, "october": 10, "oct": 10, "novembre": 11,
    "november": 11, "nov": 11, "decembre": 12, "december": 12, "dec": 12,
}  # fmt: skip
RECENT_YEARS = 1

_CREATED = (
    r"(?:creee?s?|creation|fondee?s?|founded|created|established|incorporated|registered"
    r"|immatriculee?s?|nees?|lancee?s?|launched|started|ouvertes?|opened)"
)
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_YEAR_WORD = r"(?:(?:l'\s*|l\s+)?an(?:nee)?\s+|the\s+year\s+)?"
_AGE = r"\d{1,3}\s*(?:ans?|annees?|years?|yrs?)(?![a-z])"
_AGE_OLD = r"(?:\s+old|\s+d'?\s*existence|\s+d'?\s*anciennete)?"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_EXISTING = (
    r"(?:existe(?:nt)?|existante?s?|en\s+activite|actives?|installee?s?|presente?s?"
    r"|in\s+business|operating)"
)


def _when(suffix: str = "") -> str:
    """A point in time: a year, a month of a year, or a day; groups y, m, d (or numeric mn,
    dn), each with `suffix`."""
    s = suffix
    named = (
        rf"(?:(?:le\s+)?(?P<d{s}>\d{{1,2}})(?:er|st|nd|rd|th)?\s+)?(?P<m{s}>{_MONTH})\.?\s+"
        r"(?:de\s+|d'|of\s+)?"
    )
    numeric = rf"(?:le\s+)?(?:(?P<dn{s}>\d{{1,2}})[/.-])?(?P<mn{s}>\d{{1,2}})[/.-]"
    return rf"(?:{named}|{numeric})?{_YEAR_WORD}(?P<y{s}>{_YEAR})"


@cache
def date_patterns() -> tuple[tuple[Bound, re.Pattern[str]], ...]:
    """Creation-date regexes on folded text, most specific first; groups: y, m, d (a point in
    time, `_when`), its second point y2, m2, d2, and n (an age)."""
    c = rf"(?:{_CREATED}\s*:?\s*)?"
    b = r"(?<![\w/.])"
    patterns: tuple[tuple[Bound, str], ...] = (
        ("between", rf"{b}{c}(?:entre|between|de|from)\s+{_when()}\s*(?:et|and|a|to|-)\s*"
                    rf"{_when('2')}"),
        ("between", rf"{b}{_CREATED}\s*:?\s*(?:en\s+|in\s+)?{_when()}\s*(?:-|a|to)\s*"
                    rf"{_when('2')}"),
        ("after_strict", rf"{b}{c}(?:apres|after|posterieure?s?\s+a|later\s+than)\s+{_when()}"),
        ("after", rf"{b}{c}(?:depuis|since|a\s+partir\s+d[eu]|from|des|starting(?:\s+in)?"
                  rf"|en\s+ou\s+apres|in\s+or\s+after)\s+{_when()}"),
        ("before_strict", rf"{b}{c}(?:avant|before|anterieure?s?\s+a|prior\s+to|earlier\s+than)"
                          rf"\s+{_when()}"),
        ("before", rf"{b}{c}(?:jusqu'?\s*(?:en|a|au)|until|till|up\s+to|au\s+plus\s+tard\s+en"
                   rf"|en\s+ou\s+avant|in\s+or\s+before)\s+{_when()}"),
        ("in", rf"{b}{_CREATED}\s*:?\s*(?:en|in|au\s+cours\s+de|durant|during)?\s*{_when()}"),
        ("this_year", rf"{b}{_CREATED}\s+(?:(?:dans\s+|au\s+cours\s+de\s+|depuis\s+le\s+debut\s+de\s+)?"
                      r"(?:cette\s+annee|l'annee\s+en\s+cours)|en\s+cours\s+d'annee"
                      r"|(?:in\s+|during\s+|since\s+the\s+start\s+of\s+)?this\s+year"
                      r"|year\s+to\s+date)(?![\w])"),
        ("last_year", rf"{b}{_CREATED}\s+(?:(?:l'|l\s+|en\s+|au\s+cours\s+de\s+l')?an(?:nee)?\s+"
                      r"(?:derniere?|passee?)|(?:in\s+|during\s+)?last\s+year)(?![\w])"),
        ("recent", rf"{b}(?:{_CREATED}\s+(?:tres\s+)?recemment|(?:tres\s+)?recemment\s+{_CREATED}"
                   rf"|nouvellement\s+{_CREATED}|(?:recently|newly)\s+{_CREATED})(?![\w])"),
        ("young", rf"{b}{c}(?:(?:de|d'|of)\s*)?(?:(?:il\s+y\s+a|depuis)\s+)?(?:moins\s+de|less\s+than"
                  rf"|under|younger\s+than|fewer\s+than)\s+(?P<n>{_AGE})(?:\s+old)?"),
        ("young", rf"{b}{c}(?:dans\s+les|au\s+cours\s+des|ces|les|in\s+the\s+(?:last|past)"
                  rf"|over\s+the\s+(?:last|past)|within\s+the\s+(?:last|past)|the\s+(?:last|past)"
                  rf"|within)\s+(?P<n>\d{{1,3}})\s+(?:dernieres\s+annees|derniers\s+ans|years)"),
        ("old", rf"{b}{_EXISTING}\s+depuis\s+(?:plus\s+de\s+|au\s+moins\s+)?(?P<n>{_AGE})"),
        ("old", rf"{b}(?:(?:which|that)\s+(?:have\s+)?(?:been\s+)?)?{_EXISTING}\s+(?:for\s+)?"
                rf"(?:more\s+than\s+|over\s+|at\s+least\s+)(?P<n>{_AGE})"),
        ("young", rf"{b}{c}depuis\s+(?P<n>{_AGE})"),
        ("old", rf"{b}{c}(?:(?:de|d'|of|depuis)\s*)?(?:plus\s+de|more\s+than|over|older\s+than"
                rf"|at\s+least|au\s+moins)\s+(?P<n>{_AGE}){_AGE_OLD}"),
        ("old", rf"{b}(?P<n>{_AGE})\s+(?:old|d'\s*existence|d'\s*anciennete)(?:\s+ou\s+plus"
                rf"|\s+et\s+plus|\s+or\s+more)?"),
    )  # fmt: skip
    return tuple((bound, re.compile(pattern)) for bound, pattern in patterns)


def creation_bounds(
    bound: Bound, groups: dict[str, str | None], today: date
) -> tuple[date | None, date | None] | None:
    """The (created_after, created_before) a date phrase means, or None if it is no date
    (a 13th month, a 30 February, an age of 500 years)."""
    if bound == "this_year":
        return date(today.year, 1, 1), None
    if bound == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if bound == "recent":
        return years_ago(today, RECENT_YEARS), None
    if groups.get("n") is not None:
        years = age_years(groups["n"] or "")
        if not 1 <= years <= 200:
            return None
        ago = years_ago(today, years)
        return (ago, None) if bound == "young" else (None, ago)
    first = _period(groups, "")
    if first is None:
        return None
    start, end = first
    match bound:
        case "between":
            second = _period(groups, "2")
            if second is None:
                return None
            return min(start, second[0]), max(end, second[1])
        case "after":
            return start, None
        case "after_strict":
            return end + timedelta(days=1), None
        case "before":
            return None, end
        case "before_strict":
            return None, start - timedelta(days=1)
    return start, end


def _period(groups: dict[str, str | None], suffix: str) -> tuple[date, date] | None:
    """The first and last day of the point in time `_when(suffix)` matched."""
    year = int(groups[f"y{suffix}"] or 0)
    month_name, month_number = groups.get(f"m{suffix}"), groups.get(f"mn{suffix}")
    day = groups.get(f"d{suffix}") or groups.get(f"dn{suffix}")
    if month_name is None and month_number is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = MONTHS[month_name] if month_name else int(month_number or 0)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last)
    if not 1 <= int(day) <= last:
        return None
    return date(year, month, int(day)), date(year, month, int(day))


def years_ago(today: date, years: int) -> date:
    """The same day `years` years before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_years(raw: str) -> int:
    """`5 ans` → 5."""
    return int(re.match(r"\d+", raw).group())  # type: ignore[union-attr]

"""Creation-date phrases: years ("après 2015", "créées en 2020") and ages ("moins de 5 ans").

Choices: "après 2015" / "after 2015" is strict (from 2016-01-01); "depuis 2015", "since 2015"
and "à partir de 2015" include 2015; "avant 2010" ends 2009-12-31; "jusqu'en 2010" ends
2010-12-31; "créées en 2020" gives both bounds of 2020; "de moins de 5 ans" starts five
years before `today`, "de plus de 10 ans" ends ten years before `today`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Literal

Bound = Literal["after", "after_strict", "before", "before_strict", "in", "between", "young", "old"]

_CREATED = (
    r"(?:creee?s?|creation|fondee?s?|founded|created|established|incorporated|registered"
    r"|immatriculee?s?|nees?|lancee?s?|launched|started|ouvertes?|opened)"
)
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_YEAR_WORD = r"(?:(?:l'\s*|l\s+)?an(?:nee)?\s+|the\s+year\s+)?"
_AGE = r"\d{1,3}\s*(?:ans?|annees?|years?|yrs?)(?![a-z])"
_AGE_OLD = r"(?:\s+old|\s+d'?\s*existence|\s+d'?\s*anciennete)?"


@cache
def date_patterns() -> tuple[tuple[Bound, re.Pattern[str]], ...]:
    """Creation-date regexes on folded text, most specific first; groups: y, y2, n."""
    c = rf"(?:{_CREATED}\s*:?\s*)?"
    b = r"(?<![\w])"
    patterns: tuple[tuple[Bound, str], ...] = (
        ("between", rf"{b}{c}(?:entre|between|de|from)\s+(?P<y>{_YEAR})\s*(?:et|and|a|to|-)\s*"
                    rf"(?P<y2>{_YEAR})"),
        ("after_strict", rf"{b}{c}(?:apres|after|posterieure?s?\s+a|later\s+than)\s+"
                         rf"{_YEAR_WORD}(?P<y>{_YEAR})"),
        ("after", rf"{b}{c}(?:depuis|since|a\s+partir\s+de|from|des|starting(?:\s+in)?"
                  rf"|en\s+ou\s+apres|in\s+or\s+after)\s+{_YEAR_WORD}(?P<y>{_YEAR})"),
        ("before_strict", rf"{b}{c}(?:avant|before|anterieure?s?\s+a|prior\s+to|earlier\s+than)"
                          rf"\s+{_YEAR_WORD}(?P<y>{_YEAR})"),
        ("before", rf"{b}{c}(?:jusqu'?\s*en|until|till|up\s+to|au\s+plus\s+tard\s+en"
                   rf"|en\s+ou\s+avant|in\s+or\s+before)\s+{_YEAR_WORD}(?P<y>{_YEAR})"),
        ("in", rf"{b}{_CREATED}\s*:?\s*(?:en|in|au\s+cours\s+de|durant|during)?\s*{_YEAR_WORD}"
               rf"(?P<y>{_YEAR})"),
        ("young", rf"{b}{c}(?:(?:de|d'|of)\s*)?(?:(?:il\s+y\s+a|depuis)\s+)?(?:moins\s+de|less\s+than"
                  rf"|under|younger\s+than|fewer\s+than)\s+(?P<n>{_AGE})(?:\s+old)?"),
        ("young", rf"{b}{c}(?:dans\s+les|au\s+cours\s+des|ces|les|in\s+the\s+(?:last|past)"
                  rf"|over\s+the\s+(?:last|past)|within\s+the\s+(?:last|past)|the\s+(?:last|past))"
                  rf"\s+(?P<n>\d{{1,3}})\s+(?:dernieres\s+annees|derniers\s+ans|years)"),
        ("old", rf"{b}{c}(?:(?:de|d'|of)\s*)?(?:plus\s+de|more\s+than|over|older\s+than"
                rf"|at\s+least|au\s+moins)\s+(?P<n>{_AGE}){_AGE_OLD}"),
        ("old", rf"{b}(?P<n>{_AGE})\s+(?:old|d'\s*existence|d'\s*anciennete)(?:\s+ou\s+plus"
                rf"|\s+et\s+plus|\s+or\s+more)?"),
    )  # fmt: skip
    return tuple((bound, re.compile(pattern)) for bound, pattern in patterns)


def years_ago(today: date, years: int) -> date:
    """The same day `years` years before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_years(raw: str) -> int:
    """`5 ans` → 5."""
    return int(re.match(r"\d+", raw).group())  # type: ignore[union-attr]

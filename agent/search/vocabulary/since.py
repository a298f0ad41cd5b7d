"""When a signal happened: "qui ont levé des fonds depuis juin", "qui recrutent ces 3 derniers
mois", "hiring since September", "récemment" → `CompanyQuery.signal_since`.

These phrases are read only in a request about signals (the parser checks for a signal word
first): elsewhere "depuis juin" is about something else (a creation date, a period of the
pipeline). A month without a year is the last one begun ("depuis juin" in December 2026 is
2026-06-01, in March 2027 too); "récemment", "en ce moment", "récentes", "recently", "right
now" are the last 90 days.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import cache

from .dates import MONTHS

RECENT_DAYS = 90
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_UNIT_DAYS = {"jour": 1, "day": 1, "semaine": 7, "week": 7, "mois": 30, "month": 30, "an": 365,
              "annee": 365, "year": 365}  # fmt: skip
_UNIT = r"(?P<unit>jours?|days?|semaines?|weeks?|mois|months?|ans?|annees?|years?)"
_SINCE = r"(?:depuis|since|a\s+partir\s+d[eu]|from|apres|after)"
_LAST = (
    r"(?:(?:dans\s+|sur\s+|au\s+cours\s+d)?(?:les|ces|des)|(?:in|over|during|within)\s+the"
    r"|the)\s+(?:(?P<n>\d{1,3})\s+)?(?:derni(?:er|ere)s?|passe(?:e)?s?|last|past)\s+"
)


@cache
def since_patterns() -> tuple[re.Pattern[str], ...]:
    """Signal-period regexes on folded text; groups: d, m, y (a day, month, year), dn, mn
    (numeric), n and unit (a span back from today), recent."""
    b = r"(?<![\w/.])"
    return tuple(
        re.compile(pattern)
        for pattern in (
            rf"{b}{_SINCE}\s+(?:le\s+)?(?P<dn>\d{{1,2}})[/.-](?P<mn>\d{{1,2}})"
            r"(?:[/.-](?P<y>(?:19|20)\d{2}))?(?![\w/])",
            rf"{b}{_SINCE}\s+(?:le\s+)?(?:(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+)?"
            rf"(?:(?:le\s+)?(?:mois\s+d[e'])\s*)?(?P<m>{_MONTH})\.?(?:\s+(?P<y>(?:19|20)\d{{2}}))?"
            r"(?![\w])",
            rf"{b}{_LAST}(?:(?P<n2>\d{{1,3}})\s+)?{_UNIT}(?![\w])",
            rf"{b}(?:depuis|for|in)\s+(?:moins\s+de\s+|less\s+than\s+)?(?P<n3>\d{{1,3}})\s+{_UNIT}"
            r"(?![\w])",
            rf"{b}(?:(?:ce|cette|this)\s+(?P<this>mois|semaine|annee|month|week|year)(?:-ci)?)"
            r"(?![\w])",
            rf"{b}(?<!creees\s)(?<!cree\s)(?<!created\s)(?P<recent>(?:tres\s+)?recemment"
            r"|(?:very\s+)?recently|dernierement|lately|en\s+ce\s+moment|actuellement"
            r"|right\s+now|these\s+days|recente?s?)(?![\w])",
        )
    )


def since_date(groups: dict[str, str | None], today: date) -> date | None:
    """The first day a signal-period phrase covers, or None when it is no date."""
    if groups.get("recent"):
        return today - timedelta(days=RECENT_DAYS)
    if this := groups.get("this"):
        if this in ("mois", "month"):
            return today.replace(day=1)
        if this in ("semaine", "week"):
            return today - timedelta(days=today.weekday())
        return date(today.year, 1, 1)
    if groups.get("unit"):
        count = int(groups.get("n") or groups.get("n2") or groups.get("n3") or 1)
        unit = re.sub(r"s$", "", groups["unit"] or "")
        days = _UNIT_DAYS.get(unit, _UNIT_DAYS.get(unit + "s", 0)) * count
        return today - timedelta(days=days) if 0 < days <= 3650 else None
    month = MONTHS.get(groups.get("m") or "") or _number(groups.get("mn"))
    if month is None or not 1 <= month <= 12:
        return None
    year = _number(groups.get("y"))
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    day = _number(groups.get("d") or groups.get("dn")) or 1
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    found = date(year, month, day)
    return found if found <= today else None


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None

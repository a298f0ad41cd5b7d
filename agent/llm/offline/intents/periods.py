"""Periods as reps and managers say them, read into `pipeline_summary` arguments.

"cette semaine / ce mois / ce trimestre / cette année" are the current period to date; "la
semaine dernière / le mois précédent / last quarter" the whole previous one; "depuis le 1er
octobre", "depuis le 01/10", "since October 1", "depuis lundi", "depuis 3 mois" a start up to
today (the latest such day not after today when no year is said); "en novembre" a whole month;
"du 1er au 15 novembre", "entre le 01/10 et le 31/10" a range.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from agent.llm.offline.request import Request

DEFAULT_PERIOD = "week"  # the tool's own default: managers review the week

_UNITS = (
    ("week", r"semaines?|weeks?|weekly|hebdo\w*|7\s+(?:derniers\s+)?(?:jours|days)"),
    ("month", r"mois|months?|monthly|mensuel\w*|30\s+(?:derniers\s+)?(?:jours|days)"),
    ("quarter", r"trimestres?|quarters?|quarterly|trimestriel\w*|q[1-4]"),
    ("year", r"annees?|l'\s*an|years?|yearly|annuel\w*|ytd"),
)
PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (period, re.compile(rf"(?<![\w]){pattern}(?![\w])")) for period, pattern in _UNITS
)
_PREVIOUS = r"(?:derniere?s?|precedente?s?|passee?s?|last|previous|past)"
LAST_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        f"last_{period}",
        re.compile(
            rf"(?<![\w])(?:(?:{pattern})\s+{_PREVIOUS}|{_PREVIOUS}\s+(?:{pattern}))(?![\w])"
        ),
    )
    for period, pattern in _UNITS
)
_MONTH_NAMES = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1,
    "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
# Abbreviated, only next to a day ("since Oct 1", "depuis le 1er oct."): alone, "de Jan" is a
# name; not "sept" (seven) nor "mar" (mardi)
_SHORT_MONTHS = {
    "jan": 1, "janv": 1, "feb": 2, "fev": 2, "fevr": 2, "apr": 4, "avr": 4, "jun": 6,
    "jul": 7, "juil": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DAY_MONTHS = {**_MONTH_NAMES, **_SHORT_MONTHS}
_WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
_MONTH = "|".join(_MONTH_NAMES)
_DAY_MONTH = "|".join(_DAY_MONTHS)
_SINCE = (
    r"(?<![\w])(?:depuis|since|a\s+partir\s+(?:du|de)|from)\s+(?:le\s+|the\s+)?"
    r"(?:(?:debut|le\s+debut\s+de|the\s+(?:start|beginning)\s+of|early|start\s+of|beginning\s+of)\s+)?"
)
_SINCE_DAY_MONTH = re.compile(
    rf"{_SINCE}(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_DAY_MONTH})"
    r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?![\w])"
)
_SINCE_MONTH_DAY = re.compile(
    rf"{_SINCE}(?P<month>{_DAY_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?(?![\w])"
)
_SINCE_NUMERIC = re.compile(
    rf"{_SINCE}(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})(?:/(?P<year>(?:19|20)?\d{{2}}))?(?![\w/])"
)
_SINCE_SPAN = re.compile(
    r"(?<![\w])(?:depuis|since|over\s+the\s+(?:last|past)|in\s+the\s+(?:last|past)|(?:les|the|last|past)"
    r"|sur\s+les)\s+(?P<n>\d{1,2})\s+(?:derniers?\s+|dernieres?\s+)?(?P<unit>jours|semaines|mois|ans|annees|days"
    r"|weeks|months|years)(?![\w])"
)
_SINCE_WEEKDAY = re.compile(rf"{_SINCE}(?P<weekday>{'|'.join(_WEEKDAYS)})(?![\w])")
# "depuis septembre", "since March 2026": from the first of that month
_SINCE_MONTH = re.compile(
    rf"{_SINCE}(?:(?:le\s+)?(?:mois\s+)?d'|de\s+)?(?P<month>{_MONTH})"
    r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?![\w])"
)
# "en novembre", "in October 2026", "le mois de mars": that whole month
_IN_MONTH = re.compile(
    rf"(?:(?<![\w])(?:en|in|pour|for|de|du\s+mois\s+de|le\s+mois\s+de|sur)\s+|(?<![\w])d')"
    rf"(?P<month>{_MONTH})(?:\s+(?P<year>(?:19|20)\d{{2}}))?(?![\w])"
)


def period_in(request: Request) -> str:
    """The period a request names ("le mois dernier": last_month); the week when it names none."""
    for period, pattern in LAST_PERIODS:
        if request.has(pattern):
            return period
    for period, pattern in PERIODS:
        if request.has(pattern):
            return period
    return DEFAULT_PERIOD


_DAY = r"(?P<{d}>\d{{1,2}})(?:er|re|st|nd|rd|th)?(?:\s+(?P<{m}>{months})|/(?P<{n}>\d{{1,2}}))?"
_RANGE = re.compile(
    r"(?<![\w])(?:du|from|entre\s+le|between(?:\s+the)?)\s+"
    + _DAY.format(d="d1", m="m1", n="n1", months="|".join(_MONTH_NAMES))
    + r"\s+(?:au|to|until|et\s+le|and(?:\s+the)?|-|–)\s+"
    + _DAY.format(d="d2", m="m2", n="n2", months="|".join(_MONTH_NAMES))
    + r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?![\w/])"
)


def range_in(request: Request, today: date) -> tuple[date, date] | None:
    """The days of "du 1er au 15 novembre", "entre le 01/10 et le 31/10", "from 3 to 9
    October" (without a year: the latest such range that has begun)."""
    found = _RANGE.search(request.folded)
    if found is None:
        return None

    def month(name: str | None, number: str | None) -> int | None:
        return _MONTH_NAMES[name] if name else int(number) if number else None

    second = month(found["m2"], found["n2"])
    first = month(found["m1"], found["n1"]) or second
    second = second or first
    if first is None or second is None:
        return None
    year = int(found["year"]) if found["year"] else today.year
    try:
        start = date(year, first, int(found["d1"]))
        if not found["year"] and start > today:
            year -= 1
            start = date(year, first, int(found["d1"]))
        end = date(year + (second < first), second, int(found["d2"]))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def month_in(request: Request, today: date) -> tuple[date, date] | None:
    """The first and last day of "en novembre", "in October 2026" (without a year: the latest
    such month that has begun)."""
    found = _IN_MONTH.search(request.folded)
    if found is None:
        return None
    month = _MONTH_NAMES[found["month"]]
    year = int(found["year"]) if found["year"] else today.year
    if not found["year"] and date(year, month, 1) > today:
        year -= 1
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def since_in(request: Request, today: date) -> date | None:
    """The first day of "depuis le 1er octobre", "since Oct 1, 2026", "depuis le 01/10",
    "depuis lundi"; without a year, the latest such day not after `today`."""
    folded = request.folded
    span = _SINCE_SPAN.search(folded)
    if span:  # "depuis 3 mois", "over the last 6 weeks"
        count = int(span["n"])
        unit = span["unit"]
        if unit.startswith(("jour", "day")):
            return today - timedelta(days=count)
        if unit.startswith(("semaine", "week")):
            return today - timedelta(weeks=count)
        if unit.startswith(("an", "year")):
            return today.replace(year=today.year - count)
        months_back = today.month - count
        back_year = today.year + (months_back - 1) // 12
        back_month = (months_back - 1) % 12 + 1
        return date(back_year, back_month, min(today.day, 28))
    weekday = _SINCE_WEEKDAY.search(folded)
    if weekday:
        back = (today.weekday() - _WEEKDAYS[weekday["weekday"]]) % 7
        return today - timedelta(days=back)
    whole_month = _SINCE_MONTH.search(folded)
    if whole_month and not any(
        p.search(folded) for p in (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC)
    ):
        month = _MONTH_NAMES[whole_month["month"]]
        start_year = int(whole_month["year"]) if whole_month["year"] else today.year
        first = date(start_year, month, 1)
        return first if first <= today or whole_month["year"] else date(start_year - 1, month, 1)
    for pattern in (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC):
        found = pattern.search(folded)
        if found is None:
            continue
        raw_month = found["month"]
        month = int(raw_month) if raw_month.isdigit() else _DAY_MONTHS[raw_month]
        year = found["year"]
        try:
            if year:
                return date(int(year) + (2000 if len(year) == 2 else 0), month, int(found["day"]))
            day = date(today.year, month, int(found["day"]))
            return day if day <= today else date(today.year - 1, month, int(found["day"]))
        except ValueError:
            return None
    return None


# "ce mois-ci", "this quarter", "depuis le trimestre": the current period, said as such
_THIS_PERIODS = tuple(
    re.compile(
        r"(?<![\w])(?:cette|ce|cet|this|current|en\s+cours|du|de\s+la|de\s+l'|depuis|since)"
        rf"(?:\s+|\s*-\s*ci\s*)?(?:{unit})(?![\w])"
    )
    for _, unit in _UNITS
)
_DATES = (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC, _SINCE_WEEKDAY, _RANGE)


def names_a_date(request: Request) -> bool:
    """Whether a request dates what it asks ("gagnés le mois dernier", "SQL ce trimestre",
    "depuis le 1er octobre", "du 1er au 15"): what makes an outcome a pipeline question."""
    return any(request.has(p) for _, p in LAST_PERIODS) or any(
        request.has(p) for p in (*_THIS_PERIODS, *_DATES)
    )


def names_a_period(request: Request) -> bool:
    """Whether a request names any period or start ("ce mois-ci", "last week", "en novembre",
    "depuis le 1er", "depuis 3 mois", "du 1er au 15")."""
    return (
        any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS))
        or any(request.has(p) for p in (*_DATES, _SINCE_SPAN))
        or bool(_IN_MONTH.search(request.folded) or _SINCE_MONTH.search(request.folded))
    )

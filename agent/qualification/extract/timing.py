"""When, in a rep's words, French or English, resolved against today: "Q2", "T2", "2e
trimestre", "d'ici 3 mois", "within 3 months", "avant juin", "en juin", "fin d'année",
"by year end", "next quarter", "début 2027", "au printemps", "septembre 2027", "le 15/03/2027",
"asap" — and "pas de projet avant 2028" (against), "no timeline" (still to find out).

A period written without a year is the next one to come: "Q2" in December is next year's,
"avant juin" is the day before the next 1st of June. A period wholly past ("en 2025" in 2026)
is not a timing. A window already under way starts today. The label is the rep's words, with
the year added when they left it out ("avant juin 2027", "T2 2027").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from agent.qualification.extract.periods import PERIOD, add_months, apply, period
from agent.qualification.extract.status import DONT_KNOW, DOUBT
from agent.qualification.extract.text import Span
from agent.qualification.facts import MAX_TEXT, BantStatus, Timing

_COUNTS = {"un": 1, "une": 1, "one": 1, "a": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
           "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7,
           "huit": 8, "eight": 8, "dix": 10, "ten": 10, "douze": 12, "twelve": 12}  # fmt: skip
# What a preposition does to a period, longest phrasings first ("avant la fin de" is "by").
_PREPOSITIONS = {
    "by": r"d'ici (?:a )?la fin d[eu']|d'ici fin|avant (?:la )?fin d[eu']|avant fin|by the end of"
    r"|by end of|no later than|au plus tard(?: fin| en| le)?|d'ici(?: a)?|by",
    "before": r"avant(?: le)?|before|prior to",
    "late": r"a la fin d[eu']|fin d[eu']|fin|at the end of|the end of|end of|late",
    "early": r"au debut d[eu']|debut d[eu']|debut|early|at the beginning of|beginning of|start of",
    "mid": r"au milieu d[eu']|milieu d[eu']|mi-|mi|mid-|mid|middle of",
    "after": r"apres|after",
    "from": r"a partir d[eu']|a compter d[eu']|starting(?: in)?|from",
    "in": r"au cours d[eu']|au mois d[eu']|courant|during|pour|for|dans|en|in|au|sur",
}
_PREPOSITION = "|".join(f"(?P<{kind}>{words})" for kind, words in _PREPOSITIONS.items())
_DATED = re.compile(
    rf"\b(?:(?:{_PREPOSITION})\s*)?(?:(?:l'|la |le |les |the |de |du |d'|of )\s*)*"
    rf"(?:{PERIOD})\b"
)
_NUMERIC = re.compile(
    r"\b(?P<prep>avant le|before|d'ici le|by|le|on|pour le|au plus tard le)?\s*"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?(?![\d/])"
)
_WITHIN = re.compile(
    r"\b(?:d'ici(?: a)?|dans(?: les)?|sous|within|in(?: the next)?|en(?: moins de)?|under"
    r"|over the next|in less than)\s+(?P<n>\d{1,3}|" + "|".join(_COUNTS) + r")\s+"
    r"(?P<unit>jours?|semaines?|mois|ans?|annees?|days?|weeks?|months?|years?)\b"
)
_ASAP = re.compile(
    r"\b(?:asap|des que possible|au plus vite|au plus tot|le plus (?:vite|tot) possible"
    r"|urgent\w*|en urgence|as soon as possible|right away|immediatement|immediately"
    r"|tout de suite|straight away)\b"
)
_NO_DATE = re.compile(
    r"\b(?:(?:pas|aucune?) (?:encore )?(?:de |d')?(?:calendrier|date|echeance|deadline|timing"
    r"|planning|delai)|no (?:timeline|timeframe|time frame|deadline|date|rush|set date)"
    r"|(?:pas|not) (?:urgent|presse|pressing|a rush)|rien ne presse|no hurry)\b"
)
_NO_PROJECT = re.compile(
    r"\b(?:pas de projet|aucun projet|no (?:project|plans?)|nothing planned|rien de prevu"
    r"|projet (?:est |a ete )?(?:abandonne|annule|gele|en pause|en stand-?by|reporte sine die)"
    r"|project (?:cancelled|canceled|shelved|on hold|frozen)|on hold)\b"
)
_AFTER_NO_PROJECT = re.compile(rf"\s+(?:avant|before|until|d'ici|pour)\s+(?:{PERIOD})\b")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    timing: Timing


def mentions_timing(span: Span, *, today: date, answering: bool) -> bool:
    """Whether `span` speaks of when."""
    return find_timing(span, today=today, bare=answering) is not None


def timing_spans(span: Span, *, today: date) -> list[tuple[int, int]]:
    """Where `span` speaks of when (its first timing), for the other extractors to stop at."""
    found = _first(span, today, bare=False)
    return [(found.start, found.end)] if found else []


def find_timing(span: Span, *, today: date, bare: bool = False) -> Timing | None:
    """The first timing in `span`; `bare` also takes a month or year alone ("juin", "2027")."""
    found = _first(span, today, bare=bare)
    if found is None:
        return None
    timing = found.timing
    if timing.status == BantStatus.confirmed and (
        DOUBT.search(span.folded) or DONT_KNOW.search(span.folded)
    ):
        timing = timing.model_copy(update={"status": BantStatus.unknown})
    return timing.model_copy(update={"note": span.original(0)[:MAX_TEXT] or None})


def _first(span: Span, today: date, *, bare: bool) -> _Found | None:
    readers: list[Callable[[Span, date, bool], list[_Found]]] = [
        _dated, _numeric, _within, _asap, _no_date, _no_project,
    ]  # fmt: skip
    found = [item for reader in readers for item in reader(span, today, bare)]
    return min(found, key=lambda item: (item.start, -item.end), default=None)


def _dated(span: Span, today: date, bare: bool) -> list[_Found]:
    found = []
    for match in _DATED.finditer(span.folded):
        timing = _period_timing(match, span, today, bare=bare)
        if timing is not None:
            found.append(_Found(match.start(), match.end(), timing))
    return found


def _period_timing(match: re.Match[str], span: Span, today: date, *, bare: bool) -> Timing | None:
    kind = next((k for k in _PREPOSITIONS if match[k]), None)
    found = period(match, today, kind, bare=bare or kind is not None)
    if found is None:
        return None
    first, last, inferred = found
    start, end = apply(kind, first, last)
    if start is not None and start < today and (end is None or end >= today):
        start = today
    words = span.original(match.start(), match.end())
    label = f"{words} {first.year}" if inferred else words
    return Timing(status=BantStatus.confirmed, start=start, end=end, label=label[:80])


def _numeric(span: Span, today: date, bare: bool) -> list[_Found]:
    found = []
    for match in _NUMERIC.finditer(span.folded):
        if not (match["prep"] or match["y"] or bare):
            continue
        day, month = int(match["d"]), int(match["m"])
        year = int(match["y"]) if match["y"] else today.year
        year = 2000 + year if year < 100 else year
        try:
            when = date(year, month, day)
            if not match["y"] and when < today:
                when = date(year + 1, month, day)
        except ValueError:
            continue
        if when < today:
            continue
        before = match["prep"] in ("avant le", "before")
        end = when - timedelta(days=1) if before else when
        start = None if match["prep"] in ("avant le", "before", "d'ici le", "by") else when
        label = span.original(match.start(), match.end())
        timing = Timing(status=BantStatus.confirmed, start=start, end=end, label=label[:80])
        found.append(_Found(match.start(), match.end(), timing))
    return found


def _within(span: Span, today: date, bare: bool) -> list[_Found]:
    found = []
    for match in _WITHIN.finditer(span.folded):
        count = int(match["n"]) if match["n"].isdigit() else _COUNTS[match["n"]]
        unit = match["unit"]
        if unit.startswith(("jour", "day")):
            end = today + timedelta(days=count)
        elif unit.startswith(("semaine", "week")):
            end = today + timedelta(weeks=count)
        else:
            months = count if unit.startswith(("mois", "month")) else 12 * count
            end = add_months(today, months)
        label = span.original(match.start(), match.end())
        timing = Timing(status=BantStatus.confirmed, start=today, end=end, label=label[:80])
        found.append(_Found(match.start(), match.end(), timing))
    return found


def _asap(span: Span, today: date, bare: bool) -> list[_Found]:
    return [
        _Found(m.start(), m.end(), Timing(status=BantStatus.confirmed, start=today,
               end=today + timedelta(days=30), label=span.original(m.start(), m.end())[:80]))
        for m in _ASAP.finditer(span.folded)
    ]  # fmt: skip


def _no_date(span: Span, today: date, bare: bool) -> list[_Found]:
    return [
        _Found(m.start(), m.end(), Timing(status=BantStatus.unknown))
        for m in _NO_DATE.finditer(span.folded)
    ]


def _no_project(span: Span, today: date, bare: bool) -> list[_Found]:
    found = []
    for match in _NO_PROJECT.finditer(span.folded):
        after = _AFTER_NO_PROJECT.match(span.folded, match.end())
        start = None
        if after is not None:
            opening = period(after, today, "from", bare=True)
            start = opening[0] if opening else None
        end = after.end() if after else match.end()
        label = span.original(match.start(), end)[:80] if start else None
        timing = Timing(status=BantStatus.negative, start=start, label=label)
        found.append(_Found(match.start(), end, timing))
    return found

"""Money in a rep's words, French or English: "40k€", "40 000 euros", "1,2 M€", "$50k",
"CHF 30'000", "15 keuros", "80 mille euros", "entre 30 et 50 k€" — and the budget it makes.

A figure is money when a currency is written next to it, or a budget word ("budget de 40k",
"enveloppe : 50 000"). A bare figure ("40k") is money only when the rep answers the budget
question. Headcounts, percentages, years, dates and phone numbers are not money: they carry
no currency, and a figure followed by a unit ("50 salariés", "10 %") or shaped like a year is
never read as one. In a range the upper bound is the amount; the note keeps the rep's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from agent.qualification.extract.roles import find_approver
from agent.qualification.extract.status import status_of
from agent.qualification.extract.text import Span
from agent.qualification.facts import MAX_TEXT, BantStatus, Budget, Currency

# A figure: thousands grouped by space, dot, comma or apostrophe ("40 000", "40.000",
# "30'000"), or digits with an optional decimal part ("1,2", "1.2", "50000").
_NUMBER = r"\d{1,3}(?:[ .,']\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
_MULTIPLIER = r"milliards?|mds?|millions?|mille|mn|bn|k|m"
_BEFORE = r"€|\$|£|eur|usd|gbp|chf"
_AFTER = (
    r"€|\$|£|(?<=k)e|euros?|eur|usd|dollars?|gbp|livres?(?: sterling)?|pounds?|chf"
    r"|francs? suisses?"
)
_FIGURE = re.compile(
    rf"(?<![\w.,'/])(?:(?P<before>{_BEFORE})\s?)?(?P<number>{_NUMBER})"
    rf"(?:\s?(?P<multiplier>{_MULTIPLIER}))?(?:\s?(?:d'|de\s)?(?P<after>{_AFTER}))?(?![\w/])"
)
# A range's lower bound, just before the upper one ("entre 30 et 50 k€"): where the sum starts.
_LOW = re.compile(
    rf"(?:entre|between|from|de)?\s*(?<![\w.,'/])(?P<number>{_NUMBER})"
    rf"(?:\s?(?:{_MULTIPLIER}))?(?:\s?(?:{_AFTER}))?\s*(?:-|(?:et|and|a|to)\b)\s*$"
)
_JOINT = re.compile(r"\s*(?:-|(?:a|to|et|and)\b)\s*")
_UNIT = re.compile(
    r"\s*(?:%|pour ?cent|percent|pts?\b|points?\b|salari|employ|personne|people|collaborat"
    r"|utilisateur|user|licen[cs]e|poste|seat|commerciau|sales|site|agence|client|an\b|ans\b"
    r"|year|mois|month|semaine|week|jour|day|heure|hour|h\b|m2|km|/)"
)
_BUDGET = re.compile(r"\b(?:budget\w*|enveloppe|funding|financement|spend)\b")
_LEAD = re.compile(
    r"(?:budget\w*|enveloppe|funding|financement)(?:\s*[:=~]\s*|\s+(?:de|d'|of|est|is|was|sera"
    r"|will be|serait|would be|environ|d'environ|around|about|approx\w*|autour|max\w*|de l'ordre"
    r"|prevu|alloue|total|valide|confirme|approved|confirmed|a|at|vers|~)\b)*\s*$"
)
_TRAIL = re.compile(r"^\s*(?:de |d')?budget")
# Currency marks by how they start; any other mark (€, eur, euros, the e of "40ke") is EUR.
_MARKS: dict[str, Currency] = {
    "$": "USD", "usd": "USD", "dollar": "USD", "£": "GBP", "gbp": "GBP", "livre": "GBP",
    "pound": "GBP", "chf": "CHF", "franc": "CHF",
}  # fmt: skip
_SCALE = {"k": 1000, "mille": 1000, "m": 10**6, "mn": 10**6, "million": 10**6, "bn": 10**9}

_NEGATIVE = re.compile(
    r"\b(?:pas|plus|aucun|zero|sans|no|without|n'ont pas|don't have|do not have) (?:de |d'|a |any |the )?"
    r"(?:budget|enveloppe|funding)|budget (?:est |is |a ete |has been )?(?:gele|bloque|coupe"
    r"|supprime|annule|frozen|cut|nul)|pas les moyens|can't afford|cannot afford"
)
_CONFIRMED = re.compile(
    r"\b(?:valide|approuve|confirme|vote|debloque|alloue|accorde|acte|signe|ok|dispo(?:nible)?"
    r"|prevu|budgete|approved|confirmed|validated|signed off|secured|allocated|available|in place"
    r"|there)\b"
)


@dataclass(frozen=True, slots=True)
class Money:
    """A sum found in the folded text: [start, end) is where it was written."""

    amount: Decimal
    currency: Currency
    start: int
    end: int


def find_money(folded: str, *, bare: bool = False) -> Money | None:
    """The first sum in `folded`: with a currency, or after a budget word; `bare` also takes a
    figure alone when it reads like an amount ("40k", "40 000")."""
    for match in _FIGURE.finditer(folded):
        currency = _currency(match["before"] or match["after"])
        alone = currency is None
        written = _LEAD.search(folded[: match.start()]) or _TRAIL.match(folded[match.end() :])
        if alone and not written and not (bare and _amount_like(match)):
            continue
        if alone and (_UNIT.match(folded[match.end() :]) or _year_like(match)):
            continue
        upper = _upper(folded, match)
        amount = _value(upper["number"], upper["multiplier"] or match["multiplier"])
        currency = currency or _currency(upper["before"] or upper["after"])
        low = _LOW.search(folded[: match.start()])
        start = low.start("number") if low else match.start()
        return Money(_whole(amount), currency or "EUR", start, upper.end())
    return None


def mentions_budget(folded: str, *, answering: bool) -> bool:
    """Whether `folded` speaks of a budget: a budget word or money."""
    return bool(_BUDGET.search(folded)) or find_money(folded, bare=answering) is not None


def read_budget(span: Span, *, answering: bool) -> Budget:
    """The budget `span` speaks of: amount, currency, status and who approved it."""
    money = find_money(span.folded, bare=answering)
    status = status_of(
        span.folded,
        negative=_NEGATIVE,
        confirmed=_CONFIRMED,
        default=BantStatus.confirmed if money else BantStatus.unknown,
    )
    approver = find_approver(span)
    return Budget(
        status=status,
        note=span.original(0)[:MAX_TEXT] or None,
        amount=money.amount if money and status != BantStatus.negative else None,
        currency=money.currency if money and status != BantStatus.negative else None,
        approved_by=approver if status == BantStatus.confirmed else None,
    )


def _upper(folded: str, match: re.Match[str]) -> re.Match[str]:
    """The range's upper bound when the figure opens one ("30k€-50k€", "$30k and $50k")."""
    joint = _JOINT.match(folded, match.end())
    upper = _FIGURE.match(folded, joint.end()) if joint else None
    return upper if upper is not None else match


def _currency(mark: str | None) -> Currency | None:
    if not mark:
        return None
    return next((currency for start, currency in _MARKS.items() if mark.startswith(start)), "EUR")


def _value(number: str, multiplier: str | None) -> Decimal:
    scale = _scale(multiplier)
    if re.fullmatch(r"\d{1,3}(?:[ .,']\d{3})+", number) and not (scale > 1 and "," in number):
        digits = re.sub(r"[ .,']", "", number)
    else:
        digits = number.replace(",", ".")
    return Decimal(digits) * scale


def _scale(multiplier: str | None) -> int:
    if not multiplier:
        return 1
    if multiplier.startswith(("milliard", "md")):
        return 10**9
    return _SCALE.get(multiplier.rstrip("s"), 1)


def _whole(amount: Decimal) -> Decimal:
    return (
        amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    )


def _amount_like(match: re.Match[str]) -> bool:
    return bool(match["multiplier"]) or _value(match["number"], None) >= 100


def _year_like(match: re.Match[str]) -> bool:
    number = match["number"]
    return (
        not match["multiplier"]
        and number.isdigit()
        and len(number) == 4
        and 1900 <= int(number) <= 2100
    )

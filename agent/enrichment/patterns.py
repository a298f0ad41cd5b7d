"""Email addresses a person at a company may have, from their French name and the company's
domain, most common pattern first ("Jean-François de La Tour" at acme.fr →
jean-francois.delatour@acme.fr, jfdelatour@acme.fr, …).

Names are written for email the way French companies do: accents dropped, apostrophes and
spaces removed ("D'Almeida" → dalmeida, "Le Bihan" → lebihan), particles kept with the name
("de La Tour" → delatour, or tour alone as people shorten it), compound first names kept with
their hyphen or initialled ("Jean-François" → jean-francois, jeanfrancois, jf).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.text import fold

_PARTICLES = frozenset(
    {"de", "du", "des", "d", "van", "von", "der", "den", "di", "da", "dos", "del"}
)
_ARTICLES = frozenset(
    {"la", "le", "les", "l"}
)  # a particle only after "de": "de La Tour", not "Le Bihan"
_NOT_LETTERS = re.compile(r"[^a-z-]")
_DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True, slots=True)
class NameForms:
    """A person's name as it may appear in an email address."""

    first: str  # jean-francois
    first_joined: str  # jeanfrancois
    initials: str  # jf
    last: str  # delatour
    last_short: str  # tour (the name without its particles), or "" when the same as `last`


def _words(value: str) -> list[str]:
    folded = fold(value).lower().replace("’", "'")
    return [word for word in re.split(r"[\s']+", folded) if word]


def name_forms(first_name: str, last_name: str) -> NameForms | None:
    """The forms of a name, or None when either part has no letter left."""
    first_words = [_NOT_LETTERS.sub("", word).strip("-") for word in _words(first_name)]
    first_words = [word for word in first_words if word]
    last_words = [_NOT_LETTERS.sub("", word).strip("-") for word in _words(last_name)]
    last_words = [word for word in last_words if word]
    if not first_words or not last_words:
        return None
    first = first_words[0]  # the first given name only: "Marie Claire" is written marie
    parts = [part for part in first.split("-") if part]
    last = "".join(word.replace("-", "") for word in last_words)
    short = "".join(word.replace("-", "") for word in _without_particles(last_words))
    return NameForms(
        first=first,
        first_joined="".join(parts),
        initials="".join(part[0] for part in parts),
        last=last,
        last_short=short if short and short != last else "",
    )


def _without_particles(words: list[str]) -> list[str]:
    """ "de la tour" → tour, "d almeida" → almeida, "le bihan" stays (a Breton name)."""
    rest = list(words)
    while len(rest) > 1 and rest[0] in _PARTICLES:
        particle = rest.pop(0)
        if particle == "de" and len(rest) > 1 and rest[0] in _ARTICLES:
            rest.pop(0)
    return rest


def is_domain(value: str | None) -> bool:
    """Whether `value` is a plain mail domain (acme.fr, mail.acme.co.uk)."""
    return bool(value) and _DOMAIN.match(str(value).lower()) is not None


def domain_of(website: str | None) -> str | None:
    """The mail domain of a company's website ("https://www.acme.fr/contact" → acme.fr)."""
    if not website:
        return None
    host = re.sub(r"^[a-z]+://", "", website.strip().lower()).split("/")[0].split(":")[0]
    host = host.removeprefix("www.")
    return host if is_domain(host) else None


def candidates(first_name: str, last_name: str, domain: str) -> list[str]:
    """The addresses to try, most common French pattern first, each once; empty when the name
    or the domain cannot make an address."""
    forms = name_forms(first_name, last_name)
    domain = domain.strip().lower()
    if forms is None or not is_domain(domain):
        return []
    f, fj, i, last = forms.first, forms.first_joined, forms.initials, forms.last
    locals_ = [
        f"{f}.{last}",  # prenom.nom, the most common
        f"{i}{last}",  # pnom
        f"{i}.{last}",  # p.nom
        f"{f}",  # prenom
        f"{fj}{last}",  # prenomnom
        f"{last}",  # nom
        f"{last}.{f}",  # nom.prenom
        f"{f}_{last}",  # prenom_nom
        f"{f}-{last}",  # prenom-nom
    ]
    if fj != f:
        locals_.insert(1, f"{fj}.{last}")  # jeanfrancois.delatour
    if forms.last_short:
        locals_ += [f"{f}.{forms.last_short}", f"{i}{forms.last_short}"]
    seen: dict[str, None] = {}
    for local in locals_:
        cleaned = re.sub(r"[.\-_]{2,}", ".", local).strip(".-_")
        if cleaned:
            seen.setdefault(f"{cleaned}@{domain}", None)
    return list(seen)

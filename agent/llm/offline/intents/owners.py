"""Who a request is about: a rep written as an identifier ("alice.martin", an e-mail) or as
people say it ("leads de Bruno", "pipeline d'Alice", "Chloé's deals"); the service resolves a
first name to the login."""

from __future__ import annotations

import re

from agent.llm.offline.request import Request
from store.text import fold

OWNER = re.compile(
    r"(?<![\w.@])(?P<owner>[a-z][a-z-]*\.[a-z][a-z-]*(?:@[a-z0-9.-]+\.[a-z]+)?)(?![\w.])"
)


def owner_in(request: Request) -> str | None:
    """The rep named in the request, as written ("bruno.petit"), or None."""
    owner = request.group(OWNER, "owner")
    return owner.lower() if owner else None


# Words that follow "de" / "d'" without being a person: articles, periods, stages, the team.
NOT_A_PERSON = frozenset(
    [
        # "how's the pipeline looking?", "what's new", "who's ahead": English contractions
        "how",
        "what",
        "who",
        "where",
        "when",
        "why",
        "it",
        "that",
        "there",
        "here",
        "let",
        "he",
        "she",
        "everyone",
        "everybody",
        "today",
        "la",
        "le",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "de",
        "ma",
        "mon",
        "mes",
        "ta",
        "ton",
        "tes",
        "sa",
        "son",
        "ses",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "cette",
        "ce",
        "cet",
        "ces",
        "tout",
        "toute",
        "tous",
        "toutes",
        "chaque",
        "l'equipe",
        "equipe",
        "team",
        "the",
        "this",
        "that",
        "my",
        "our",
        "all",
        "every",
        "each",
        "liste",
        "list",
        "lists",
        "listes",
        "semaine",
        "mois",
        "trimestre",
        "annee",
        "an",
        "week",
        "month",
        "quarter",
        "year",
        "aujourd'hui",
        "today",
        "hier",
        "yesterday",
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "leads",
        "lead",
        "sql",
        "mql",
        "gagnes",
        "perdus",
        "pipeline",
        "conversion",
        "plus",
        "moins",
        "entreprises",
        "societes",
        "commercial",
        "commerciaux",
        "commerciale",
        "reps",
        "rep",
        "vendeur",
        "vendeurs",
        "owner",
        "owners",
        "depuis",
        "since",
        "cette-semaine",
        "last",
        "next",
        "previous",
        "current",
        "past",
        "dernier",
        "derniere",
        "prochain",
        "precedent",
        "precedente",
        "passe",
        "passee",
        "en",
        "cours",
        "deals",
        "deal",
        "affaires",
        "ventes",
        "clients",
        "client",
        "prospects",
        "comptes",
        "rdv",
        "signatures",
        "contacts",
        "relances",
        "entreprise",
        "boites",
        "boite",
        "societe",
        "chiffre",
        "chiffres",
        "ca",
        "ce-mois",
        "nouveaux",
        "nouvelles",
        "nouveau",
        "new",
        "qui",
        "who",
        "whom",
        "quoi",
        "what",
        "perdus",
        "lost",
        "won",
        "disqualifies",
        "mqls",
        "sqls",
        "these",
        "those",
        "them",
        "eux",
        "elles",
        "ceux",
        "celles",
        "nobody",
        "personne",
        "lui",
        "him",
        "her",
        # "chez elle", "pour lui": the rep in focus, never a rep called "elle"
        "elle",
        "il",
        "ils",
        "moi",
        "toi",
        "nous",
        "vous",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "relance",
        "rapport",
        "apport",
    ]
)
_PERSON = re.compile(
    r"(?<![\w])(?:(?:de|of|for|pour|par|chez)\s+|d'\s*)(?P<name>[a-z][a-z-]{1,20})(?![\w.'])"
    r"|(?<![\w])(?P<owner>[a-z][a-z-]{1,20})'s\s+(?:\w+\s+)?(?:leads?|pipeline|deals?|sqls?|mqls?"
    r"|lists?)"
    r"|^\W*(?:just|only|juste|seulement)\s+(?P<just>[a-z][a-z-]{1,20})'s\W*$"
)


# "combien de leads a Bruno en SQL ?": "a" (has, not "à") and a first name, in the original text
_HAS = re.compile(r"(?<![\w])(?:leads?|deals?|sqls?|mqls?)\s+a\s+(?P<name>[A-Za-zÀ-ÿ][\w-]{1,20})")


def person_in(request: Request) -> str | None:
    """A rep named by a first name after "de", "d'", "of", "for", before "'s", or after
    "leads a"; None when the word is an article, a period, a stage or the team."""
    has = _HAS.search(request.text)
    if has is not None and fold(has["name"]).lower() not in NOT_A_PERSON:
        return has["name"]
    for match in _PERSON.finditer(request.folded):
        group = "name" if match["name"] else "owner" if match["owner"] else "just"
        name = match[group]
        if name and name not in NOT_A_PERSON and not name.isdigit():
            start = match.start(group)
            return request.original(start, start + len(name))
    return None


# "combien de leads David a en SQL ?", "combien de leads Chloé Bernard a en MQL ?", "David en a
# combien ?", "how many leads does Chloé Bernard have?", "has David got": a first name, or a
# first and a last name, before "a"/"has" or after "does"/"has"; the words before the name
# ("leads", "de") are no one's
_TWO_WORDS = r"[a-z][a-z-]{1,20}(?:\s+(?!(?:en|a|has|have|got)\b)[a-z][a-z-]{1,20})?"
_WHO_HAS = re.compile(
    rf"(?<![\w'])(?P<name>{_TWO_WORDS})\s+(?:en\s+)?(?:a|has)"
    r"(?:\s+(?:en|in|at|au|de|d'|combien)(?![\w])|\W*$)"
    rf"|(?<![\w'])(?:does|do|has|have)\s+(?P<does>{_TWO_WORDS})\s+(?:still\s+)?(?:have|got)(?![\w])"
)
# pronouns and the words of a question: never a rep's name
_PRONOUNS = frozenset(
    [
        "il",
        "elle",
        "on",
        "he",
        "she",
        "it",
        "they",
        "ils",
        "elles",
        "i",
        "we",
        "you",
        "vous",
        "combien",
        "how",
        "many",
        "nombre",
        "nb",
        "et",
        "and",
        "ok",
        "alors",
        "mais",
        "so",
    ]
)


def rep_who_has(request: Request) -> str | None:
    """The rep a count is about, named before "a"/"has" or after "does" ("combien de leads
    Chloé Bernard a en MQL ?"), as written; None for a pronoun, an article or a stage."""
    for match in _WHO_HAS.finditer(request.folded):
        group = "name" if match["name"] else "does"
        start, words = match.start(group), match[group].split()
        while words and (words[0] in NOT_A_PERSON or words[0] in _PRONOUNS):
            start = request.folded.index(words[1], start) if len(words) > 1 else match.end(group)
            words = words[1:]
        if words and not any(word in NOT_A_PERSON or word in _PRONOUNS for word in words):
            return request.original(start, match.end(group))
    return None

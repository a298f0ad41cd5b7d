"""A company named in a request by its capitals: "why is Nexys Elec scored like that?", "et
Tessier et Associés, son score vient d'où ?", "je sors d'un call avec Vitance".

The name is only a candidate: the intents resolve it against the store (a search by name, then
the one company — or the one lead — bearing it), never trust it as is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import CompaniesArtifact
from agent.llm.offline.results import ToolResult
from agent.search.vocabulary.fold import fold
from store.models import CompanyPublic

# Capitalised words, joined by the small words company names hold ("Tessier et Associés")
_NAME = re.compile(
    r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][\w&'’.-]*(?:\s+(?:(?:et|and|&|de|du|des|la|le|les|of|the)\s+)?"
    r"[A-ZÀ-Ý0-9][\w&'’.-]*)*)"
)
# Capitalised words that are not names: sentence starts, acronyms of the trade, stages
_NOT_NAMES = frozenset(
    [
        "why",
        "what",
        "how",
        "which",
        "who",
        "is",
        "are",
        "can",
        "could",
        "would",
        "please",
        "ok",
        "okay",
        "so",
        "and",
        "but",
        "then",
        "also",
        "et",
        "ou",
        "alors",
        "bon",
        "ben",
        "pourquoi",
        "comment",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "qui",
        "quoi",
        "est-ce",
        "explique",
        "explain",
        "montre",
        "show",
        "donne",
        "give",
        "trouve",
        "find",
        "passe",
        "mets",
        "ajoute",
        "add",
        "le",
        "la",
        "les",
        "the",
        "un",
        "une",
        "a",
        "son",
        "sa",
        "ses",
        "leur",
        "its",
        "their",
        "his",
        "her",
        "elle",
        "il",
        "ils",
        "elles",
        "it",
        "they",
        "c'est",
        "ce",
        "cette",
        "je",
        "j'ai",
        "on",
        "nous",
        "vous",
        "tu",
        "i",
        "we",
        "bant",
        "sql",
        "mql",
        "crm",
        "ia",
        "ai",
        "csv",
        "dsi",
        "daf",
        "drh",
        "dg",
        "pdg",
        "ceo",
        "cfo",
        "cto",
        "cio",
        "coo",
        "siren",
        "siret",
        "naf",
        "rgpd",
        "gdpr",
        "budget",
        "authority",
        "need",
        "timing",
        "oui",
        "non",
        "yes",
        "no",
        "merci",
        "thanks",
        "stp",
        "svp",
        "hello",
        "bonjour",
        "salut",
    ]
)


def capitalised_name(text: str) -> str | None:
    """The longest run of capitalised words that is not a sentence start, an acronym of the
    trade or a stage; None when the request names nothing that way."""
    found: list[str] = []
    for match in _NAME.finditer(text):
        words = match["name"].split()
        while words and fold(words[0]).lower().strip("'’") in _NOT_NAMES:
            words = words[1:]
        while words and fold(words[-1]).lower() in _NOT_NAMES | {"et", "de", "du", "des"}:
            words = words[:-1]
        name = " ".join(words).strip(" .,'’")
        if len(re.sub(r"\W", "", name)) >= 3:
            found.append(name)
    return max(found, key=len) if found else None


def named_company(results: Sequence[ToolResult], name: str) -> CompanyPublic | None:
    """The company a search by `name` found: the only one, else the only one bearing exactly
    that name, else the asker's only lead among the homonyms, else the only lead among them;
    None when the rep must pick."""
    found = next((r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None)
    if found is None or not found.companies:
        return None
    if len(found.companies) == 1:
        return found.companies[0]
    wanted = fold(name).lower().strip()
    named = [c for c in found.companies if fold(c.name).lower().strip() == wanted]
    if len(named) > 1:
        own = [c for c in named if c.siren in found.own_leads]  # the asker's own lead first
        named = own if len(own) == 1 else [c for c in named if c.siren in found.leads]
    return named[0] if len(named) == 1 else None

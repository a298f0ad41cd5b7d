"""Bare answers: a yes or a no ("oui", "ok, vas-y", "go", "sure" / "non", "pas encore", "not
yet", "attends"), and what a short answer says of the criterion just asked ("non, aucun" →
against, "je ne sais pas" / "pas encore" → still to find out).

Only a message that is essentially the answer counts (a few words, politeness aside): "non, le
budget n'est pas validé" is a statement about the budget, read as such, and carries no yes or
no — a message with facts does not carry an answer.
"""

from __future__ import annotations

import re

from agent.qualification.extract.status import DONT_KNOW, DOUBT
from agent.qualification.facts import BantStatus
from agent.search.vocabulary.fold import fold

_YES = (
    r"oui|ouais|yes|yep|yeah|ok|okay|d'accord|dac|vas-y|vas y|allez-y|allez y|go|sure|c'est bon"
    r"|je confirme|confirme|confirmed|parfait|perfect|carrement|bien sur|of course|absolument"
    r"|tout a fait|do it|let's go|ca marche|valide|fais-le|fais le"
)
_NO = (
    r"non|nope|no|nan|attends|attend|wait|pas maintenant|not now|surtout pas|laisse tomber"
    r"|hold on|pas tout de suite|annule|cancel|pas encore|not yet"
)
_NONE = (
    r"non|nope|no|nan|aucun|aucune|rien|none|nothing|personne|nobody|zero|nada|pas du tout"
    r"|not at all|no one"
)
_POLITE = r"merci|stp|svp|s'il te plait|s'il vous plait|please|thanks|thank you|thx"
MAX_WORDS = 8


def bare_answer(text: str) -> bool | None:
    """True for a bare yes, False for a bare no, None for anything else."""
    words = _words(text)
    if _only(words, _YES):
        return True
    if _only(words, _NO):
        return False
    return None


def asked_status(text: str) -> BantStatus | None:
    """What a short answer says of the criterion just asked: unknown for "je ne sais pas",
    "pas encore", "en cours de validation"; negative for "non" or "aucun"; else None."""
    words = _words(text)
    if len(words.split()) <= MAX_WORDS and (DONT_KNOW.search(words) or DOUBT.search(words)):
        return BantStatus.unknown
    if _only(words, _NONE):
        return BantStatus.negative
    return None


def _words(text: str) -> str:
    """The folded text as words (apostrophes and hyphens kept), politeness dropped."""
    words = re.sub(r"[^\w'-]+", " ", fold(text))
    return " ".join(re.sub(rf"\b(?:{_POLITE})\b", " ", words).split())


def _only(words: str, phrases: str) -> bool:
    """Whether `words` are nothing but `phrases`, one or more, and no more than a few."""
    if not words or len(words.split()) > MAX_WORDS:
        return False
    return re.fullmatch(rf"(?:(?:{phrases})(?:\s+|$))+", words) is not None

"""Which language to answer in: French unless the user plainly writes English."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from langchain_core.messages import AnyMessage, HumanMessage

Language = Literal["fr", "en"]

_WORD = re.compile(r"[a-zà-ÿœæ']+")
_FRENCH = frozenset(
    """le la les des de du un une et à au aux en dans sur pour avec par qui que quoi est sont
    je tu il nous vous mes mon ma trouve trouver cherche montre donne liste crée créer
    ajoute entreprise entreprises société sociétés salariés deuxième première quel quelle
    quels combien pipeline semaine mois ce cette ces leur bonjour merci stp svp""".split()  # noqa: SIM905
)
_ENGLISH = frozenset(
    """the a an and of in on at for with by to from is are was what which who how many much
    find show give list create add me my our your this that these those companies company
    employees second first please thanks hello week month based near around""".split()  # noqa: SIM905
)


def detect_language(text: str) -> Language:
    """English ("en") when the text reads as English, else French ("fr", the default)."""
    lowered = text.lower()
    if re.search(r"[éèêàùçôîœ]", lowered):
        return "fr"
    words = _WORD.findall(lowered)
    french = sum(word in _FRENCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "en" if english > french else "fr"


def reply_language(messages: Sequence[AnyMessage]) -> Language:
    """The language of the last human message, French when there is none."""
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            return detect_language(message.text)
    return "fr"

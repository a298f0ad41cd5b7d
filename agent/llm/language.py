"""Which language to answer in: the language of the rep's message; when a message says too
little to tell ("ok", "page 2", "SIREN 552100554"), the language of their earlier messages;
French when nothing tells.

Only the rep's own words count, not the names they quote: a word written with a capital inside
a sentence ("qualifie Ets Hamon IT Consulting selon BANT") or between quotes is a company's,
a person's or a list's name, whatever language it looks like — except a month ("since October
1st"), which is the request's own word.

One detector for the whole agent: the offline model's templates and the graph's messages
about LLM failures both answer in the language it finds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage

from agent.i18n import Language

_WORD = re.compile(r"[a-zà-ÿœæ]+")
_ACCENTED = re.compile(r"[éèêëàâùûçôîïœ]")
_FRENCH_WORDS = """le la les des de du un une et au aux en dans sur pour avec par qui que quoi est sont
    je tu il nous vous mes mon ma moi trouve trouver cherche montre donne liste crée créer
    ajoute mets entreprise entreprises société sociétés salariés deuxième première premier
    premières quel quelle quels quelles combien semaine mois trimestre année ce cette ces
    celles ceux leur bonjour merci stp svp aide comment va fiche résumé commercial a ou
    societe societes salaries cree creee creees apres avant depuis entre moins plus toutes
    tous suivantes suivants precedentes oui non passe renomme supprime exporte ajoute-les
    boites boite cabinets cabinet agences agence dernier derniere qualifie qualifier selon
    pousse envoie enrichis enrichir veut veux ne pas fais fait voir vois affiche perdu perdus
    gagne gagnes ca pourquoi quand dont chez aussi tout toute rien encore deja sans sous
    vers alors donc puis leurs ses son sa lui elle ils elles fiche dorment
    équipe equipe hier jusqu semaines jours er janvier février fevrier mars avril mai juin
    juillet août aout septembre octobre novembre décembre decembre"""
_ENGLISH_WORDS = """the an and of in on at for with by to from is are was what which who how many much
    find show give list create add save put me my our your this that these those them
    companies company employees second first third one please thanks hello hi week month
    quarter year based near around more than less details summary help can you do deals
    called named as mark move because rename delete download transfer export lists next
    previous sort biggest smallest newest oldest it call actually yes no only keep
    same instead last ones firms businesses look up sorry check get tell about any all there
    their they we who's what's where's how's over across every lead lead's people why lose
    lost won signed since until ago today yesterday team weeks months days st nd rd th book
    meeting meetings card
    january february march april june july august september october november december"""
_FRENCH = frozenset(_FRENCH_WORDS.split())
_ENGLISH = frozenset(_ENGLISH_WORDS.split())


_MONTH_NAMES = """january february march april may june july august september october november
    december janvier février fevrier mars avril mai juin juillet août aout septembre octobre
    novembre décembre decembre feb apr aug sep oct nov dec"""
_MONTHS = frozenset(_MONTH_NAMES.split())
_QUOTED = re.compile(r"[\"«“][^\"«»“”]{0,120}[\"»”]")
_CAPITAL = re.compile(r"^\W*[A-ZÀ-ÖØ-Ý]")
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")


def without_names(text: str) -> str:
    """The text without what reads as names: quoted words, and words written with a capital
    inside a sentence (a sentence's first word is kept)."""
    tokens = _QUOTED.sub(" ", text).split()
    kept = [
        token
        for index, token in enumerate(tokens)
        if index == 0
        or _SENTENCE_END.search(tokens[index - 1])
        or not _CAPITAL.match(token)
        or token.strip(".,;:!?").lower() in _MONTHS  # "since October 1st": a month, not a name
    ]
    return " ".join(kept)


def language_signal(text: str) -> Language | None:
    """English or French when the text's own words (and accents), names aside, lean one way,
    None on a tie."""
    lowered = without_names(text).lower()
    words = _WORD.findall(lowered)
    french = sum(word in _FRENCH for word in words)
    french += sum(1 for word in words if _ACCENTED.search(word) and word not in _ENGLISH)
    english = sum(word in _ENGLISH for word in words)
    if english == french:
        return None
    return "en" if english > french else "fr"


def detect_language(text: str) -> Language:
    """English when its English words outweigh its French words and accents, else French."""
    return language_signal(text) or "fr"


def reply_language(messages: Sequence[BaseMessage]) -> Language:
    """The language of the last human message that tells one; French when none does."""
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            signal = language_signal(message.text)
            if signal is not None:
                return signal
    return "fr"

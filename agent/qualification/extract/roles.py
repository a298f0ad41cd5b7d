"""Who decides, in a rep's words: decision-maker roles (DAF/CFO, DSI/CIO/CTO, DG/CEO/PDG,
directeur commercial, DRH, achats, COO, CMO, le patron, le comité de direction), names
("Marie Dupont, la DAF"), and the authority they make.

A budget approved by someone ("validé par le DAF", "approved by the CFO") says who approved the
spending: it fills `Budget.approved_by` and is not, by itself, the authority — approving a
budget line is not signing the purchase, and the interview asks who signs separately.
Authority is confirmed when the message says who decides or signs ("c'est le DAF qui signe",
"the CFO signs off", "décideur : Marie Dupont (DSI)", "je parle au décideur"); still to
confirm when someone else has to agree first ("il faut voir avec le DG", "le DG doit
valider") or when a role is only named; against when the contact cannot decide ("notre
contact n'a aucun pouvoir de décision", "no decision power").
"""

from __future__ import annotations

import re

from agent.qualification.extract.status import status_of
from agent.qualification.extract.text import Span
from agent.qualification.facts import MAX_TEXT, Authority, BantStatus
from agent.search.vocabulary.fold import fold

_ROLES: dict[str, tuple[str, ...]] = {
    "DAF": ("daf", "raf", "directeur financier", "directrice financiere", "direction financiere",
            "directeur administratif et financier", "directrice administrative et financiere",
            "responsable financier", "responsable financiere"),
    "CFO": ("cfo", "chief financial officer", "finance director", "head of finance",
            "vp finance"),
    "DSI": ("dsi", "directeur des systemes d'information", "directeur informatique",
            "directrice des systemes d'information", "directrice informatique",
            "responsable informatique"),
    "CIO": ("cio", "chief information officer", "it director", "head of it"),
    "CTO": ("cto", "chief technology officer", "directeur technique", "directrice technique"),
    "DG": ("dg", "directeur general", "directrice generale", "direction generale"),
    "CEO": ("ceo", "chief executive officer", "managing director", "general manager"),
    "PDG": ("pdg",),
    "Président": ("president", "presidente"),
    "Gérant": ("gerant", "gerante"),
    "Dirigeant": ("dirigeant", "dirigeante", "fondateur", "fondatrice", "founder"),
    "Directeur commercial": ("directeur commercial", "directrice commerciale",
                             "direction commerciale"),
    "CSO": ("cso", "chief sales officer", "head of sales", "sales director"),
    "VP Sales": ("vp sales", "vp of sales", "vice president sales", "vice-president sales"),
    "DRH": ("drh", "directeur des ressources humaines", "directrice des ressources humaines",
            "directeur rh", "directrice rh", "responsable rh"),
    "CHRO": ("chro", "hr director", "head of hr", "vp hr"),
    "Directeur achats": ("directeur des achats", "directrice des achats", "directeur achats",
                         "directrice achats", "responsable achats", "responsable des achats"),
    "Purchasing director": ("purchasing director", "head of purchasing", "procurement director",
                            "head of procurement", "purchasing manager"),
    "COO": ("coo", "chief operating officer", "directeur des operations", "head of operations",
            "directrice des operations", "directeur operationnel", "directrice operationnelle"),
    "CMO": ("cmo", "chief marketing officer", "head of marketing", "marketing director"),
    "Directeur marketing": ("directeur marketing", "directrice marketing"),
    "Patron": ("patron", "patronne", "boss"),
    "Comité de direction": ("comite de direction", "codir", "comex", "comite executif"),
    "Conseil d'administration": ("conseil d'administration",),
    "Board": ("board",),
}  # fmt: skip
_LABELS = {alias: label for label, aliases in _ROLES.items() for alias in aliases}
_ROLE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True)) + r")\b"
)
_APPROVED_BY = re.compile(
    r"\b(?:valide|approuve|accorde|debloque|signe|vote|arbitre|approved|signed off|validated"
    r"|greenlit)e?s?\s+(?:par|by)\s+"
)
_DECISION = re.compile(
    r"\b(?:decideu(?:r|se)s?|decision[- ]?makers?|pouvoir de decision|decision power"
    r"|qui (?:signe|decide|tranche|valide)|final say|dernier mot|no say)\b"
)
_HONORIFIC = r"(?:M\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Monsieur|Madame|Dr\.?)"
_CAPITALISED = r"[A-ZÀ-Ý][\w'-]*"
_NAME = re.compile(
    rf"{_HONORIFIC}\s+{_CAPITALISED}|{_CAPITALISED}"
    rf"(?:\s+(?:(?:de|du|des|van|von|le|la|di|da|d')\s*)?{_CAPITALISED})+"
)
_PARTICLES = frozenset({"de", "du", "des", "van", "von", "le", "la", "di", "da", "d'"})
_PRONOUN = re.compile(r"\b(?:lui|elle|il|he|she|him|her)\b")
# Capitalised words that open a sentence, not a name ("C'est Marie Dupont qui signe").
_NOT_NAMES = frozenset(
    {"c'est", "le", "la", "les", "l'", "ils", "elles", "il", "elle", "on", "nous", "notre",
     "nos", "leur", "leurs", "je", "j'ai", "en", "et", "mais", "the", "our", "their", "we",
     "they", "he", "she", "it", "it's", "and", "but", "in", "budget", "pour", "for", "avec",
     "with", "chez", "at", "decideur", "contact", "oui", "non", "yes", "no", "ok"}
)  # fmt: skip

_NEGATIVE = re.compile(
    r"\b(?:aucun|pas de|sans|no|without|n'a pas de|n'ont pas de) (?:vrai |real )?(?:pouvoir"
    r"|poids|role|authority|say)(?: de| in)?(?: decision| decider)?|no decision(?:[- ]making)?"
    r" power|(?:ne|n') (?:decide|signe|tranche) (?:pas|rien)|n'est pas (?:le |la |un |une )?"
    r"decideu(?:r|se)|not (?:the |a )?decision[- ]?maker|(?:can't|cannot|can not) (?:sign|decide)"
    r"|ne (?:peut|peuvent) pas (?:signer|decider)|has no say|aucune autorite"
)
_PENDING = re.compile(
    r"\b(?:faut (?:voir|valider|passer|en parler|l'accord)|(?:dois|doit|doivent|devra|devront)"
    r" (?:valider|signer|approuver|donner|trancher|decider|voir|en parler)|(?:needs?|has|have)"
    r" to (?:approve|sign|validate|decide|check|agree)|must (?:approve|sign|validate|agree)"
    r"|check(?:ing)? with|(?:qui|who) (?:decide|signe|signs)\s*\?|remonter|escalate"
    r"|attend(?:ons|ent)? (?:l'avis|le feu vert|l'accord)|waiting for)"
)
_CONFIRMED = re.compile(
    r"\b(?:signe|signs?|signera|will sign|decide|decides|decideu(?:r|se)|decision[- ]?maker"
    r"|tranche|dernier mot|final say|sign(?:s|ed)? off|en direct avec|budget holder"
    r"|qui valide)\b"
)


def find_role(span: Span, start: int = 0, end: int | None = None) -> str | None:
    """The first decision-maker role in the folded text's [start, end), by its usual label."""
    match = _ROLE.search(span.folded, start, len(span.folded) if end is None else end)
    return _LABELS[match.group()] if match else None


def role_spans(folded: str) -> list[tuple[int, int]]:
    """Where roles are written in `folded`."""
    return [match.span() for match in _ROLE.finditer(folded)]


def find_approver(span: Span) -> str | None:
    """Who approved the budget ("validé par le DAF" → "DAF", "validé par Marie Dupont")."""
    match = _APPROVED_BY.search(span.folded)
    if match is None:
        return None
    return approver_role(span) or find_person(span, match.end())


def approver_role(span: Span) -> str | None:
    """The role that approved the budget, if the message names one."""
    match = _APPROVED_BY.search(span.folded)
    return find_role(span, match.end(), match.end() + 40) if match else None


def find_person(span: Span, start: int = 0) -> str | None:
    """A person's name in the original text from folded `start` on ("Marie Dupont", "Mme
    Durand"): two capitalised words or more, without the role or sentence words around it."""
    for match in _NAME.finditer(span.tail(start)):
        words = match.group().split()
        while words and fold(words[0]) in _NOT_NAMES:
            words.pop(0)
        roles = [i for i, word in enumerate(words) if _ROLE.fullmatch(fold(word))]
        words = words[: roles[0]] if roles else words
        while words and fold(words[-1]).lower() in _PARTICLES:  # "Sophie Martin la DG"
            words.pop()
        if len(words) >= 2:
            return " ".join(words)
    return None


def mentions_authority(span: Span, *, answering: bool) -> bool:
    """Whether `span` speaks of who decides: a role (other than a budget's approver), words of
    decision, or — answering the authority question — a name."""
    folded = _without_approval(span.folded)
    if _ROLE.search(folded) or _DECISION.search(folded) or _NEGATIVE.search(folded):
        return True
    return answering and find_person(span) is not None


def read_authority(span: Span, *, answering: bool, referent: str | None = None) -> Authority:
    """Who decides according to `span`, and whether that is settled; `referent` is the role
    the message named before (a budget's approver), for "c'est lui qui signe"."""
    folded = _without_approval(span.folded)
    role_match = _ROLE.search(folded)
    role = _LABELS[role_match.group()] if role_match else None
    person = find_person(span)
    if role is None and person is None and _PRONOUN.search(folded):
        role = referent
    named = role is not None or person is not None
    status = status_of(
        folded,
        negative=_NEGATIVE,
        confirmed=_CONFIRMED,
        unknown=_PENDING,
        default=BantStatus.confirmed if answering and named else BantStatus.unknown,
    )
    note = span.original(0)[:MAX_TEXT] or None
    return Authority(status=status, note=note, person=person, role=role)


def _without_approval(folded: str) -> str:
    """`folded` with "validé par le DAF" blanked: a budget's approver is not the authority."""
    match = _APPROVED_BY.search(folded)
    if match is None:
        return folded
    role = _ROLE.search(folded, match.end(), match.end() + 40)
    end = role.end() if role else match.end()
    return folded[: match.start()] + " " * (end - match.start()) + folded[end:]

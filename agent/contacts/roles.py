"""Job titles as functions and seniorities, and the role words reps use ("le DSI", "the CFO",
"les décideurs"), in French and English.

A title is read once into a `function` (executive, it, finance, hr, sales, marketing,
purchasing, operations, legal, administration) and a `seniority` (c_level, director, manager,
staff), so a request for "le DAF" finds "Directrice administrative et financière", "CFO" and
"Responsable financier" alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from store.text import fold

FUNCTIONS = (
    "executive", "it", "finance", "hr", "sales", "marketing", "purchasing", "operations",
    "legal", "administration",
)  # fmt: skip
SENIORITIES = ("c_level", "director", "manager", "staff")
DECISION_LEVELS = frozenset({"c_level", "director"})


def _any(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])")


def _plural(*words: str) -> re.Pattern[str]:
    """Words reps may write in the plural: "les DSI", "the CFOs", "les DAFs"."""
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{word})" for word in words) + r")s?(?![\w])")


# Tried in order on the folded title: the first function that matches wins, so "Directeur
# commercial" is sales and "Directeur général" executive.
_TITLE_FUNCTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("it", _any(
        r"dsi", r"cio", r"cto", r"cdo", r"ciso", r"rssi", r"informatiques?", r"technique", r"technical",
        r"technology", r"tech", r"it", r"systemes?\s+d'information", r"information\s+systems?",
        r"engineering", r"ingenierie", r"developpement\s+logiciel", r"software", r"data", r"digital",
        r"numerique", r"infrastructure", r"devops", r"securite\s+informatique")),
    ("finance", _any(
        r"daf", r"cfo", r"raf", r"financ\w*", r"comptab\w*", r"accounting", r"controleur\s+de\s+gestion",
        r"controle\s+de\s+gestion", r"tresor\w*", r"treasur\w*", r"controller")),
    ("hr", _any(
        r"drh", r"rrh", r"chro", r"rh", r"hr", r"ressources\s+humaines", r"human\s+resources", r"people",
        r"talents?", r"recrutement", r"recruit\w*", r"paie", r"payroll")),
    ("purchasing", _any(
        r"achats?", r"acheteu\w+", r"purchas\w*", r"procurement", r"sourcing", r"cpo", r"approvisionnements?")),
    ("marketing", _any(
        r"marketing", r"cmo", r"communication", r"growth", r"brand", r"marque", r"produit", r"product")),
    ("sales", _any(
        r"commercia\w*", r"sales", r"ventes?", r"business\s+develop\w*", r"bizdev", r"grands?\s+comptes",
        r"key\s+accounts?", r"account\s+(?:manager|executive)", r"clientele", r"cso", r"cro",
        r"revenue", r"partenariats?", r"partnerships?")),
    ("operations", _any(
        r"operations?", r"coo", r"production", r"logisti\w+", r"supply\s+chain", r"usine", r"plant",
        r"industriel\w*", r"exploitation", r"qualite", r"quality", r"travaux", r"chantiers?")),
    ("legal", _any(r"juridique", r"juriste", r"legal", r"counsel", r"avocat", r"compliance", r"conformite")),
    ("administration", _any(
        r"assistante?", r"administrati\w+", r"office\s+manager", r"secretaire\w*", r"secretary",
        r"accueil")),
    ("executive", _any(
        r"pdg", r"p-dg", r"dg", r"ceo", r"president\w*", r"directeur\s+general", r"directrice\s+generale",
        r"directeurs?\s+generaux", r"general\s+manager", r"managing\s+director", r"gerante?s?",
        r"dirigeante?s?", r"fondat\w+", r"co-?fondat\w+", r"founder", r"co-?founder", r"associee?s?",
        r"partner", r"owner", r"proprietaire", r"directoire", r"chief\s+executive", r"chef\s+d'entreprise",
        r"administrateur", r"board")),
)  # fmt: skip
_C_LEVEL = _any(
    r"pdg", r"p-dg", r"dg", r"ceo", r"cto", r"cfo", r"coo", r"cmo", r"cio", r"cdo", r"cso", r"cro",
    r"chro", r"cpo", r"chief\s+\w+(?:\s+officer)?", r"president\w*", r"directeur\s+general",
    r"directrice\s+generale", r"directeurs?\s+generaux", r"general\s+manager", r"managing\s+director",
    r"gerante?s?", r"dirigeante?s?", r"fondat\w+", r"co-?fondat\w+", r"founder", r"co-?founder",
    r"associee?s?", r"partner", r"owner", r"proprietaire", r"directoire", r"chef\s+d'entreprise",
)  # fmt: skip
_DIRECTOR = _any(
    r"directeur\w*", r"directrice\w*", r"director", r"head\s+of", r"vp", r"vice[- ]president\w*",
    r"dsi", r"daf", r"drh", r"raf", r"rssi", r"ciso", r"responsable\s+(?:de\s+la\s+|du\s+|des\s+)?"
    r"(?:pole|departement|division|direction)", r"country\s+manager",
)  # fmt: skip
_MANAGER = _any(
    r"responsable", r"manager", r"chef", r"lead", r"team\s+lead", r"superviseur\w*", r"supervisor",
    r"coordinat\w+", r"charge\w*\s+d'affaires",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TitleReading:
    """What a job title says: a function and a seniority (None when it says neither)."""

    function: str | None
    seniority: str | None


def read_title(title: str | None) -> TitleReading:
    """The function and seniority of a job title, French or English ("DAF" → finance,
    director; "Présidente" → executive, c_level; "Business developer" → sales, staff)."""
    if not title or not title.strip():
        return TitleReading(None, None)
    folded = fold(title).lower().replace("’", "'")
    function = next((name for name, words in _TITLE_FUNCTIONS if words.search(folded)), None)
    if _C_LEVEL.search(folded):
        seniority = "c_level"
    elif _DIRECTOR.search(folded):
        seniority = "director"
    elif _MANAGER.search(folded):
        seniority = "manager"
    else:
        seniority = "staff"
    if function is None and seniority == "c_level":
        function = "executive"
    return TitleReading(function, seniority)


@dataclass(frozen=True, slots=True)
class Role:
    """A role reps ask for: its key ("dsi"), the functions it covers (empty: any) and the
    seniorities it covers (empty: any)."""

    key: str
    functions: frozenset[str] = frozenset()
    seniorities: frozenset[str] = frozenset()


_ROLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role("decision_makers", seniorities=DECISION_LEVELS), _plural(
        r"decideu\w*", r"decision[- ]?makers?", r"decisionnaires?", r"dirigeants", r"direction",
        r"leadership", r"c-?level", r"c-?suite", r"comex", r"codir", r"management", r"top\s+management",
        r"executives", r"bosses", r"key\s+people", r"people\s+in\s+charge")),
    (Role("ceo", frozenset({"executive"}), frozenset({"c_level"})), _plural(
        r"dirigeante?", r"pdg", r"p-dg", r"dg", r"ceo", r"president\w*", r"directeur\s+general",
        r"directrice\s+generale", r"gerante?s?", r"patron\w*", r"boss", r"fondat\w+", r"founders?",
        r"owner", r"chef\s+d'entreprise", r"managing\s+director", r"general\s+manager")),
    (Role("it", frozenset({"it"})), _plural(
        r"dsi", r"cio", r"cto", r"(?:l'|the|head\s+of|decideurs?|responsables?|directeurs?|people|contacts?)\s*it",
        r"informatique", r"directeur\s+(?:des\s+systemes\s+d'information"
        r"|informatique|technique|it)", r"responsables?\s+(?:informatique|it|technique)", r"tech",
        r"technical", r"technique", r"head\s+of\s+(?:it|tech\w*|engineering)", r"rssi", r"ciso")),
    (Role("finance", frozenset({"finance"})), _plural(
        r"daf", r"cfo", r"raf", r"finances?", r"financiers?", r"financieres?", r"comptab\w*",
        r"directeur\s+financier", r"directrice\s+financiere", r"head\s+of\s+finance")),
    (Role("hr", frozenset({"hr"})), _plural(
        r"drh", r"rrh", r"rh", r"hr", r"chro", r"ressources\s+humaines", r"human\s+resources",
        r"recruteu\w*", r"head\s+of\s+people")),
    (Role("sales", frozenset({"sales"})), _plural(
        r"directeur\s+commercial", r"directrice\s+commerciale", r"commercia\w*", r"sales", r"ventes?",
        r"cso", r"cro", r"head\s+of\s+sales", r"vp\s+sales", r"business\s+develop\w*")),
    (Role("marketing", frozenset({"marketing"})), _plural(r"marketing", r"cmo", r"communication")),
    (Role("purchasing", frozenset({"purchasing"})), _plural(
        r"achats?", r"acheteu\w+", r"purchas\w*", r"procurement", r"buyers?")),
    (Role("operations", frozenset({"operations"})), _plural(
        r"operations?", r"coo", r"production", r"logistique", r"logistics", r"supply\s+chain")),
    (Role("legal", frozenset({"legal"})), _plural(r"juridique", r"juriste", r"legal", r"counsel")),
)  # fmt: skip
ROLE_KEYS = tuple(role.key for role, _ in _ROLE_WORDS)
_IT_IN_CAPITALS = re.compile(r"(?<![\w])IT(?![\w])")
_BY_KEY = {role.key: role for role, _ in _ROLE_WORDS}


def roles_in(text: str) -> list[Role]:
    """The roles a request names, in the order of `ROLE_KEYS` ("le DSI et le DAF" → it,
    finance); "les décideurs" alone is the decision-makers."""
    folded = fold(text).lower().replace("’", "'")
    found = [role for role, words in _ROLE_WORDS if words.search(folded)]
    if (
        _IT_IN_CAPITALS.search(text) and _BY_KEY["it"] not in found
    ):  # "the IT people", not "find it"
        found.append(_BY_KEY["it"])
        found.sort(key=lambda role: ROLE_KEYS.index(role.key))
    if len(found) > 1:  # "les décideurs IT": the IT people; "la direction financière": finance
        found = [role for role in found if role.key != "decision_makers"] or found
    if any(role.key == "ceo" for role in found) and len(found) > 1:
        # "directeur général" names the CEO; "directeur commercial" names sales, not the CEO too
        found = [role for role in found if role.key != "ceo" or _names_the_ceo(folded)]
    return found


_CEO_ALONE = _any(
    r"pdg", r"p-dg", r"dg", r"ceo", r"president\w*", r"directeur\s+general", r"directrice\s+generale",
    r"gerante?s?", r"patron\w*", r"boss", r"fondat\w+", r"founders?", r"dirigeante?",
)  # fmt: skip


def _names_the_ceo(folded: str) -> bool:
    return bool(_CEO_ALONE.search(folded))


def role_of(word: str) -> Role | None:
    """The role a word names: a key ("finance") or a word reps use ("DAF", "the CFO")."""
    key = fold(word).lower().strip()
    if key in _BY_KEY:
        return _BY_KEY[key]
    found = roles_in(word)
    return found[0] if found else None


def admits(roles: Iterable[Role], function: str | None, seniority: str | None) -> bool:
    """Whether a person of this function and seniority holds one of these roles (any person
    when no role is asked for)."""
    wanted = list(roles)
    if not wanted:
        return True
    return any(
        (not role.functions or function in role.functions)
        and (not role.seniorities or seniority in role.seniorities)
        for role in wanted
    )


def seniority_rank(seniority: str | None) -> int:
    """c_level first, then director, manager, staff, unknown."""
    return SENIORITIES.index(seniority) if seniority in SENIORITIES else len(SENIORITIES)

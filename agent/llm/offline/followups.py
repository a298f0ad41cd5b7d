"""Follow-ups on the last search: the rep changes one thing and keeps the rest.

    "ESN de 20 à 50 salariés dans le 44"  →  "et à Nantes ?"            (the place changes)
                                           →  "seulement plus de 50 salariés" (the size changes)
                                           →  "les 10 suivantes", "page 3"   (paging)
                                           →  "trie-les par effectif"        (sorting)

The last search is read from the thread (its `companies` artifact holds the query that ran,
with its offset, limit and sort), so a follow-up works after a restart too. Filters come in
groups (place, size, sector, dates, legal form); a follow-up replaces the groups it names.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from agent.search.parse import parse_company_query
from agent.search.vocabulary.fold import fold_with_map
from agent.search.vocabulary.sizes import CATEGORY_MAX_HEADCOUNT
from store.search.query import CompanyQuery

GROUPS: dict[str, tuple[str, ...]] = {
    "place": ("cities", "departments", "regions", "postcodes"),
    "size": ("headcount_min", "headcount_max", "categories"),
    "sector": ("naf_codes", "sections"),
    "dates": ("created_after", "created_before"),
    "legal": ("legal_forms",),
    "signals": ("signal_kinds", "signal_since"),
}
_MARKER = re.compile(
    r"^\W*(?:(?:ok|okay|bon|alors|bref|donc|en\s+fait|hmm|euh|so|well)[\s,!.]+)?(?:et|and"
    r"|what\s+about|how\s+about|same\s+(?:in|for|with)|meme\s+chose|pareil|idem"
    r"|(?:refai\w*|redo|do|fai\w*|recommence\w*)\s+(?:la\s+|the\s+)?(?:meme\s+chose|pareil"
    r"|same(?:\s+thing)?)(?:\s+(?:pour|a|au|en|dans|sur|for|in|with))?"
    r"|plutot|instead|maintenant|now|seulement|slmt|seult|uniquement|uniqt|only|just|garde(?:-les|r|z)?"
    r"|keep|filtre(?:-les|r|z)?|filter|restreins|narrow(?:\s+(?:to|down))?|parmi\s+(?:elles"
    r"|celles-ci|ces\s+\w+)|among\s+(?:them|these|those)|mais|but|sauf|except"
    r"|with|avec|(?:ok\s+)?(?:elargi[st]?|etends?|agrandi[st]?|widen|expand|broaden)"
    r"|(?:ok\s+)?(?:reviens|retourne|revenons|go\s+back|back)\s+(?:sur|a|au|to)"
    r"|(?:ok\s+)?(?:change|passe)\s+(?:a|sur|pour|to)"
    r"|trop\s+de\s+(?:resultats|boites|entreprises)|too\s+many(?:\s+(?:results|companies))?"
    r"|c'est\s+trop|that'?s\s+too\s+many"
    r"|any(?:\s+(?:of\s+them|with|that|which))?|some\s+with|des\s+(?:boites\s+)?avec"
    r"|(?:(?:et\s+)?(?:lesquelles|lesquels|laquelle|lequel|quelles\s+sont\s+celles"
    r"|which\s+(?:ones|of\s+(?:them|these|those)))"
    r"(?:\s+(?:d'entre\s+elles|ont|sont|font|comptent|emploient|have|are|has|is))?))(?![\w])"
)
# A correction opens the follow-up: "non, plutôt à Lyon", "en fait non, à Marseille", "nan, Nice"
_CORRECTION = re.compile(
    r"^\W*(?:(?:ok|bon|ah|oh|euh|hmm|en\s+fait|actually|wait|attends)[\s,!.]+)?"
    r"(?:non|no|nan|nope)(?:[\s,!.]+(?:non|no))*(?:[\s,!.]+|$)"
)
# Markers that narrow the results on screen rather than replace a filter ("que celles de plus
# de 100 salariés": only those)
_NARROWING = re.compile(
    r"^\W*(?:(?:ok|bon|alors|et)[\s,]+)?(?:seulement|slmt|seult|uniquement|uniqt|only|just|garde\w*"
    r"|que(?=\s+(?:celles|ceux|les)\b)|ne\s+garde\s+que"
    r"|keep|filtre\w*"
    r"|filter|restreins|narrow|parmi|among|lesquelles|lesquels|which\s+(?:ones|of))(?![\w])"
)
# "… alors", "… du coup", "… instead": said after the follow-up, not part of it
_TRAILING_FILLER = re.compile(
    r"(?i)\s+(?:alors|donc|du\s+coup|plut[ôo]t|then|instead|please|stp|svp|seulement|uniquement"
    r"|only|finalement)\W*$"
)
# "tout le 35", "toute l'Ille-et-Vilaine", "the whole of …": the place itself follows, with its
# article ("le Var", "le Nord": a department named like a word is one only after "le")
_WHOLE = re.compile(
    r"^\W*(?:(?:a|au|sur|dans|in|to)\s+)?"
    r"(?:(?P<fr>tout(?:e|es)?\s+)(?=le|la|l'|les)|all\s+of\s+|the\s+whole\s+(?:of\s+)?)"
)
# Filters the rep takes away: "sans filtre de taille", "toutes tailles", "any sector"
_WITHOUT: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (group, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])"))
    for group, pattern in (
        (
            "size",
            r"sans\s+(?:filtre\s+(?:de|d'|sur\s+la)\s*)?(?:taille|effectifs?|tranche)"
            r"|toutes?\s+(?:les\s+)?tailles|any\s+size|no\s+size(?:\s+filter)?"
            r"|(?:without|drop|remove)\s+(?:the\s+)?size(?:\s+filter)?",
        ),
        (
            "place",
            r"sans\s+(?:filtre\s+(?:de|d'|geographique)\s*)?(?:lieu|zone|ville|region)"
            r"|partout(?:\s+en\s+france)?|toute\s+la\s+france|anywhere|everywhere"
            r"|all\s+(?:of\s+)?france",
        ),
        (
            "sector",
            r"tous\s+secteurs|tout\s+secteur|sans\s+(?:filtre\s+de\s+)?secteur"
            r"|any\s+sector|all\s+sectors",
        ),
        ("dates", r"sans\s+(?:filtre\s+de\s+)?date|peu\s+importe\s+l'age|any\s+age"),
    )
)
_BARE_DEPARTMENT = re.compile(
    r"^\W*(?:(?:dans|in|en)\s+)?(?:le\s+|the\s+)?(?P<dep>\d{2}|2[ab]|97\d)\W*$"
)
# After a marker, the pronoun that points at the results: "seulement celles de …".
_POINTER = re.compile(
    r"^\W*(?:celles?|ceux|celui|elles|les|those|these|the\s+ones|ones|them)(?:[- ](?:ci|la))?"
    r"(?:\s+(?:qui\s+(?:sont|ont)|that\s+are|with|avec))?(?![\w])"
)
_DEMONSTRATIVE = re.compile(r"^\W*(?:celles?|ceux|celui|those|the\s+ones)(?![\w])")
_NEW_SEARCH = re.compile(
    r"(?<![\w])(?:trouve\w*|cherche\w*|recherche\w*|find|search|look(?:ing)?\s+for"
    r"|entreprises?|societes?|boites?|companies|company|firms?)(?![\w])"
    # a request that opens on the kind of company it wants: "PME du 69 qui …", "startups à …"
    r"|^\W*(?:des\s+|les\s+)?(?:pme|tpe|eti|startups?|start-ups?|scale-ups?|smes?)(?![\w])"
)
_NEXT = re.compile(
    r"(?<![\w])(?:(?:les|the)\s+)?(?:(?P<n>\d{1,3})\s+)?(?:suivant(?:e|es|s)?|next|autres"
    r"|others|more(?!\s+than)|encore|la\s+suite|page\s+suivante|d'autres|plus\s+de\s+resultats"
    r"|continue[rz]?|show\s+more|voir\s+plus)(?![\w])"
)
_PREVIOUS = re.compile(
    r"(?<![\w])(?:precedent(?:e|es|s)?|previous|page\s+precedente|back|retour)(?![\w])"
)
_PAGE = re.compile(r"(?<![\w])(?:page|p\.?)\s*(?P<p>\d{1,4})(?![\w])")
_SORT_VERB = re.compile(r"(?<![\w])(?:trie\w*|tri|classe\w*|ordonne\w*|sort\w*|order\w*|range\w*)")
SORTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (sort, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])"))
    for sort, pattern in (
        ("size_asc", r"(?:effectifs?|taille|salaries|size|headcount)\s+(?:croissante?s?|ascending|asc)"
         r"|(?:les\s+)?plus\s+petite?s?\s+(?:d'abord|en\s+premier)|smallest\s+first"),
        ("size_desc", r"effectifs?|taille|salaries|size|headcount|employees|plus\s+gros(?:se)?s?"
         r"|\+\s*gros(?:se)?s?|\+\s*grande?s?"  # SMS style: "les + gros d'abord"
         r"|(?:sont|are)\s+(?:grosses|gros|grandes|grands|big|large)"
         r"|plus\s+grandes?|biggest|largest"),
        ("oldest", r"(?:les\s+)?plus\s+ancien(?:ne)?s?|oldest(?:\s+first)?|anciennete"),
        ("newest", r"date\s+de\s+creation|creation|(?:les\s+)?plus\s+recent(?:e)?s?"
         r"|newest(?:\s+first)?|most\s+recent|recent(?:e)?s?\s+(?:d'abord|first)|age|date"),
        ("name", r"(?:ordre\s+)?alphabeti\w*|nom|name|a\s*-\s*z"),
        ("intent", r"(?:score\s+d'\s*)?inten[ts]ion(?:\s+d'achat)?|intent(?:\s+score)?"
         r"|(?:par|by)\s+(?:signaux|signals)|plus\s+(?:chaude?s?|chauds|actives?|actifs|mure?s?|murs)|hottest|warmest"
         r"|most\s+active|chaleur|maturite|temperature"),
        ("relevance", r"pertinence|relevance"),
    )
)  # fmt: skip


# "montre les 5 plus grosses", "the 3 biggest": an order, and how many
_RANKED = re.compile(
    r"(?<![\w])(?:les|the|top|la|le)\s+(?:(?P<n>\d{1,3})\s+)?(?:plus\s+(?:gross?e?s?|gros|grande?s?"
    r"|grands?|petite?s?|ancienne?s?|anciens?|recente?s?|chaude?s?|chauds|actives?|actifs)"
    r"|biggest|largest|smallest|oldest|newest|hottest|warmest)(?![\w])"
    r"|(?<![\w])(?:elles|ils|they)\s+(?:sont|are)\s+(?:grosses|gros|grandes|grands|big|large)(?![\w])"
)


# "…, biggest first", "… et les plus récentes d'abord": an order said last, after a comma
_FIRST_CLAUSE = re.compile(
    r"(?<=[,;])\s*[^,;]*?(?:d'abord|first|en\s+premier)\W*$"
    r"|(?<![\w])(?:et|and|puis|then)\s+[^,;]*?(?:d'abord|first|en\s+premier)\W*$"
)


def ranked_count(folded: str) -> int | None:
    """How many "les 5 plus grosses" asks for, or None."""
    ranked = _RANKED.search(folded)
    return int(ranked["n"]) if ranked is not None and ranked["n"] else None


def sort_clause_start(folded: str) -> int | None:
    """Where the part of a request asking for an order begins ("… et trie par effectif"), or
    None when it asks for none."""
    asks = _SORT_VERB.search(folded) or _RANKED.search(folded) or _FIRST_CLAUSE.search(folded)
    if asks is None:
        return None
    head = re.search(
        r"(?:\s*(?:,|;|\bet\b|\band\b|\bpuis\b|\bthen\b))*\s*$", folded[: asks.start()]
    )
    return head.start() if head is not None else asks.start()


def sort_in(folded: str) -> str | None:
    """The order a request asks for ("trie-les par effectif" → size_desc), or None."""
    asks = (
        _SORT_VERB.search(folded)
        or _RANKED.search(folded)
        or re.search(r"(?<![\w])(?:par|by)\s+(?:ordre|order)|d'abord|first|en\s+premier", folded)
    )
    if not asks:
        return None
    for sort, pattern in SORTS:
        if pattern.search(folded):
            return sort
    return None


# "les 20 premières", "the first 30", "top 50": the first page, that long
_FIRST_N = re.compile(
    r"^\W*(?:(?:montre|affiche|donne|show|give)\w*(?:[- ]moi|\s+me)?\s+)?(?:les|the|top)\s+"
    r"(?:(?P<n>\d{1,3})\s+(?:premiere?s?|premiers|first)|first\s+(?P<m>\d{1,3})|(?P<t>\d{1,3}))\W*$"
)


def page_change(folded: str, previous: CompanyQuery) -> dict[str, int] | None:
    """New offset (and limit) for "les 10 suivantes", "page 3", "les précédentes", "les 20
    premières"; else None."""
    first = _FIRST_N.match(folded)
    if first:
        return {"offset": 0, "limit": max(1, min(int(first["n"] or first["m"] or first["t"]), 100))}
    page = _PAGE.search(folded)
    if page:
        number = max(1, int(page["p"]))
        return {"offset": (number - 1) * previous.limit, "limit": previous.limit}
    following = _NEXT.search(folded)
    if following and len(folded.split()) <= 6:
        limit = int(following["n"]) if following["n"] else previous.limit
        return {"offset": previous.offset + previous.limit, "limit": max(1, min(limit, 100))}
    if _PREVIOUS.search(folded) and len(folded.split()) <= 6:
        return {"offset": max(0, previous.offset - previous.limit), "limit": previous.limit}
    return None


def refined_query(
    text: str, folded: str, previous: CompanyQuery, *, today: date | None
) -> CompanyQuery | None:
    """The previous query with what this follow-up changes, or None when it is not one."""
    body, skip = text, 0
    marked = False
    whole = None
    pointer_first = _POINTER.match(folded) if _DEMONSTRATIVE.match(folded) else None
    if pointer_first is not None:  # "celles à Bordeaux seulement"
        marked, skip = True, pointer_first.end()
    correction = _CORRECTION.match(folded)
    if correction is not None and correction.end() < len(folded):
        marked, skip = True, correction.end()
    for _ in range(3):  # "et parmi elles, lesquelles ont …": markers one after the other
        marker = _MARKER.match(folded[skip:])
        if marker is None:
            break
        marked = True
        skip += marker.end()
        whole = _WHOLE.match(folded[skip:])
        pointer = _POINTER.match(folded[skip:]) or whole
        skip += pointer.end() if pointer else 0
    if marked:
        body = _TRAILING_FILLER.sub("", _original_tail(text, skip))
        if whole is not None:  # "tout le var": "le var" is a place after "dans"
            body = f"{'dans' if whole['fr'] else 'in'} {body}"
    dropped = {group for group, pattern in _WITHOUT if pattern.search(folded)}
    for _, pattern in _WITHOUT:
        body = _without(body, pattern)
    bare = _BARE_DEPARTMENT.match(fold_with_map(body)[0])
    parsed = parse_company_query(body, today=today)
    if _has(previous, GROUPS["dates"]) and not _has(parsed, GROUPS["dates"]):
        # "et l'année dernière ?" after "créées cette année": the creation dates change
        dated = parse_company_query(f"créées {body}", today=today)
        if _has(dated, GROUPS["dates"]) and not dated.text:
            parsed = dated
    if bare is not None:  # "et dans le 35 ?": a number alone, after a search, is a department
        parsed = CompanyQuery(departments=[bare["dep"].upper()])
    named = {group for group, fields in GROUPS.items() if _has(parsed, fields)}
    if not named and not parsed.include_closed and not dropped:
        return None
    if parsed.text and not marked:
        return None  # words the parser does not know: a name, a new topic
    if not marked and ("sector" in named or _NEW_SEARCH.search(folded)):
        return None  # "ESN à Nantes", "entreprises de plus de 50 salariés": a new search
    update: dict[str, Any] = {"offset": 0}
    for group in dropped - named:
        update.update({field: _EMPTY[field] for field in GROUPS[group]})
    narrowing = _NARROWING.search(folded) is not None
    for group in named:
        fields = GROUPS[group]
        if narrowing and group == "size":  # "garde celles de plus de 100" after "les PME": both
            headcount = parsed.headcount_min is not None or parsed.headcount_max is not None
            fields = ("headcount_min", "headcount_max") if headcount else ("categories",)
            if headcount and parsed.categories:
                fields = GROUPS[group]
        update.update({field: getattr(parsed, field) for field in fields})
    if parsed.text and marked:
        update["text"] = parsed.text
    if parsed.include_closed:
        update["include_closed"] = True
    if parsed.sort != "relevance":  # "… les plus grosses": the order asked with the change
        update["sort"] = parsed.sort
    if "place" in named and parsed.postcodes and not parsed.cities:
        # "garde celles de Lyon 3e" reads as Lyon + 69003: the postcode says it all.
        update["cities"] = []
    return previous.model_copy(update=update)


_EMPTY: dict[str, Any] = {
    field: CompanyQuery.model_fields[field].get_default(call_default_factory=True)
    for fields in GROUPS.values()
    for field in fields
}


def _without(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with what `pattern` matches in its folded form taken out (original spelling kept)."""
    folded, origin = fold_with_map(text)
    kept, position = [], 0
    for match in pattern.finditer(folded):
        if match.start() == match.end():
            continue
        kept.append(text[origin[position] : origin[match.start()]] if match.start() else "")
        position = match.end()
    if position == 0:
        return text
    kept.append(text[origin[position] :] if position < len(origin) else "")
    return " ".join(part.strip(" ,") for part in kept if part.strip(" ,"))


def original_head(text: str, end: int) -> str:
    """The part of `text` before the first `end` characters of its folded form."""
    _, origin = fold_with_map(text)
    return text[: origin[end]] if end < len(origin) else text


def _original_tail(text: str, start: int) -> str:
    """The part of `text` after the first `start` characters of its folded form."""
    _, origin = fold_with_map(text)
    return text[origin[start] :] if start < len(origin) else ""


def categories_too_small(query: CompanyQuery) -> list[str]:
    """The INSEE categories of a query that no company of its headcount can be in ("PME" with
    more than 500 people: a PME has fewer than 250), which would leave nothing to find."""
    low = query.headcount_min
    if low is None:
        return []
    return [c for c in query.categories if low > CATEGORY_MAX_HEADCOUNT.get(c, low)]


def _has(query: CompanyQuery, fields: tuple[str, ...]) -> bool:
    return any(getattr(query, field) not in (None, [], False) for field in fields)

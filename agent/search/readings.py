"""The search service: one request read as a company name and as filters, words that empty a
filtered search set aside, and what the rep should know said as notices.

    page = await find_companies(source, query)

- Name first. The parser puts a request's words in `query.name` when some of them also read
  as a sector ("Bénard Infogérance": a name, or the company Bénard in NAF 62.03Z). Companies
  whose name holds every one of those words (accents and case ignored, the last word possibly
  cut short) are listed first, at most `NAME_FIRST` of them, then the parsed reading's
  companies, those already listed left out; when both readings find companies, a
  `name_match` notice says so, so the rep (or the model) can ask which was meant.
- A leftover word never empties nor silently widens a filtered search. With filters, text no
  company holds together with them ("éditeurs" in "éditeurs SaaS à Grenoble", before that word
  was known) is dropped and a `dropped_words` notice names it; so is text whose words only
  some companies hold one by one (the store's any-word relaxation: "depuis janvier 2025" next
  to "SAS dans le 92" would list whatever holds "janvier"): the filters alone answer. Next to
  a place alone, words no company holds are what is wanted ("cybersecurity companies in
  Paris"): they stay and nothing matches, rather than every company of the place.
- Places the registry cannot filter on as typed (a business park, a foreign country) are
  made searchable or set aside first, and said (`agent.search.areas`).
- Headcounts are INSEE bands: a band reaching past the asked range is included, and a
  `band_straddles` notice says which (see `band_notices`).
Any `CompanySource` works underneath: each reading is one ordinary `CompanyQuery`.
"""

from __future__ import annotations

import re

from agent.search.areas import resolve_areas
from agent.search.notices import Notice
from agent.search.ports import CompanySource, SourcePage
from store.models import Company
from store.reference.headcount import BAND_BY_CODE, bands_between
from store.search.query import CompanyQuery
from store.text import fold

NAME_FIRST = 5  # companies of the name reading listed ahead of the parsed reading, at most
NAME_CANDIDATES = 50  # of which the closest names are kept: "Bénard Infogérance" itself first


async def find_companies(source: CompanySource, query: CompanyQuery) -> SourcePage:
    """One page of companies for `query`, read as described above."""
    if query.identifier():
        return await source.search(query)
    resolved, area_notices = resolve_areas(query)
    if resolved.is_empty and not query.is_empty:  # only a foreign place: not in the registry
        return SourcePage(source=source.name, total=0, notices=area_notices)
    query = resolved
    pinned: list[Company] = []
    named = 0
    parsed = query
    if query.name and (query.text or query.naf_codes or query.sections):
        by_name = await source.search(_name_reading(query))
        # A source that does not know `name` (the public API) answers something else: only
        # companies really so named are kept.
        so_named = [c for c in by_name.companies if is_named(c, query.name)]
        named = by_name.total if len(so_named) == len(by_name.companies) else len(so_named)
        pinned = closest_names(so_named, query.name)[:NAME_FIRST]
        parsed = query.model_copy(update={"name": None})
    page, dropped = await _parsed_reading(source, parsed, pinned)
    shown = {company.siren for company in pinned}
    companies = pinned[query.offset :] + [c for c in page.companies if c.siren not in shown]
    notices = [*area_notices, *page.notices]
    if pinned and page.total > 0:
        notices.append(_name_notice(query, pinned[0], named, page.total))
    elif dropped:
        notices.append(Notice(code="dropped_words", values={"words": dropped}))
    notices += band_notices(query)
    return page.model_copy(
        update={
            "total": len(pinned) + page.total,
            "companies": companies[: query.limit],
            "notices": notices,
        }
    )


def band_notices(query: CompanyQuery) -> list[Notice]:
    """One notice per INSEE band the headcount range takes in although more than one of its
    headcounts lies outside the range ("50 à 200" takes in 200–249). A band that misses by
    one is not mentioned: "plus de 100" (101 and up) keeps 100–199 without a word."""
    low, high = query.headcount_min, query.headcount_max
    if low is None and high is None:
        return []
    notices = []
    for code in bands_between(low, high):
        band = BAND_BY_CODE[code]
        below = max(0, (low or 0) - band.minimum)
        if high is None:
            above = 0
        elif band.maximum is None:
            above = 2  # open-ended band: far beyond any maximum
        else:
            above = max(0, band.maximum - high)
        if below + above > 1:
            values = {"band_min": band.minimum, "band_max": band.maximum}
            notices.append(
                Notice(
                    code="band_straddles", values={**values, "asked_min": low, "asked_max": high}
                )
            )
    return notices


def _name_reading(query: CompanyQuery) -> CompanyQuery:
    # The words are the name: what they also meant (sector, text) does not apply to it.
    update: dict[str, object] = {"text": None, "naf_codes": [], "sections": [], "sort": "relevance"}
    return query.model_copy(update={**update, "limit": NAME_CANDIDATES, "offset": 0})


def closest_names(companies: list[Company], name: str) -> list[Company]:
    """Companies by how closely their name (or acronym) is `name`: the same words, then
    starting with them, then holding them in a row, then the rest; the source's order next."""
    wanted = _words(name)

    def closeness(company: Company) -> int:
        best = 3
        for own in (company.name, company.acronym or ""):
            words = _words(own)
            if words == wanted:
                return 0
            if words[: len(wanted)] == wanted:
                best = min(best, 1)
            elif " ".join(wanted) in " ".join(words):
                best = min(best, 2)
        return best

    return sorted(companies, key=closeness)


def is_named(company: Company, name: str) -> bool:
    """Whether the company's name (or acronym) holds every word of `name`, the last one
    possibly cut short, accents and case ignored."""
    wanted = _words(name)
    if not wanted:
        return False
    *whole, last = wanted
    for own in (company.name, company.acronym or ""):
        words = _words(own)
        if all(word in words for word in whole) and any(w.startswith(last) for w in words):
            return True
    return False


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[^\w]+", fold(text).lower()) if word]


async def _parsed_reading(
    source: CompanySource, query: CompanyQuery, pinned: list[Company]
) -> tuple[SourcePage, list[str]]:
    """The filters' page after the pinned companies (and without them), and the words dropped
    to get it (none when the text was kept)."""
    before = max(0, len(pinned) - query.offset)  # pinned companies on this page
    page_query = query.model_copy(
        update={
            "exclude_sirens": [*query.exclude_sirens, *(c.siren for c in pinned)],
            "offset": max(0, query.offset - len(pinned)),
            "limit": max(1, query.limit - before),  # 1 at least: the total is still wanted
        }
    )
    page = await source.search(page_query)
    if (page.total > 0 and not page.relaxed) or not query.text or not query.has_filters:
        return page, []
    if page.total == 0 and not _says_what(query):
        # "cybersecurity companies in Paris": the words are what is wanted, the place only
        # where; dropping them would list every company there
        return page, []
    without_text = await source.search(page_query.model_copy(update={"text": None}))
    if without_text.total == 0:
        return page, []
    return without_text, query.text.split()


def _says_what(query: CompanyQuery) -> bool:
    """Whether a query's filters say what kind of company is wanted (a sector, a size, a legal
    form, an age), not only where."""
    return bool(
        query.naf_codes
        or query.sections
        or query.categories
        or query.legal_forms
        or query.headcount_min is not None
        or query.headcount_max is not None
        or query.created_after
        or query.created_before
    )


def _name_notice(query: CompanyQuery, first: Company, named: int, others: int) -> Notice:
    text_words = {fold(word).lower() for word in (query.text or "").split()}
    words = [word for word in (query.name or "").split() if fold(word).lower() not in text_words]
    values = {
        "name": first.name,
        "siren": first.siren,
        "named": named,
        "others": others,
        "words": words or (query.name or "").split(),
    }
    return Notice(code="name_match", values=values)

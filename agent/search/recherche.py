"""`CompanySource` adapter for the free public API Recherche d'entreprises (no key).

Requests go through an `OutsideApi` (agent/http): the API allows 7 requests/s per IP and
blocks IPs that keep exceeding it, so the factory gives it a rate limiter shared by every
Filon process on the machine; deadlines, retries and typed errors come from there too.
Each page is checked against `recherche_document` before it is read, and a result whose
SIREN fails its check digit is dropped (never shown, never cached) with a notice.
How queries are mapped: `agent.search.recherche_query`; results: `agent.search.recherche_results`.
"""

from __future__ import annotations

from agent.http import OutsideApi
from agent.search.notices import Notice
from agent.search.ports import SourcePage
from agent.search.recherche_document import SearchDocument
from agent.search.recherche_query import ApiQuery, to_api_query
from agent.search.recherche_results import company_from_result, officers_from_result
from store.identifiers import is_valid_siren
from store.models import Company, Contact
from store.models._time import utcnow
from store.search.query import CompanyQuery

VENDOR = "recherche"
RATE_LIMIT = 7  # requests per second and per IP, as the API documents it
PER_PAGE_MAX = 25
RESULT_WINDOW = 10_000  # the API serves page * per_page <= 10 000
MAX_CHECKED_PAGES = 8  # pages fetched at most when results are filtered client-side


class RechercheEntreprisesSource:
    """Company search on recherche-entreprises.api.gouv.fr (`GET /search`)."""

    name = "api"

    def __init__(self, api: OutsideApi, *, base_url: str) -> None:
        self.api = api
        self.url = base_url.rstrip("/") + "/search"

    async def search(self, query: CompanyQuery) -> SourcePage:
        """Fetch the page(s) covering `query.offset` .. `query.offset + query.limit`."""
        if query.uses_signals:  # the API knows no signal: say so rather than ignore the filter
            return SourcePage(source=self.name, total=0, notices=[Notice(code="signals_local")])
        api = to_api_query(query)
        if api.impossible:
            return SourcePage(source=self.name, total=0)
        return await self._collect(api, query)

    async def _collect(self, api: ApiQuery, query: CompanyQuery) -> SourcePage:
        checked = bool(api.checks)
        if checked:  # which results pass is known only after fetching: walk from the start
            per_page, page, skip = PER_PAGE_MAX, 1, query.offset
        else:
            fits = query.limit <= PER_PAGE_MAX and query.offset % query.limit == 0
            per_page = query.limit if fits else PER_PAGE_MAX
            page, skip = query.offset // per_page + 1, query.offset % per_page
        companies: list[Company] = []
        officers: dict[str, list[Contact]] = {}
        today = utcnow().date()
        total = matched = fetched = dropped = 0
        exhausted = False
        while len(companies) < query.limit and page * per_page <= RESULT_WINDOW:
            document = await self.api.get_json(
                self.url,
                params={**api.params, "page": str(page), "per_page": str(per_page)},
                model=SearchDocument,
            )
            fetched += 1
            total = document.total_results
            for result in document.results:
                if not is_valid_siren(result.siren):
                    dropped += 1  # a SIREN that fails its check digit identifies nothing
                    continue
                item = result.as_dict()
                company = company_from_result(item)
                if not api.keeps(company):
                    continue
                matched += 1
                if skip:
                    skip -= 1
                    continue
                if len(companies) < query.limit:
                    companies.append(company)
                    officers[company.siren] = officers_from_result(company, item, today=today)
            exhausted = len(document.results) < per_page or page >= (document.total_pages or 0)
            if exhausted or (checked and fetched >= MAX_CHECKED_PAGES):
                break
            page += 1
        # Filtered here and walked to the end: the count is exact. Otherwise the API's, less
        # what was dropped on the pages seen.
        total = matched if checked and exhausted else max(total - dropped, 0)
        return SourcePage(
            source=self.name,
            total=total,
            companies=companies,
            officers=officers,
            total_is_estimate=checked and not exhausted,
            notices=[Notice(code="invalid_sirens", values={"count": dropped})] if dropped else [],
        )

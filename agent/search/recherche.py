"""`CompanySource` adapter for the free public API Recherche d'entreprises (no key).

Every request waits on a shared `Throttle` (the API allows 7 requests/s per IP and blocks
IPs that keep exceeding it). Network errors, timeouts and 5xx are retried with exponential
backoff, then raise `SourceUnavailable`; 429 waits for `Retry-After` (bounded) and retries,
then raises `SourceRateLimited`; other 4xx raise `SourceRejected` with the API's message.
How queries are mapped: `agent.search.recherche_query`; results: `agent.search.recherche_results`.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from agent.http import USER_AGENT
from agent.search.errors import SourceRateLimited, SourceRejected, SourceUnavailable
from agent.search.ports import SourcePage
from agent.search.recherche_query import ApiQuery, to_api_query
from agent.search.recherche_results import company_from_result, officers_from_result
from agent.search.throttle import Throttle
from store.models import Company, Contact
from store.models._time import utcnow
from store.search.query import CompanyQuery

PER_PAGE_MAX = 25
RESULT_WINDOW = 10_000  # the API serves page * per_page <= 10 000
MAX_CHECKED_PAGES = 8  # pages fetched at most when results are filtered client-side
DEFAULT_RETRY_AFTER = 1.0
OFFLINE_HINT = "check the network, or set FILON_COMPANY_SOURCE=local to search the local store only"


class RechercheEntreprisesSource:
    """Company search on recherche-entreprises.api.gouv.fr (`GET /search`)."""

    name = "api"

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        throttle: Throttle,
        timeout: float | None = None,
        retries: int = 2,
        backoff: float = 0.5,
        rate_limit_retries: int = 2,
        max_retry_after: float = 30.0,
    ) -> None:
        self.client = client
        self.url = base_url.rstrip("/") + "/search"
        self.throttle = throttle
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.rate_limit_retries = rate_limit_retries
        self.max_retry_after = max_retry_after

    async def search(self, query: CompanyQuery) -> SourcePage:
        """Fetch the page(s) covering `query.offset` .. `query.offset + query.limit`."""
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
        total = matched = fetched = 0
        exhausted = False
        while len(companies) < query.limit and page * per_page <= RESULT_WINDOW:
            body = await self._get({**api.params, "page": str(page), "per_page": str(per_page)})
            fetched += 1
            results = [item for item in body.get("results") or [] if isinstance(item, dict)]
            total = int(body.get("total_results") or 0)
            for item in results:
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
            exhausted = len(results) < per_page or page >= int(body.get("total_pages") or 0)
            if exhausted or (checked and fetched >= MAX_CHECKED_PAGES):
                break
            page += 1
        if checked and exhausted:
            total = matched
        return SourcePage(
            source=self.name,
            total=total,
            companies=companies,
            officers=officers,
            total_is_estimate=checked and not exhausted,
        )

    async def _get(self, params: dict[str, str]) -> dict[str, Any]:
        """One GET /search, retried as the API's contract allows."""
        failures = limited = 0
        while True:
            await self.throttle.acquire()
            try:
                response = await self.client.get(
                    self.url,
                    params=params,
                    headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                    timeout=self.timeout if self.timeout is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TimeoutException:
                problem = "it did not answer in time (slow or no network?)"
            except httpx.ConnectError as error:
                # No route or no name resolution: retrying only makes an offline user wait.
                raise SourceUnavailable(
                    f"the public company API is unavailable: it cannot be reached (no network?): "
                    f"{type(error).__name__}; {OFFLINE_HINT}"
                ) from error
            except httpx.RequestError as error:
                problem = f"it cannot be reached (no network?): {type(error).__name__}"
            else:
                status = response.status_code
                if status == 429:
                    limited += 1
                    wait = _retry_after(response)
                    if limited > self.rate_limit_retries or wait > self.max_retry_after:
                        raise SourceRateLimited(
                            "the public company API is rate-limiting Filon: wait a minute and "
                            "search again",
                            retry_after=wait,
                        )
                    await self.throttle.sleep(wait)
                    continue
                if status >= 500:
                    problem = f"it answered HTTP {status} ({_api_message(response)})"
                elif status >= 400:
                    raise SourceRejected(
                        f"the public company API refused the search: {_api_message(response)}",
                        status_code=status,
                    )
                else:
                    return _json(response)
            failures += 1
            if failures > self.retries:
                raise SourceUnavailable(
                    f"the public company API is unavailable: {problem}; {OFFLINE_HINT}"
                )
            await self.throttle.sleep(self.backoff * 2 ** (failures - 1))


def _retry_after(response: httpx.Response) -> float:
    """Seconds to wait from `Retry-After` (seconds or an HTTP date), else a default."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def _api_message(response: httpx.Response) -> str:
    """The API's `{"erreur": ...}` message, or the start of the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or f"HTTP {response.status_code}"
    if isinstance(body, dict) and body.get("erreur"):
        return str(body["erreur"])
    return str(body)[:200]


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as error:
        raise SourceUnavailable(
            f"the public company API answered something that is not JSON; {OFFLINE_HINT}"
        ) from error
    if not isinstance(body, dict):
        raise SourceUnavailable(
            f"the public company API answered an unexpected document; {OFFLINE_HINT}"
        )
    return body

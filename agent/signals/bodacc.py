"""`SignalSource` adapter for the BODACC legal notices (DILA's Opendatasoft portal, no key).

    GET {base}/catalog/datasets/annonces-commerciales/records
        ?where=<ODSQL>&order_by=dateparution, id&limit=100&offset=0
      → {"total_count": 1234, "results": [<notice>, …]}          (400 with an ODS error body
        {"error_code": "InvalidRESTParameterError", "message": …} when offset + limit > 10 000)

Companies are asked by SIREN, 20 to a request (`registre like "833310592" OR …`: the field
holds each SIREN with and without spaces, the compact one is matched), a department by
`numerodepartement="69"`, both within `dateparution` bounds. Pages are walked by `offset`
in a stable order. The API serves no more than the first 10 000 records of a query: a
period matching more is halved, recursively, until each part fits; a single day that still
has more is read up to the limit and the batch says `truncated`.
Requests go through `OutsideApi` (retries, `Retry-After`, typed errors); each page is checked
against `RecordsPage` (anything else is `ApiMalformed`); notices are read by
`agent.signals.bodacc_notices`, where one that cannot be is skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from agent.http import OutsideApi
from agent.signals.bodacc_notices import SOURCE, read_notice
from agent.signals.bodacc_records import RecordsPage
from agent.signals.ports import FoundSignal, SourceBatch
from store.identifiers import compact

RECORDS_PATH = "/catalog/datasets/annonces-commerciales/records"
PAGE_SIZE = 100  # the largest `limit` the API accepts
RESULT_WINDOW = 10_000  # the API refuses offset + limit above this
SIRENS_PER_REQUEST = 20  # keeps the `where` clause around 600 characters
# The open data starts in 2008. Only used to halve a period without a start: the first part
# keeps no lower bound, so nothing older is lost if that is wrong.
EARLIEST = date(2008, 1, 1)
ORDER = "dateparution, id"  # the day, then the notice: a stable order for paging
_DEPARTMENT = re.compile(r"\d{2,3}|2[AB]")


@dataclass
class _Period:
    """Publication days asked for; an open end (None) is not written into the query."""

    start: date | None
    end: date | None

    def clauses(self) -> list[str]:
        bounds = [(">=", self.start), ("<=", self.end)]
        return [f"dateparution{op}date'{day.isoformat()}'" for op, day in bounds if day]

    def halves(self, today: date) -> tuple[_Period, _Period] | None:
        """The two halves of the period, None when it is a single day."""
        first, last = self.start or EARLIEST, self.end or today
        if first >= last:
            return None
        middle = first + (last - first) // 2
        return _Period(self.start, middle), _Period(middle + timedelta(days=1), self.end)


@dataclass
class _Collected:
    signals: dict[str, FoundSignal] = field(default_factory=dict)
    skipped: int = 0
    truncated: bool = False

    def batch(self) -> SourceBatch:
        return SourceBatch(list(self.signals.values()), self.skipped, self.truncated)


class BodaccSource:
    """Legal notices from the BODACC open data (`annonces-commerciales` on Opendatasoft)."""

    name = SOURCE

    def __init__(
        self,
        api: OutsideApi,
        *,
        base_url: str,
        page_size: int = PAGE_SIZE,
        max_window: int = RESULT_WINDOW,
        sirens_per_request: int = SIRENS_PER_REQUEST,
        today: Callable[[], date] = date.today,
    ) -> None:
        if not 0 < page_size <= max_window or sirens_per_request < 1:
            raise ValueError(f"bad paging: {page_size=} {max_window=} {sirens_per_request=}")
        self.api = api
        self.url = base_url.rstrip("/") + RECORDS_PATH
        self.page_size = page_size
        self.max_window = max_window
        self.sirens_per_request = sirens_per_request
        self.today = today

    async def for_companies(self, sirens: Sequence[str], *, since: date | None) -> SourceBatch:
        """The notices naming these companies, published since that day (all when None)."""
        wanted = list(dict.fromkeys(compact(siren) for siren in sirens))
        if bad := [siren for siren in wanted if not (len(siren) == 9 and siren.isdigit())]:
            raise ValueError(f"not SIRENs: {bad}")
        collected = _Collected()
        for first in range(0, len(wanted), self.sirens_per_request):
            group = wanted[first : first + self.sirens_per_request]
            match = " OR ".join(f'registre like "{siren}"' for siren in group)
            await self._collect(f"({match})", _Period(since, None), collected, frozenset(group))
        return collected.batch()

    async def for_department(
        self, department: str, *, since: date, until: date | None = None
    ) -> SourceBatch:
        """The notices of companies of a department, published between the two days."""
        code = department.strip().upper()
        if not _DEPARTMENT.fullmatch(code):
            raise ValueError(f"not a department code: {department!r}")
        if until is not None and until < since:
            raise ValueError(f"the period ends ({until}) before it starts ({since})")
        collected = _Collected()
        await self._collect(f'numerodepartement="{code}"', _Period(since, until), collected)
        return collected.batch()

    async def _collect(
        self,
        match: str,
        period: _Period,
        collected: _Collected,
        wanted: frozenset[str] = frozenset(),
    ) -> None:
        """Every notice of `match` in `period`, halving the period while it holds more than
        the API serves."""
        where = " AND ".join([match, *period.clauses()])
        page = await self._page(where, offset=0)
        if page.total_count > self.max_window:
            halves = period.halves(self.today())
            if halves:
                for half in halves:
                    await self._collect(match, half, collected, wanted)
                return
            collected.truncated = True  # one day with more than the API serves
        offset = 0
        while True:
            for notice in page.results:
                signal = read_notice(notice, wanted)
                if signal is None:
                    collected.skipped += 1
                elif signal.external_id:  # a notice in two SIREN groups is one signal
                    collected.signals.setdefault(signal.external_id, signal)
            offset += len(page.results)
            end = min(page.total_count, self.max_window)
            if not page.results or offset >= end:
                return
            page = await self._page(where, offset=offset)

    async def _page(self, where: str, *, offset: int) -> RecordsPage:
        limit = min(self.page_size, self.max_window - offset)
        params: dict[str, str | int] = {
            "where": where,
            "order_by": ORDER,
            "limit": limit,
            "offset": offset,
        }
        return await self.api.get_json(self.url, params=params, model=RecordsPage)

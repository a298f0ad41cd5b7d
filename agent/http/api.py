"""`OutsideApi`: one vendor's requests with a deadline, retries, its rate limit and circuit
breaker, and typed errors; what every adapter of an outside API (company search, enrichment,
BODACC, CRMs) sends its requests through.

    api = OutsideApi("recherche", client, limiter=limiter, policy=RetryPolicy.for_timeout(10))
    page = await api.get_json(url, params={"q": "ondilab"}, model=SearchPage)

What happens to one request:
- every attempt goes out inside a slot of the vendor's rate limiter;
- each attempt has a deadline from connection to last byte (`policy.timeout`), and the whole
  request, attempts and waits, a budget (`policy.budget`);
- network errors, timeouts and 5xx are tried again with exponential backoff (a 503's
  `Retry-After` is honoured), then raise `ApiUnavailable`; a refused connection raises it
  at once (offline: retrying only makes the user wait);
- a create (`idempotent=False`) is not sent again after a timeout, a 5xx or a broken
  connection: the vendor may have applied it, and only the caller can look it up;
- 429 waits for `Retry-After` (seconds or an HTTP date, bounded; without it, what the vendor's
  rate-limit headers say when the adapter gives `rate_limit_wait`) and tries again, then
  raises `ApiRateLimited`; other 4xx raise `ApiRejected` with the vendor's message;
- `get_json` checks the body against a pydantic model: anything else is `ApiMalformed`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar, overload

import httpx
from pydantic import BaseModel

from agent.http.bodies import read_json, vendor_code, vendor_message
from agent.http.breaker import CircuitBreaker
from agent.http.client import USER_AGENT
from agent.http.errors import (
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    OutsideApiError,
)
from agent.http.ratelimit import NoLimit, RateLimiter
from agent.http.retry import RetryPolicy, retry_after

Model = TypeVar("Model", bound=BaseModel)
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
Params = Mapping[str, str | int | float | bool | None]
RateLimitWait = Callable[[httpx.Response], float | None]


class OutsideApi:
    """One vendor's HTTP API as Filon uses it: `request`, or `get_json` with a model."""

    def __init__(
        self,
        vendor: str,
        client: httpx.AsyncClient,
        *,
        limiter: RateLimiter | None = None,
        breaker: CircuitBreaker | None = None,
        policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        rate_limit_wait: RateLimitWait | None = None,
    ) -> None:
        self.vendor = vendor
        # How long a 429 without Retry-After asks to wait, read from the vendor's own
        # rate-limit headers (HubSpot's interval, Pipedrive's reset); None: the policy's default.
        self.rate_limit_wait = rate_limit_wait
        self.client = client
        self.limiter: RateLimiter = limiter or NoLimit()
        self.breaker = breaker or CircuitBreaker(vendor, clock=clock)
        self.policy = policy or RetryPolicy()
        # Every request says who sends it, even through a client built without defaults.
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
        self.clock = clock
        self.sleep = sleep

    @overload
    async def get_json(
        self, url: str, *, params: Params | None = ..., headers: Mapping[str, str] | None = ...
    ) -> Any: ...

    @overload
    async def get_json(
        self,
        url: str,
        *,
        params: Params | None = ...,
        headers: Mapping[str, str] | None = ...,
        model: type[Model],
    ) -> Model: ...

    async def get_json(
        self,
        url: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        model: type[BaseModel] | None = None,
    ) -> Any:
        """GET `url` and return its JSON body, checked against `model` when one is given."""
        response = await self.request("GET", url, params=params, headers=headers)
        return self.read_json(response, model)

    def read_json(self, response: httpx.Response, model: type[BaseModel] | None = None) -> Any:
        """The body of `response` as JSON (an instance of `model` when given), or `ApiMalformed`."""
        return read_json(self.vendor, response, model)

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        """Send one request as the policy says; a 2xx/3xx response, or a typed error. The
        body is `json`, or `data` as a form (an OAuth token endpoint).

        `idempotent=False` (a create) is never sent twice after a timeout, a 5xx or a broken
        connection — the vendor may have applied it: the caller looks before trying again.
        A 429 is still waited out and sent again (a refused request was not applied)."""
        self.breaker.allow()
        succeeded: bool | None = None
        try:
            response = await self._send(
                method,
                url,
                idempotent,
                params=params,
                json=json,
                data=data,
                headers={**self.headers, **(headers or {})},
            )
            succeeded = True
            return response
        except ApiUnavailable:
            succeeded = False
            raise
        except OutsideApiError:
            succeeded = True  # the vendor answered: it is up, whatever it said
            raise
        finally:
            self.breaker.settle(succeeded)

    async def _send(
        self, method: str, url: str, idempotent: bool, **options: Any
    ) -> httpx.Response:
        policy = self.policy
        deadline: float | None = None  # set when the first attempt goes: queueing is not failing
        failures = limited = 0
        while True:
            async with self.limiter.slot():
                if deadline is None:
                    deadline = self.clock() + policy.budget
                attempt = min(policy.timeout, deadline - self.clock())
                response: httpx.Response | None = None
                try:
                    if attempt <= 0:  # waiting for the rate limit took what the budget had left
                        raise TimeoutError
                    async with asyncio.timeout(attempt):
                        response = await self.client.request(method, url, **options)
                except (TimeoutError, httpx.TimeoutException):
                    problem = ApiUnavailable(
                        self.vendor,
                        "timeout",
                        f"no complete answer within {max(attempt, 0):g} s",
                        seconds=max(attempt, 0),
                    )
                except httpx.ConnectError as error:
                    # No route or no name resolution: retrying only makes an offline user wait.
                    raise ApiUnavailable(
                        self.vendor, "offline", f"cannot connect (no network?): {error}"
                    ) from error
                except httpx.RequestError as error:
                    problem = ApiUnavailable(self.vendor, "network", type(error).__name__)
            wait: float | None = None
            if response is not None:
                status = response.status_code
                if status < 400:
                    return response
                if status == 429:
                    limited += 1
                    asked = retry_after(response)
                    if asked is None and self.rate_limit_wait is not None:
                        asked = self.rate_limit_wait(response)
                    wait = policy.default_retry_after if asked is None else asked
                    if (
                        limited > policy.rate_limit_retries
                        or wait > policy.max_retry_after
                        or self.clock() + wait >= deadline
                    ):
                        raise ApiRateLimited(
                            self.vendor, retry_after=asked, message=vendor_message(response)
                        )
                    await self.sleep(wait)
                    continue
                if status < 500:
                    raise ApiRejected(
                        self.vendor,
                        status_code=status,
                        message=vendor_message(response),
                        code=vendor_code(response),
                    )
                problem = ApiUnavailable(
                    self.vendor,
                    "server",
                    f"HTTP {status} ({vendor_message(response)})",
                    status_code=status,
                )
                wait = retry_after(response)
            failures += 1
            if not idempotent:
                raise problem
            if wait is None or wait > policy.max_retry_after:
                wait = policy.backoff_after(failures)
            if failures > policy.retries or self.clock() + wait >= deadline:
                raise problem
            await self.sleep(wait)

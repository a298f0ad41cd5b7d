"""`OutsideApi`: one vendor's requests with a deadline, retries, its rate limit and circuit
breaker, and typed errors; what every adapter of an outside API (company search, enrichment,
BODACC, CRMs) sends its requests through.

    api = OutsideApi("recherche", client, limiter=limiter, policy=RetryPolicy.for_timeout(10))
    page = await api.get_json(url, params={"q": "ondilab"}, model=SearchPage)

What happens to one request:
- it waits on the vendor's rate limiter (every attempt does);
- each attempt has a deadline from connection to last byte (`policy.timeout`), and the whole
  request, attempts and waits, a budget (`policy.budget`);
- network errors, timeouts and 5xx are tried again with exponential backoff (a 503's
  `Retry-After` is honoured), then raise `ApiUnavailable`; a refused connection raises it
  at once (offline: retrying only makes the user wait);
- 429 waits for `Retry-After` (seconds or an HTTP date, bounded) and tries again, then
  raises `ApiRateLimited`; other 4xx raise `ApiRejected` with the vendor's message;
- `get_json` checks the body against a pydantic model: anything else is `ApiMalformed`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar, overload

import httpx
from pydantic import BaseModel, ValidationError

from agent.http.breaker import CircuitBreaker
from agent.http.client import USER_AGENT
from agent.http.errors import (
    ApiMalformed,
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
    ) -> None:
        self.vendor = vendor
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
        if model is None:
            try:
                return response.json()
            except ValueError as error:
                raise ApiMalformed(self.vendor, f"not JSON ({_start(response)})") from error
        try:
            return model.model_validate_json(response.content)
        except ValidationError as error:
            raise _malformed(self.vendor, error, response) from None

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request as the policy says; a 2xx/3xx response, or a typed error."""
        self.breaker.allow()
        succeeded: bool | None = None
        try:
            response = await self._send(
                method, url, params=params, json=json, headers={**self.headers, **(headers or {})}
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

    async def _send(self, method: str, url: str, **options: Any) -> httpx.Response:
        policy = self.policy
        await self.limiter.acquire()
        deadline = self.clock() + policy.budget
        failures = limited = 0
        while True:
            attempt = min(policy.timeout, deadline - self.clock())
            if attempt <= 0:  # the rate limiter took what was left of the budget
                raise ApiUnavailable(
                    self.vendor,
                    "timeout",
                    f"no answer within the {policy.budget:g} s budget",
                    seconds=policy.budget,
                )
            wait: float | None = None
            try:
                async with asyncio.timeout(attempt):
                    response = await self.client.request(method, url, **options)
            except (TimeoutError, httpx.TimeoutException):
                problem = ApiUnavailable(
                    self.vendor,
                    "timeout",
                    f"no complete answer within {attempt:g} s",
                    seconds=attempt,
                )
            except httpx.ConnectError as error:
                raise ApiUnavailable(
                    self.vendor, "offline", f"cannot connect (no network?): {error}"
                ) from error
            except httpx.RequestError as error:
                problem = ApiUnavailable(self.vendor, "network", type(error).__name__)
            else:
                status = response.status_code
                if status == 429:
                    limited += 1
                    asked = retry_after(response)
                    wait = policy.default_retry_after if asked is None else asked
                    if (
                        limited > policy.rate_limit_retries
                        or wait > policy.max_retry_after
                        or self.clock() + wait >= deadline
                    ):
                        raise ApiRateLimited(self.vendor, retry_after=asked)
                    await self.sleep(wait)
                    await self.limiter.acquire()
                    continue
                if status < 400:
                    return response
                if status < 500:
                    raise ApiRejected(
                        self.vendor, status_code=status, message=vendor_message(response)
                    )
                problem = ApiUnavailable(
                    self.vendor,
                    "server",
                    f"HTTP {status} ({vendor_message(response)})",
                    status_code=status,
                )
                wait = retry_after(response)
            failures += 1
            if wait is None or wait > policy.max_retry_after:
                wait = policy.backoff_after(failures)
            if failures > policy.retries or self.clock() + wait >= deadline:
                raise problem
            await self.sleep(wait)
            await self.limiter.acquire()


def vendor_message(response: httpx.Response) -> str:
    """The vendor's own reason for an error, on one line: the usual JSON keys, else the body."""
    try:
        body = response.json()
    except ValueError:
        return _start(response)
    if isinstance(body, dict):
        for key in ("erreur", "message", "error", "detail", "error_description"):
            value = body.get(key)
            if isinstance(value, dict):
                value = value.get("message")
            if isinstance(value, str) and value.strip():
                return _one_line(value)
    return _one_line(str(body))


def _start(response: httpx.Response) -> str:
    return _one_line(response.text) or f"HTTP {response.status_code}, empty body"


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _malformed(vendor: str, error: ValidationError, response: httpx.Response) -> ApiMalformed:
    first = error.errors()[0]
    if first["type"] == "json_invalid":
        return ApiMalformed(vendor, f"not JSON ({_start(response)})")
    field = ".".join(str(part) for part in first["loc"])
    if not field:
        return ApiMalformed(vendor, f"not the expected document: {first['msg']}")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return ApiMalformed(vendor, f"{field}: {first['msg']}{more}", field=field)

"""A Salesforce org's REST API as the adapter speaks to it: an OAuth session and its errors.

    POST {login_url}/services/oauth2/token        (form: grant_type=client_credentials,
                                                  client_id, client_secret)
      → {"access_token", "instance_url", "token_type": "Bearer", "issued_at", …}
      ✗ 400 {"error": "invalid_client", "error_description": "invalid client credentials"}
    {instance_url}/services/data/{version}/…      (header Authorization: Bearer <token>)
      ✗ 4xx [{"message", "errorCode", "fields"}, …]

The token is asked for once and kept; a 401 INVALID_SESSION_ID (it expired, or an admin
revoked it) asks for a new one and sends the request again, once. Salesforce refuses with an
array of errors: `vendor_message` reads only JSON objects, so it hands it over flattened
(`str()` of the list); `SalesforceRejected` reads the codes and messages back from that
text, so that the dead letters say `REQUIRED_FIELD_MISSING: Required fields are missing:
[LastName]`. A 403 REQUEST_LIMIT_EXCEEDED is the org's API allowance spent (its rolling 24 h
limit, or too many long requests at once): it is `ApiRateLimited`, tried again later.

The token request is the one request not sent by `OutsideApi.request`, which sends JSON
bodies only while the OAuth endpoint takes a form: it goes out once, through the same client,
inside the vendor's rate limiter, circuit breaker and attempt deadline, and fails with the
same typed errors. Creates that are not idempotent (a Note) go through a twin of the given
`OutsideApi` that does not try a 5xx or a timeout again (`retry=False`): the org may have
written what it did not answer, and the next attempt, in doubt, looks for it instead.
"""

from __future__ import annotations

import ast
import asyncio
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field

from agent.http import (
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    OutsideApi,
    read_json,
    retry_after,
    vendor_message,
)
from agent.http.api import Params

VENDOR = "salesforce"
# Error codes the adapter acts on.
EXPIRED = "INVALID_SESSION_ID"
LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED"
DUPLICATE_VALUE = "DUPLICATE_VALUE"
_VERSION = re.compile(r"v\d+\.\d")
_CODE = re.compile(r"""['"]errorCode['"]: ['"]([A-Z_]+)['"]""")
_MESSAGE = re.compile(r"""['"]message['"]: (['"])(.*?)(?:\1(?=[,}])|(…)$)""")


class TokenAnswer(BaseModel):
    """The token endpoint's answer (client-credentials flow); other keys are ignored."""

    access_token: str = Field(min_length=1)
    instance_url: str = Field(pattern=r"^https?://[^/\s]+/?$")
    token_type: Literal["Bearer"] = "Bearer"
    issued_at: str | None = None


class SalesforceRejected(ApiRejected):
    """Salesforce refused a request: `error_code` is its first `errorCode` (None when the
    body had none), `message` its errors as `CODE: message; …`."""

    def __init__(self, *, status_code: int, message: str, error_code: str | None) -> None:
        super().__init__(VENDOR, status_code=status_code, message=message)
        self.error_code = error_code

    @classmethod
    def read(cls, error: ApiRejected) -> SalesforceRejected:
        """The codes and messages of a refusal, from the flattened error array."""
        if isinstance(error, SalesforceRejected):
            return error
        code, message = _read_errors(error.message)
        return cls(status_code=error.status_code, message=message, error_code=code)


@dataclass(frozen=True)
class _Session:
    """One access token and where the org's REST API is for it."""

    token: str
    base: str  # {instance_url}/services/data/{version}

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class SalesforceSession:
    """Requests to one org's REST API with a kept, renewed OAuth token."""

    def __init__(
        self,
        api: OutsideApi,
        *,
        client_id: str,
        client_secret: str,
        login_url: str,
        api_version: str,
    ) -> None:
        if not _VERSION.fullmatch(api_version):
            raise ValueError(f"not a Salesforce API version (v61.0): {api_version!r}")
        self.api = api
        self.version = api_version
        self.token_url = login_url.rstrip("/") + "/services/oauth2/token"
        self._form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        # The same vendor, limiter, breaker and clock, without retries of 5xx and timeouts.
        self._once = OutsideApi(
            api.vendor,
            api.client,
            limiter=api.limiter,
            breaker=api.breaker,
            policy=replace(api.policy, retries=0),
            headers=api.headers,
            clock=api.clock,
            sleep=api.sleep,
        )
        self._current: _Session | None = None
        self._lock = asyncio.Lock()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        retry: bool = True,
    ) -> httpx.Response:
        """Send `method {base}/{path}` with the token, renewed once if it expired; a 2xx or
        3xx response, or a typed error (`SalesforceRejected` for a refusal)."""
        session = await self._session()
        try:
            return await self._send(session, method, path, params, json, retry)
        except SalesforceRejected as error:
            if error.status_code != 401 or error.error_code != EXPIRED:
                raise
        session = await self._session(stale=session)
        return await self._send(session, method, path, params, json, retry)

    async def _send(
        self,
        session: _Session,
        method: str,
        path: str,
        params: Params | None,
        json: Any,
        retry: bool,
    ) -> httpx.Response:
        api = self.api if retry else self._once
        url = f"{session.base}/{path}"
        try:
            return await api.request(method, url, params=params, json=json, headers=session.headers)
        except ApiRejected as error:
            refusal = SalesforceRejected.read(error)
            if refusal.status_code == 403 and refusal.error_code == LIMIT_EXCEEDED:
                raise ApiRateLimited(VENDOR, message=refusal.message) from error
            raise refusal from error

    async def _session(self, *, stale: _Session | None = None) -> _Session:
        """The kept session, or a new one when there is none or it is `stale` (requests that
        found the same token expired ask for one new token, not one each)."""
        async with self._lock:
            if self._current is None or self._current is stale:
                answer = await self._log_in()
                base = f"{answer.instance_url.rstrip('/')}/services/data/{self.version}"
                self._current = _Session(answer.access_token, base)
            return self._current

    async def _log_in(self) -> TokenAnswer:
        """A new access token (the form body is why this does not use `OutsideApi.request`)."""
        api = self.api
        api.breaker.allow()
        succeeded: bool | None = None
        try:
            async with api.limiter.slot():
                response = await self._post_form()
            succeeded = response.status_code < 500  # a refusal: the org is up, whatever it said
        except ApiUnavailable:
            succeeded = False
            raise
        finally:
            api.breaker.settle(succeeded)
        status = response.status_code
        if status == 429:
            raise ApiRateLimited(
                VENDOR, retry_after=retry_after(response), message=vendor_message(response)
            )
        if status >= 500:
            detail = f"HTTP {status} ({vendor_message(response)})"
            raise ApiUnavailable(VENDOR, "server", detail, status_code=status)
        if status >= 400:
            raise ApiRejected(VENDOR, status_code=status, message=_oauth_message(response))
        answer: TokenAnswer = read_json(VENDOR, response, TokenAnswer)
        return answer

    async def _post_form(self) -> httpx.Response:
        timeout = self.api.policy.timeout
        try:
            async with asyncio.timeout(timeout):
                return await self.api.client.post(
                    self.token_url, data=self._form, headers=self.api.headers
                )
        except (TimeoutError, httpx.TimeoutException) as error:
            detail = f"no token within {timeout:g} s"
            raise ApiUnavailable(VENDOR, "timeout", detail, seconds=timeout) from error
        except httpx.ConnectError as error:
            detail = f"cannot connect (no network?): {error}"
            raise ApiUnavailable(VENDOR, "offline", detail) from error
        except httpx.RequestError as error:
            raise ApiUnavailable(VENDOR, "network", type(error).__name__) from error


def _oauth_message(response: httpx.Response) -> str:
    """An OAuth refusal as `error: error_description` (`vendor_message` would say only the
    code, `invalid_client`, which does not tell a bad secret from a disabled app)."""
    try:
        body = response.json()
    except ValueError:
        return vendor_message(response)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        if isinstance(description, str) and description.strip():
            return f"{body['error']}: {' '.join(description.split())}"
    return vendor_message(response)


def _read_errors(flattened: str) -> tuple[str | None, str]:
    """(first errorCode, "CODE: message; …") from `str()` of Salesforce's error array, as
    `vendor_message` gives it. When that text was cut at its length limit, the first error's
    code and message as far as they go; any other text is kept as it is."""
    try:
        errors = ast.literal_eval(flattened)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _read_cut(flattened)
    if not isinstance(errors, list) or not errors:
        return None, flattened
    codes: list[str] = []
    parts: list[str] = []
    for error in errors:
        if not isinstance(error, dict):
            return None, flattened
        code, message = error.get("errorCode"), error.get("message")
        if isinstance(code, str):
            codes.append(code)
        parts.append(": ".join(str(part) for part in (code, message) if part))
    return (codes[0] if codes else None), "; ".join(part for part in parts if part) or flattened


def _read_cut(flattened: str) -> tuple[str | None, str]:
    """The first error of an array whose text was cut (Salesforce writes `message` first,
    so a long validation message may leave no `errorCode`)."""
    code = _CODE.search(flattened)
    said = _MESSAGE.search(flattened)
    if said is None:
        return (code.group(1) if code else None), flattened
    message = said.group(2) + ("…" if said.group(3) else "")
    return (code.group(1), f"{code.group(1)}: {message}") if code else (None, message)

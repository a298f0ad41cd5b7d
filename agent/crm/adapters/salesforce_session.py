"""A Salesforce org's REST API as the adapter speaks to it: an OAuth session and its errors.

    POST {login_url}/services/oauth2/token        (form: grant_type=client_credentials,
                                                  client_id, client_secret)
      → {"access_token", "instance_url", "token_type": "Bearer", "issued_at", …}
      ✗ 400 {"error": "invalid_client", "error_description": "invalid client credentials"}
    {instance_url}/services/data/{version}/…      (header Authorization: Bearer <token>)
      ✗ 4xx [{"message", "errorCode", "fields"}, …]

The token is asked for once and kept; a 401 INVALID_SESSION_ID (it expired, or an admin
revoked it) asks for a new one and sends the request again, once. Requests that find the same
token expired at once ask for one new token, not one each. Refusals are `SalesforceRejected`,
whose `error_code` is the first `errorCode` and whose message reads
`REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]` (what the shared layer makes
of Salesforce's error arrays). A 403 REQUEST_LIMIT_EXCEEDED is the org's API allowance spent
(its rolling 24 h limit, or too many long requests at once): it is `ApiRateLimited`, tried
again later. Every request, the token's too, goes through the given `OutsideApi`; creates that
are not idempotent (a Note) are sent with `retry=False`: the org may have written what it did
not answer, and the next attempt, in doubt, looks for it instead of writing it twice.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field

from agent.http import (
    ApiRateLimited,
    ApiRejected,
    OutsideApi,
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
        super().__init__(VENDOR, status_code=status_code, message=message, code=error_code)
        self.error_code = error_code

    @classmethod
    def read(cls, error: ApiRejected) -> SalesforceRejected:
        """The refusal the shared layer read, with its code."""
        if isinstance(error, SalesforceRejected):
            return error
        return cls(status_code=error.status_code, message=error.message, error_code=error.code)


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
        url = f"{session.base}/{path}"
        try:
            return await self.api.request(
                method, url, params=params, json=json, headers=session.headers, idempotent=retry
            )
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
        """A new access token."""
        response = await self.api.request("POST", self.token_url, data=self._form)
        answer: TokenAnswer = self.api.read_json(response, TokenAnswer)
        return answer

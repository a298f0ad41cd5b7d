"""Typed failures of an outside API, the same for every vendor.

`str(error)` is English with the technical detail, for logs and for the chat model;
`error.user_message(language)` is one line for a person, from the catalogue
(`agent/i18n/messages/http.toml`), naming the vendor as `http.vendors.<vendor>.name` does
and adding the vendor's `http.vendors.<vendor>.unavailable` hint when it cannot be reached.
"""

from __future__ import annotations

from typing import Any, Literal

from agent.i18n import Language, catalogue_keys, t

# Why a vendor could not be used: no connection at all, no (complete) answer in time, a 5xx,
# another network failure, or too many failures in a row (the circuit breaker is open).
UnavailableReason = Literal["offline", "timeout", "server", "network", "circuit_open"]


def vendor_name(vendor: str, language: Language) -> str:
    """The vendor as a user knows it (`recherche` → API Recherche d'entreprises)."""
    key = f"http.vendors.{vendor}.name"
    return t(key, language) if key in catalogue_keys() else vendor


class OutsideApiError(RuntimeError):
    """An outside API could not give a usable answer.

    `detail` is what went wrong, in English; `str()` is "<vendor>: <what>: <detail>".
    """

    def __init__(self, vendor: str, what: str, detail: str) -> None:
        super().__init__(f"{vendor}: {what}: {detail}")
        self.vendor = vendor
        self.detail = detail

    def user_message(self, language: Language) -> str:
        """One line for a person, in `language`."""
        key, values = self._message()
        return t(key, language, vendor=vendor_name(self.vendor, language), **values)

    def _message(self) -> tuple[str, dict[str, Any]]:
        """The catalogue key of the user message and its values (each kind says its own)."""
        raise NotImplementedError


class ApiUnavailable(OutsideApiError):
    """The vendor cannot be used now: offline, timeout, 5xx, network error or circuit open."""

    def __init__(
        self,
        vendor: str,
        reason: UnavailableReason,
        detail: str,
        *,
        status_code: int | None = None,
        seconds: float | None = None,
        failures: int | None = None,
    ) -> None:
        super().__init__(vendor, "unavailable", detail)
        self.reason: UnavailableReason = reason
        self.status_code = status_code
        self.seconds = seconds
        self.failures = failures

    def user_message(self, language: Language) -> str:
        """The reason, then what to do instead when the vendor's entry says so."""
        message = super().user_message(language)
        hint = f"http.vendors.{self.vendor}.unavailable"
        return f"{message} {t(hint, language)}" if hint in catalogue_keys() else message

    def _message(self) -> tuple[str, dict[str, Any]]:
        return f"http.unavailable.{self.reason}", {
            "status": self.status_code or "?",
            "seconds": round(self.seconds or 0.0, 1),
            "failures": self.failures or 0,
            "error": self.detail,
        }


class ApiRateLimited(OutsideApiError):
    """The vendor keeps answering 429 Too Many Requests, or asks for too long a wait."""

    def __init__(self, vendor: str, *, retry_after: float | None = None, message: str = "") -> None:
        wait = f"it asks to wait {retry_after:g} s" if retry_after is not None else "no wait said"
        super().__init__(vendor, "rate-limited (HTTP 429)", wait)
        self.retry_after = retry_after
        self.message = message  # the vendor's own words: some say a plan's quota is spent

    def _message(self) -> tuple[str, dict[str, Any]]:
        if self.retry_after is None or self.retry_after < 1:
            return "http.rate_limited.later", {}
        return "http.rate_limited.wait", {"seconds": round(self.retry_after)}


class ApiRejected(OutsideApiError):
    """The vendor refused the request (a 4xx other than 429), with its own reason."""

    def __init__(
        self, vendor: str, *, status_code: int, message: str, code: str | None = None
    ) -> None:
        super().__init__(vendor, f"refused the request (HTTP {status_code})", message)
        self.status_code = status_code
        self.message = message
        self.code = code  # the vendor's error code, when it gives one (INVALID_SESSION_ID…)

    def _message(self) -> tuple[str, dict[str, Any]]:
        return "http.rejected", {"status": self.status_code, "message": self.message}


class ApiMalformed(OutsideApiError):
    """The vendor answered 2xx with something that is not the documented document.

    `field` is where the document is wrong (`results.1.siren`); None when the body is not
    JSON at all (`not_json`) or not the expected kind of document.
    """

    def __init__(
        self, vendor: str, detail: str, *, field: str | None = None, not_json: bool = False
    ) -> None:
        super().__init__(vendor, "malformed answer", detail)
        self.field = field
        self.not_json = not_json

    def _message(self) -> tuple[str, dict[str, Any]]:
        if self.field:
            return "http.malformed.field", {"field": self.field}
        if self.not_json:
            return "http.malformed.not_json", {}
        return "http.malformed.document", {}

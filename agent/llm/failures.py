"""LLM failures worded for the user: a bad key, an unreachable server, a timeout, a 5xx.

The graph turns these into an ordinary answer instead of a traceback. Anything else is a bug
and keeps propagating.
"""

from __future__ import annotations

import sys

import httpx

from agent.i18n import Language, t


def describe_llm_failure(error: BaseException, language: Language) -> str | None:
    """A one-paragraph message for a known LLM failure, or None when `error` is not one."""
    kind, status = _classify(error)
    if kind is None:
        return None
    if kind == "server" and status is None:
        kind = "server_no_status"
    message = t(f"llm.{kind}", language, status=status or "")
    hint = {"auth": "key", "not_found": "model", "rate": None}.get(kind, "default")
    return f"{message} {t(f'llm.hint.{hint}', language)}" if hint else message


def cut_off_text(language: Language) -> str:
    """Said when a streamed answer stopped before its end (no finish reason came)."""
    return f"{t('llm.cut_off', language)} {t('llm.hint.default', language)}"


def _classify(error: BaseException) -> tuple[str | None, int | None]:
    # openai is only imported when ChatOpenAI is in use; if it is not loaded, the error
    # cannot be one of its exceptions (and the offline path stays free of its import cost).
    openai = sys.modules.get("openai")
    if openai is not None and isinstance(error, openai.APIError):
        if isinstance(error, openai.APITimeoutError):
            return "timeout", None
        if isinstance(error, openai.APIConnectionError):
            return "connection", None
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return "auth", error.status_code
        if isinstance(error, openai.RateLimitError):
            return "rate", 429
        if isinstance(error, openai.NotFoundError):
            return "not_found", 404
        if isinstance(error, openai.APIStatusError):
            return "server", error.status_code
        return "server", None
    if isinstance(error, httpx.TimeoutException):
        return "timeout", None
    if isinstance(error, httpx.HTTPStatusError):
        status = error.response.status_code
        return ("auth" if status in (401, 403) else "server"), status
    if isinstance(error, httpx.HTTPError):
        return "connection", None
    return None, None

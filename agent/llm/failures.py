"""LLM failures worded for the user: a bad key, an unreachable server, a timeout, a 5xx.

The graph turns these into an ordinary answer instead of a traceback. Anything else is a bug
and keeps propagating.
"""

from __future__ import annotations

import sys

import httpx

from agent.llm.language import Language

_HINT = {
    "fr": "Vérifiez OPENAI_BASE_URL ou retirez OPENAI_API_KEY pour passer en mode hors ligne.",
    "en": "Check OPENAI_BASE_URL, or unset OPENAI_API_KEY to switch to offline mode.",
}
_KEY_HINT = {
    "fr": "Vérifiez OPENAI_API_KEY, ou retirez-la pour passer en mode hors ligne.",
    "en": "Check OPENAI_API_KEY, or unset it to switch to offline mode.",
}
_MODEL_HINT = {
    "fr": "Vérifiez FILON_MODEL et OPENAI_BASE_URL.",
    "en": "Check FILON_MODEL and OPENAI_BASE_URL.",
}
_MESSAGES = {
    "timeout": {
        "fr": "Le modèle de langage ne répond pas (délai dépassé).",
        "en": "The language model is not answering (timed out).",
    },
    "connection": {
        "fr": "Le modèle de langage est injoignable (connexion impossible).",
        "en": "The language model cannot be reached (connection failed).",
    },
    "auth": {
        "fr": "Le serveur du modèle de langage refuse la clé d'API (HTTP $status).",
        "en": "The language model server rejects the API key (HTTP $status).",
    },
    "rate": {
        "fr": "Le modèle de langage limite les requêtes (HTTP 429). Réessayez dans un instant.",
        "en": "The language model is rate-limiting requests (HTTP 429). Try again in a moment.",
    },
    "not_found": {
        "fr": "Le serveur du modèle de langage ne connaît pas ce modèle ou cette adresse (HTTP 404).",
        "en": "The language model server does not know this model or address (HTTP 404).",
    },
    "server": {
        "fr": "Le modèle de langage a renvoyé une erreur (HTTP $status).",
        "en": "The language model returned an error (HTTP $status).",
    },
}


def describe_llm_failure(error: BaseException, language: Language) -> str | None:
    """A one-paragraph message for a known LLM failure, or None when `error` is not one."""
    kind, status = _classify(error)
    if kind is None:
        return None
    message = _MESSAGES[kind][language]
    message = message.replace(" (HTTP $status)" if status is None else "$status", str(status or ""))
    if kind == "auth":
        return f"{message} {_KEY_HINT[language]}"
    if kind == "not_found":
        return f"{message} {_MODEL_HINT[language]}"
    if kind == "rate":
        return message
    return f"{message} {_HINT[language]}"


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

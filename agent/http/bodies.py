"""Reading what a vendor sent back: its JSON checked against a pydantic model (anything else
is `ApiMalformed`, one line), and its own reason when it refuses or fails."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from agent.http.errors import ApiMalformed

# The keys vendors put their error message under: {"erreur": …} (API Recherche
# d'entreprises), {"message": …}, {"error": "…" or {"message": …}}, {"detail": …}, OAuth's.
MESSAGE_KEYS = ("erreur", "message", "error", "detail", "error_description")


def read_json(vendor: str, response: httpx.Response, model: type[BaseModel] | None = None) -> Any:
    """The body as JSON (an instance of `model` when given), or `ApiMalformed`."""
    if model is None:
        try:
            return response.json()
        except ValueError as error:
            raise ApiMalformed(vendor, f"not JSON ({_start(response)})", not_json=True) from error
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        raise _malformed(vendor, error, response) from None


# The keys vendors put their error's code under: Salesforce's `errorCode`, HubSpot's
# `category`, Pipedrive's `errorCode`, OAuth's `error`.
CODE_KEYS = ("errorCode", "category", "code", "error")


def vendor_message(response: httpx.Response) -> str:
    """The vendor's own reason for an error, on one line: the usual JSON keys (OAuth's
    `error: error_description`; an array of errors as `CODE: message; …`), else the body."""
    try:
        body = response.json()
    except ValueError:
        return _start(response)
    if isinstance(body, dict):
        error, description = body.get("error"), body.get("error_description")
        if isinstance(error, str) and isinstance(description, str) and description.strip():
            return _one_line(f"{error}: {description}")  # OAuth: the code alone says too little
        said = _said(body)
        if said:
            return _one_line(said)
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        parts = [": ".join(part for part in (_code(item), _said(item)) if part) for item in body]
        joined = "; ".join(part for part in parts if part)
        if joined:
            return _one_line(joined)
    return _one_line(str(body))


def vendor_code(response: httpx.Response) -> str | None:
    """The vendor's code for an error (`INVALID_SESSION_ID`, `CONFLICT`, `invalid_client`),
    the first one of an array; None when the body says none."""
    try:
        body = response.json()
    except ValueError:
        return None
    first = body[0] if isinstance(body, list) and body else body
    return _code(first) if isinstance(first, dict) else None


def _said(body: dict[str, Any]) -> str:
    for key in MESSAGE_KEYS:
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _code(body: dict[str, Any]) -> str | None:
    for key in CODE_KEYS:
        value = body.get(key)
        if isinstance(value, str) and value.strip() and " " not in value.strip():
            return value.strip()
    return None


def _start(response: httpx.Response) -> str:
    return _one_line(response.text) or f"HTTP {response.status_code}, empty body"


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _malformed(vendor: str, error: ValidationError, response: httpx.Response) -> ApiMalformed:
    """The first problem of the document, where it is (`results.1.siren`) and what it is."""
    first = error.errors()[0]
    if first["type"] == "json_invalid":
        return ApiMalformed(vendor, f"not JSON ({_start(response)})", not_json=True)
    field = ".".join(str(part) for part in first["loc"])
    if not field:
        return ApiMalformed(vendor, f"not the expected document: {first['msg']}")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return ApiMalformed(vendor, f"{field}: {first['msg']}{more}", field=field)

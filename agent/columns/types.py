"""The output types of a column, the JSON schema the model fills for each, and the validation
of what comes back: a value of the wrong type is refused with its reason, never stored."""

from __future__ import annotations

from typing import Any, Literal, get_args

ColumnType = Literal["text", "number", "boolean", "enum", "score"]
COLUMN_TYPES: tuple[str, ...] = get_args(ColumnType)
# filled: a typed value; no_info: the facts do not say (a typed answer, not prose); failed: the
# model or the validation failed, with the reason in `error`.
CellStatus = Literal["filled", "no_info", "failed"]
TEXT_LIMIT = 500
SCORE_MAX = 10


class BadValue(ValueError):
    """A value that does not fit the column's type; the message says why, in English."""


def value_schema(kind: str, options: list[str]) -> dict[str, Any]:
    """The JSON schema of a value of `kind` (null allowed: the answer may be `no_info`)."""
    match kind:
        case "text":
            return {"type": ["string", "null"], "description": f"at most {TEXT_LIMIT} characters"}
        case "number":
            return {"type": ["number", "null"]}
        case "boolean":
            return {"type": ["boolean", "null"]}
        case "enum":
            return {"type": ["string", "null"], "enum": [*options, None]}
        case "score":
            return {"type": ["integer", "null"], "description": f"0 to {SCORE_MAX}"}
    raise ValueError(f"unknown column type {kind!r}")


def answer_schema(kind: str, options: list[str]) -> dict[str, Any]:
    """The structured output asked of the model for one cell (strict JSON schema)."""
    return {
        "title": "cell",
        "description": "One AI-column cell about one lead",
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["answered", "no_info"]},
            "value": value_schema(kind, options),
            "rationale": {"type": "string"},
            "confidence": {"type": "number"},
        },
        "required": ["status", "value", "rationale", "confidence"],
        "additionalProperties": False,
    }


def check_value(kind: str, options: list[str], value: Any) -> Any:
    """`value` as the column stores it; raises `BadValue` naming what was wrong."""
    match kind:
        case "text":
            if not isinstance(value, str) or not value.strip():
                raise BadValue(f"expected text, got {value!r}")
            return value.strip()[:TEXT_LIMIT]
        case "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise BadValue(f"expected a number, got {value!r}")
            return value
        case "boolean":
            if not isinstance(value, bool):
                raise BadValue(f"expected true or false, got {value!r}")
            return value
        case "enum":
            chosen = next((o for o in options if isinstance(value, str) and _same(o, value)), None)
            if chosen is None:
                raise BadValue(f"{value!r} is not one of {', '.join(options)}")
            return chosen
        case "score":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise BadValue(f"expected a score from 0 to {SCORE_MAX}, got {value!r}")
            if value != int(value) or not 0 <= value <= SCORE_MAX:
                raise BadValue(f"a score is a whole number from 0 to {SCORE_MAX}, got {value!r}")
            return int(value)
    raise ValueError(f"unknown column type {kind!r}")


def check_confidence(value: Any) -> float | None:
    """The confidence as a number from 0 to 1 (percentages brought back), None when absent."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value) / 100 if 1 < value <= 100 else float(value)
    return min(max(number, 0.0), 1.0)


def _same(option: str, value: str) -> bool:
    return option.casefold().strip() == value.casefold().strip()

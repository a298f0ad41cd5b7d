"""Data as literal Markdown text: whatever a company, list or person name holds, it shows as
typed and can never become a link, an image, emphasis, HTML or a new line of its own."""

from __future__ import annotations

import re

# Every character CommonMark / GFM may read as syntax, plus the table pipe.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&$:\"'=^])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


def one_line(value: object) -> str:
    """`value` as one line: control characters, tabs and line breaks become single spaces."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def escape_markdown(value: object) -> str:
    """`value` as one line of literal Markdown text (every syntax character escaped)."""
    return _SPECIAL.sub(r"\\\1", one_line(value))

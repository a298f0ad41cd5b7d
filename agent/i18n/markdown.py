"""Data as literal Markdown text: whatever a company, list or person name holds, it shows as
typed and can never become a link, an image, emphasis, HTML, a heading, a list item or a line
of its own.

Only what Markdown (CommonMark, GFM) could read as syntax is escaped, so the usual names, emails
and sentences stay readable in a terminal too ("alice.martin", "Lyon 3e", "S.A.R.L.").
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")
# Characters that open inline syntax anywhere: code, emphasis, links/images, HTML, tables,
# strikethrough, headings (inside list items), math/templating braces.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#{}!])")
# At the start of a value: a list bullet, a thematic break, a setext line, an ordered item.
_LEADING = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")
# GFM turns bare URLs and "www." into links: break the pattern without changing the text shown.
_AUTOLINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*):(?=//)|(\bwww)\.")


def one_line(value: object) -> str:
    """`value` as one line: control characters, tabs and line breaks become single spaces
    (no-break spaces, which French typography needs, are kept)."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", str(value))).strip(" ")


def escape_markdown(value: object) -> str:
    """`value` as one line of literal Markdown text."""
    text = _INLINE.sub(r"\\\1", one_line(value))
    text = _AUTOLINK.sub(lambda m: f"{m[1]}\\:" if m[1] else f"{m[2]}\\.", text)
    return _LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)

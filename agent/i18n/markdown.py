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


# CommonMark: a backslash before any ASCII punctuation character is an escape, and is dropped
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class PlainText:
    """Markdown read back as plain terminal text, piece by piece as it streams: the backslash
    escapes a Markdown renderer drops are dropped ("HUBSPOT\\_TOKEN" → "HUBSPOT_TOKEN",
    "\\+33…" → "+33…"); code spans are kept as written, and everything else (bold, links) too.

    A piece may end on a backslash whose character comes with the next one: it is held back
    until then (`end` gives it back at the end of the text)."""

    def __init__(self) -> None:
        self._held = ""
        self._in_code = False

    def feed(self, piece: str) -> str:
        """The plain text of `piece`, as far as it can be told."""
        text, self._held = self._held + piece, ""
        out: list[str] = []
        index = 0
        while index < len(text):
            char = text[index]
            if self._in_code:
                self._in_code = char != "`"
            elif char == "\\":
                if index + 1 == len(text):
                    self._held = char
                    break
                following = text[index + 1]
                if following in _PUNCTUATION:
                    out.append(following)
                    index += 2
                    continue
            elif char == "`":
                self._in_code = True
            out.append(char)
            index += 1
        return "".join(out)

    def end(self) -> str:
        """What was held back: a backslash ending the text."""
        held, self._held, self._in_code = self._held, "", False
        return held


def unescape_markdown(text: str) -> str:
    """Markdown as plain terminal text: its backslash escapes dropped (see `PlainText`)."""
    plain = PlainText()
    return plain.feed(text) + plain.end()

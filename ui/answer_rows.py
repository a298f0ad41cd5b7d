"""An answer without the list items that repeat a table shown under it.

A model (the offline one, or an LLM) answers a search with its count, a few companies as a
bulleted list, and what to ask next; the UI then shows every company in a table. So when a turn
shows a table, the answer's list items that name one of its rows (by SIREN, company, list or
owner name: the table's `keys`) are left out, and the line introducing such a list becomes a
sentence of its own: without its last clause ("48 entreprises correspondent ; voici les 5
premières :" → "48 entreprises correspondent."), with a full stop for its colon ("5 entreprises
correspondent :"), or not at all when it is a mere heading ("Par commercial :"). Items naming
no row, and everything else, stay.

Works on raw Markdown, before the sanitizer, as the answer streams: the line being written is
shown only as far as it cannot turn out to be such an item or such an introduction.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from agent.i18n.markdown import one_line

_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_MAYBE_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)]?)?$")  # too short to tell yet
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")
_SENTENCE_END = ".!?…"
MAX_HEADING_WORDS = 3  # "Par commercial :", "Dans les listes :"; longer lines are sentences


class _Keys:
    """Finds a table's keys in a line, as whole words, ignoring case and Markdown marks."""

    def __init__(self, keys: Collection[str]) -> None:
        words = sorted({one_line(key).casefold() for key in keys if key.strip()}, key=len)
        alternatives = "|".join(re.escape(word) for word in reversed(words))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if words else None

    def named_in(self, line: str) -> bool:
        if self.pattern is None:
            return False
        plain = _EMPHASIS.sub("", _ESCAPE.sub(r"\1", line)).casefold()
        return self.pattern.search(plain) is not None


@lru_cache(maxsize=64)
def _keys(keys: frozenset[str]) -> _Keys:
    return _Keys(keys)  # compiled once per answer, not once per streamed token


def without_repeated_rows(answer: str, keys: Collection[str], *, final: bool = True) -> str:
    """`answer` without its list items naming a row of the table (see the module docstring).

    `final=False`: `answer` is still being written; what is returned is what can be shown now,
    and it only grows while the answer does (but for an introduction without a clause to keep,
    shown while written and taken back once its list turns out to repeat the table).
    """
    finder = _keys(frozenset(keys))
    if finder.pattern is None:
        return answer
    lines = answer.split("\n")
    partial = None if final else lines.pop()
    out: list[str] = []
    held: list[str] = []  # a line ending with ":" (and blank lines after it), until what follows
    dropping = False  # inside a left-out item: its continuation lines go too
    fence: str | None = None
    for line in lines:
        if fence is not None:
            out.append(line)
            fence = None if line.strip().startswith(fence) else fence
            continue
        if held and not line.strip():
            held.append(line)
            continue
        repeated = bool(_ITEM.match(line)) and finder.named_in(line)
        if held:
            _add(out, _introduction(held) if repeated else held)
            held = []
        if repeated:
            dropping = True
            continue
        if dropping and line.strip() and line.startswith((" ", "\t")) and not _ITEM.match(line):
            continue  # the left-out item's next line
        dropping = False
        if _FENCE.match(line):
            fence = line.strip()[:3]
            out.append(line)
        elif line.rstrip().endswith(":"):
            held = [line]
        else:
            _add(out, [line])
    if final:
        _add(out, held)
    elif held:
        _add(out, [_settled_part(held[0], whole=False)])
    elif partial is not None and fence is None:
        _add(out, [_showable(partial, dropping)])
    elif partial is not None:
        out.append(partial)
    while out and not out[0].strip():
        out.pop(0)
    while final and out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def _add(out: list[str], lines: list[str]) -> None:
    """Append `lines`, never making a run of blank lines where items were taken out."""
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)


def _introduction(held: list[str]) -> list[str]:
    """The line before a left-out list, as a sentence of its own: without the clause that
    announced the list, or with a full stop for its colon; a short heading goes (with the blank
    lines after it)."""
    kept = _settled_part(held[0], whole=False)
    if not kept:
        return []
    return [kept if kept.endswith(tuple(_SENTENCE_END)) else kept + ".", *held[1:]]


def _settled_part(line: str, *, whole: bool) -> str:
    """What of a line that may yet introduce a left-out list can be shown: up to its last
    clause ("48 entreprises correspondent ; voici les 5 premières :"), else a sentence without
    its colon ("5 entreprises correspondent :"), else a heading ("Par commercial :") whole or
    not at all."""
    if ";" in line:
        return line[: line.rindex(";")].rstrip()
    bare = line.rstrip().removesuffix(":").rstrip()
    if len(bare.split()) > MAX_HEADING_WORDS:
        return bare if line.rstrip().endswith(":") else line
    return line if whole else ""


def _showable(partial: str, dropping: bool) -> str:
    """What can be shown of the line being written."""
    if _MAYBE_ITEM.match(partial) or _ITEM.match(partial):
        return ""  # an item: shown once whole, if it stays
    if dropping and partial.startswith((" ", "\t")):
        return ""
    # Trailing spaces wait for what follows them (a clause's ";" would take them back).
    return _settled_part(partial, whole=not partial.rstrip().endswith(":")).rstrip()

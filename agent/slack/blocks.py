"""Block Kit messages within Slack's limits: at most 50 blocks, 3000 characters in a section's
text, 10 elements of 2000 characters in a context block.

Tables are sections holding a monospaced block (``` … ```), columns aligned, numbers to the
right, a cell cut at `MAX_CELL` characters; a table too long for one section goes on in the
next (its headings repeated), and past `max_sections` its last rows are left out with a line
"…and 12 more rows". Slack's own `table` block is not used: a message may hold only one
(`only_one_table_allowed`), in its attachments, and a digest has nine. Past 50 blocks, the
last ones are left out with a line saying how many. Every text object is `verbatim` (no link
made of a bare URL or a #name in data), and data reaches it through `agent.slack.mrkdwn`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.digest.views import Grid
from agent.i18n import Language, t
from agent.slack.mrkdwn import code_text, escape

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_TEXT = 3000  # a section's text
MAX_CONTEXT = 2000  # one element of a context block
MAX_FALLBACK = 3000  # the message's `text`: what notifications and old clients show
MAX_CELL = 32
GAP = "  "
_FENCE = "```"


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, "…" marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(mrkdwn: str) -> Block:
    """A section of mrkdwn text (already escaped), cut to Slack's limit."""
    return {"type": "section", "text": _text(cut(mrkdwn, MAX_TEXT))}


def context(mrkdwn: str) -> Block:
    """A line of small print (mrkdwn, already escaped)."""
    return {"type": "context", "elements": [_text(cut(mrkdwn, MAX_CONTEXT))]}


def divider() -> Block:
    """A rule between parts of a message."""
    return {"type": "divider"}


def text_sections(mrkdwn: str) -> list[Block]:
    """Text of any length as sections, split between lines (a longer line is cut)."""
    chunks: list[str] = []
    current = ""
    for line in mrkdwn.split("\n"):
        line = cut(line, MAX_TEXT)
        if current and len(current) + 1 + len(line) > MAX_TEXT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        chunks.append(current)
    return [section(chunk) for chunk in chunks if chunk.strip()]


def title_block(title: str, note: str = "") -> Block:
    """A bold title (data escaped) and, under it, its note in italics."""
    head = f"*{escape(title)}*"
    return section(f"{head}\n_{escape(note)}_" if note.strip() else head)


def table_blocks(grid: Grid, language: Language, *, max_sections: int = 2) -> list[Block]:
    """A titled table: its title and note, then its rows as monospaced sections."""
    blocks = [title_block(grid.title, grid.note)]
    if not grid.rows:
        return blocks
    numeric = list(grid.numeric) + [False] * (len(grid.headers) - len(grid.numeric))
    header, rows = _lines(grid.headers, grid.rows, numeric)
    shown = 0
    while shown < len(grid.rows) and len(blocks) <= max_sections:
        chunk = _fit(header, rows[shown:])
        blocks.append(section(f"{_FENCE}\n{chunk.text}\n{_FENCE}"))
        shown += chunk.rows
    if shown < len(grid.rows):
        blocks.append(context(escape(t("slack.more_rows", language, count=len(grid.rows) - shown))))
    return blocks


def fit_message(blocks: Sequence[Block], language: Language) -> list[Block]:
    """`blocks` within Slack's 50, the last ones left out with a line saying how many."""
    if len(blocks) <= MAX_BLOCKS:
        return list(blocks)
    kept = list(blocks[: MAX_BLOCKS - 1])
    left_out = len(blocks) - len(kept)
    return [*kept, context(escape(t("slack.more_blocks", language, count=left_out)))]


def fallback(text: str) -> str:
    """A message's notification text: plain, entities escaped, within Slack's advice."""
    return cut(" ".join(escape(text).split()), MAX_FALLBACK)


class _Chunk:
    def __init__(self, text: str, rows: int) -> None:
        self.text = text
        self.rows = rows


def _fit(header: list[str], rows: list[str]) -> _Chunk:
    """As many rows as fit in one section under the headings (one at least, cut if need be)."""
    room = MAX_TEXT - 2 * (len(_FENCE) + 1)
    lines = list(header)
    used = sum(len(line) + 1 for line in lines)
    taken = 0
    for row in rows:
        if used + len(row) + 1 > room and taken:
            break
        lines.append(row)
        used += len(row) + 1
        taken += 1
    return _Chunk(cut("\n".join(lines), room), taken)


def _lines(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> tuple[list[str], list[str]]:
    """The headings (and a rule under them) and the rows, as aligned lines of escaped text."""
    cells = [[cut(" ".join(str(value).split()), MAX_CELL) for value in row] for row in rows]
    heads = [cut(" ".join(h.split()), MAX_CELL) for h in headers]
    widths = [max([len(heads[i]), *(len(row[i]) for row in cells)]) for i in range(len(heads))]

    def line(values: Sequence[str]) -> str:
        padded = [
            value.rjust(widths[i]) if numeric[i] else value.ljust(widths[i])
            for i, value in enumerate(values)
        ]
        return code_text(GAP.join(padded).rstrip())

    rule = code_text(GAP.join("─" * width for width in widths))
    return [line(heads), rule], [line(row) for row in cells]


def _text(mrkdwn: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": mrkdwn, "verbatim": True}

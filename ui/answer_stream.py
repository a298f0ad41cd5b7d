"""A model answer as it streams: raw tokens in, sanitized Markdown out.

Chainlit renders a message while it streams, so each token cannot simply be passed on: half
of `![p](https://…)` is harmless, the whole of it is an image. Every token re-sanitizes the
answer so far, and the browser is sent the smallest update that leaves it showing exactly that
text: the new tail when the safe text only grew, else the whole text (Chainlit's
`is_sequence`). Only the paragraph being written is sanitized again: what lies before its
last blank line (outside code blocks) is settled. Links to a company's website are allowed
once a tool has returned it; list items that only repeat a table the turn shows are left out
(`ui.answer_rows`) once that table is known.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import NamedTuple

from agent.artifacts import Artifact
from ui.answer_rows import without_repeated_rows
from ui.safe_markdown import DEFAULT_HOSTS, link_hosts, sanitize_markdown, settled_length


class Update(NamedTuple):
    """What to send the browser: a token to append, or (`is_sequence`) the whole text."""

    token: str
    is_sequence: bool


class SafeAnswer:
    """One answer's raw text, the hosts it may link to, and what the browser shows of it."""

    def __init__(self) -> None:
        self.raw = ""
        self.shown = ""
        self.hosts: frozenset[str] = DEFAULT_HOSTS
        self.row_keys: frozenset[str] = frozenset()  # of the tables shown with the answer
        self._visible = ""  # `raw` without what repeats a table: what is sanitized
        self._settled = 0  # how much of `_visible` is sanitized for good, into `_settled_safe`
        self._settled_safe = ""

    def allow(self, artifacts: Iterable[Artifact]) -> None:
        """Let the answer link to the websites of the companies in `artifacts`."""
        hosts = self.hosts | link_hosts(artifacts)
        if hosts != self.hosts:  # a link shown as text so far may now be kept
            self.hosts, self._settled, self._settled_safe = hosts, 0, ""

    def leave_out(self, keys: Collection[str]) -> None:
        """Leave out the answer's list items naming these rows: a table shows them."""
        keys = self.row_keys | frozenset(keys)
        if keys != self.row_keys:
            self.row_keys, self._settled, self._settled_safe = keys, 0, ""

    def add(self, token: str) -> Update | None:
        """Take a token; returns the update to send, or None when the shown text is unchanged."""
        self.raw += token
        visible = without_repeated_rows(self.raw, self.row_keys, final=False)
        if not visible.startswith(self._visible[: self._settled]):
            self._settled, self._settled_safe = 0, ""  # an introduction was taken back
        self._visible = visible
        tail = visible[self._settled :]
        if settled := settled_length(tail):
            self._settled_safe += sanitize_markdown(tail[:settled], self.hosts)
            self._settled += settled
            tail = tail[settled:]
        safe = self._settled_safe + sanitize_markdown(tail, self.hosts)
        if safe == self.shown or not safe:  # Chainlit drops an empty token: nothing to send
            return None
        if safe.startswith(self.shown):
            update = Update(safe[len(self.shown) :], is_sequence=False)
        else:
            update = Update(safe, is_sequence=True)
        self.shown = safe
        return update

    def final(self, answer: str) -> str:
        """The whole answer, sanitized: the streamed text, or `answer` when none streamed."""
        raw = self.raw if self.raw.strip() else answer
        return sanitize_markdown(without_repeated_rows(raw, self.row_keys), self.hosts)

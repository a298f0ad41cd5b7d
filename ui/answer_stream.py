"""A model answer as it streams: raw tokens in, sanitized Markdown out.

Chainlit renders a message while it streams, so each token cannot simply be passed on: half
of `![p](https://…)` is harmless, the whole of it is an image. Every token re-sanitizes the
answer so far, and the browser is sent the smallest update that leaves it showing exactly that
text: the new tail when the safe text only grew, else the whole text (Chainlit's
`is_sequence`). Links to a company's website are allowed once a tool has returned it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ui.safe_markdown import DEFAULT_HOSTS, link_hosts, sanitize_markdown


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

    def allow(self, artifacts: Iterable[Any]) -> None:
        """Let the answer link to the websites of the companies in `artifacts`."""
        self.hosts |= link_hosts(artifacts)

    def add(self, token: str) -> Update | None:
        """Take a token; returns the update to send, or None when the shown text is unchanged."""
        self.raw += token
        safe = sanitize_markdown(self.raw, self.hosts)
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
        return sanitize_markdown(self.raw if self.raw.strip() else answer, self.hosts)

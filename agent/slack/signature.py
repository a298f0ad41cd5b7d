"""Is a request really from Slack? Its signature, checked as Slack documents it
(docs.slack.dev/authentication/verifying-requests-from-slack):

    basestring = "v0:" + X-Slack-Request-Timestamp + ":" + raw body
    X-Slack-Signature == "v0=" + hex(HMAC-SHA256(signing secret, basestring))

over the body's exact bytes, compared in constant time; and a timestamp more than five minutes
from now (either way) is refused, so a recorded request cannot be played again later.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal

MAX_AGE = 5 * 60  # seconds, either way
VERSION = "v0"

Problem = Literal["unsigned", "stale", "bad_signature"]


class BadSignature(Exception):
    """The request is not provably Slack's: unsigned, too old (or from the future), or signed
    with another secret."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"Slack request refused: {problem}")
        self.problem: Problem = problem


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` Slack sends for this timestamp and body."""
    base = f"{VERSION}:{timestamp}:".encode() + body
    digest = hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"{VERSION}={digest}"


def verify(
    secret: str, *, timestamp: str | None, signed: str | None, body: bytes, now: float
) -> None:
    """Return when the request is Slack's; raise `BadSignature` saying why not."""
    if not timestamp or not signed:
        raise BadSignature("unsigned")
    try:
        sent_at = int(timestamp.strip())
    except ValueError:
        raise BadSignature("unsigned") from None
    if abs(now - sent_at) > MAX_AGE:
        raise BadSignature("stale")
    expected = signature(secret, timestamp.strip(), body)
    if not hmac.compare_digest(expected.encode(), signed.strip().encode()):
        raise BadSignature("bad_signature")

"""What goes wrong with Slack, as one code each: a missing setting, a channel Slack does not
know or the bot is not in, a token it refuses, a scope the app lacks, its rate limit, Slack
down. `SlackFailure` carries the code and its values (data, never wording); the catalogue says
it for people (`slack.error.<code>`, French and English), one line with what to do.

`SlackApiError` is the Web API's own refusal, `{"ok": false, "error": "channel_not_found"}`
(Slack answers HTTP 200 to most of them); `slack_failure` sorts it and the shared HTTP layer's
errors (`agent.http`) into a `SlackFailure`.
"""

from __future__ import annotations

from typing import Any

from agent.http import ApiMalformed, ApiRateLimited, ApiRejected, ApiUnavailable, OutsideApiError

VENDOR = "slack"
# Slack's codes for a token it will not take: said alike, "check SLACK_BOT_TOKEN".
TOKEN_REFUSED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
CHANNEL_CODES = frozenset({"channel_not_found", "not_in_channel", "is_archived"})


class SlackNotConfigured(RuntimeError):
    """Slack was asked for while its settings are missing: `missing` names the variables."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(f"Slack is not configured: set {', '.join(missing)}")
        self.missing = missing


class SlackApiError(OutsideApiError):
    """Slack's Web API answered `ok: false`: `code` is its error (`channel_not_found`…),
    `needed` the scope it names for `missing_scope`."""

    def __init__(self, method: str, code: str, *, needed: str | None = None) -> None:
        super().__init__(VENDOR, f"{method} refused", code)
        self.method = method
        self.code = code
        self.needed = needed

    def _message(self) -> tuple[str, dict[str, Any]]:
        return "slack.error.rejected", {"code": self.code}


class SlackFailure(Exception):
    """A Slack request that did not happen, as `code` and `values` for `slack.error.<code>`;
    `str()` is the English sentence for logs and the model."""

    def __init__(self, code: str, message: str, /, **values: Any) -> None:
        super().__init__(message)
        self.code = code
        self.values = values


def not_configured(error: SlackNotConfigured) -> SlackFailure:
    """The missing settings, said."""
    missing = " and ".join(error.missing)
    return SlackFailure("not_configured", str(error), missing=missing)


def slack_failure(error: OutsideApiError, *, channel: str = "") -> SlackFailure:
    """A failed Web API call as the one code people are told."""
    match error:
        case SlackApiError(code=code) if code in CHANNEL_CODES:
            return SlackFailure(code, f"Slack: {code} ({channel})", channel=channel)
        case SlackApiError(code=code) if code in TOKEN_REFUSED:
            return SlackFailure("invalid_auth", f"Slack refused the bot token ({code})")
        case SlackApiError(code="missing_scope", needed=needed):
            scope = needed or "?"
            return SlackFailure("missing_scope", f"Slack: missing scope {scope}", scope=scope)
        case SlackApiError(code=code):
            return SlackFailure("rejected", f"Slack refused the request: {code}", code=code)
        case ApiRateLimited(retry_after=wait) if wait is not None and wait >= 1:
            seconds = round(wait)
            return SlackFailure(
                "ratelimited", f"Slack is rate-limiting: wait {seconds} s", seconds=seconds
            )
        case ApiRateLimited():
            return SlackFailure("ratelimited_later", "Slack is rate-limiting")
        case ApiRejected(status_code=status):
            return SlackFailure(
                "rejected", f"Slack refused the request: {error}", code=f"HTTP {status}"
            )
        case ApiUnavailable() | ApiMalformed():
            return SlackFailure("unavailable", f"Slack could not answer: {error}")
    return SlackFailure("unavailable", f"Slack could not answer: {error}")

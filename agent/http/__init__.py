"""The shared layer for outside APIs: one HTTP client, and `OutsideApi` for each vendor, with
whole-request deadlines, retries with backoff and `Retry-After`, a machine-wide rate limit,
a circuit breaker, and typed errors whose user messages come from the catalogue.

Adapters take an `OutsideApi` built in their domain's factory (the composition root):

    api = OutsideApi(
        "recherche",
        client,
        limiter=SharedWindowLimiter.for_vendor(settings.home, "recherche", rate=7),
        policy=RetryPolicy.for_timeout(settings.http_timeout),
    )
    document = await api.get_json(url, params=params, model=SearchDocument)
"""

from agent.http.api import OutsideApi
from agent.http.bodies import read_json, vendor_code, vendor_message
from agent.http.breaker import CircuitBreaker
from agent.http.client import USER_AGENT, make_http_client
from agent.http.errors import (
    ApiMalformed,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    OutsideApiError,
    UnavailableReason,
)
from agent.http.ratelimit import NoLimit, RateLimiter, SharedWindowLimiter, WindowLimiter
from agent.http.retry import RetryPolicy, retry_after

__all__ = [
    "USER_AGENT",
    "ApiMalformed",
    "ApiRateLimited",
    "ApiRejected",
    "ApiUnavailable",
    "CircuitBreaker",
    "NoLimit",
    "OutsideApi",
    "OutsideApiError",
    "RateLimiter",
    "RetryPolicy",
    "SharedWindowLimiter",
    "UnavailableReason",
    "WindowLimiter",
    "make_http_client",
    "read_json",
    "retry_after",
    "vendor_code",
    "vendor_message",
]

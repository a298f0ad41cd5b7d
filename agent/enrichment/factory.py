"""Where the enrichment providers are built: one per name in `FILON_ENRICH_PROVIDERS`, in
that order, each on the shared HTTP client with its own rate limit and deadline. A paid
provider without its key is left out, and said so."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from sqlalchemy.engine import Engine

from agent.enrichment.ports import Provider
from agent.enrichment.runs import Enricher
from agent.enrichment.waterfall import BATCH_DEADLINE_FACTOR, StopRule, Waterfall
from agent.http import OutsideApi, RetryPolicy, SharedWindowLimiter
from agent.settings import Settings

# Requests per second each vendor allows (Hunter: 15/s on the finder and verifier;
# Dropcontact: documented per account, 10/s is well within it).
RATES = {"hunter": 15, "dropcontact": 10}


@dataclass(frozen=True)
class Providers:
    """The providers to ask, in order, and those configured but missing their key."""

    ready: list[Provider] = field(default_factory=list)
    missing_key: list[str] = field(default_factory=list)


def build_enricher(
    settings: Settings,
    engine: Engine,
    client: httpx.AsyncClient,
    names: tuple[str, ...] | None = None,
) -> Enricher:
    """The waterfall of the configured providers (or of `names`, in that order)."""
    providers = build_providers(settings, client, names)
    waterfall = Waterfall(
        engine,
        providers.ready,
        rule=StopRule(accept_catch_all=settings.enrich_accept_catch_all),
        cache_days=settings.enrich_cache_days,
        deadline=settings.enrich_deadline,
    )
    return Enricher(waterfall=waterfall, missing_key=tuple(providers.missing_key))


def build_providers(
    settings: Settings, client: httpx.AsyncClient, names: tuple[str, ...] | None = None
) -> Providers:
    """The providers `names` (default: the settings') that can be used, in order."""
    ready: list[Provider] = []
    missing: list[str] = []
    for name in names or settings.enrich_providers:
        provider = _build(name, settings, client)
        if provider is None:
            missing.append(name)
        else:
            ready.append(provider)
    return Providers(ready=ready, missing_key=missing)


def _build(name: str, settings: Settings, client: httpx.AsyncClient) -> Provider | None:
    concurrency = settings.enrich_concurrency
    match name:
        case "pattern":
            from agent.enrichment.mail import MailResolver, SmtpProbe
            from agent.enrichment.providers.pattern import PatternProvider

            resolver = MailResolver(
                nameservers=settings.dns_nameservers, timeout=settings.dns_timeout
            )
            smtp = (
                SmtpProbe(
                    port=settings.smtp_port,
                    timeout=settings.smtp_timeout,
                    helo=settings.smtp_helo,
                    sender=settings.smtp_from,
                )
                if settings.smtp_verify
                else None
            )
            return PatternProvider(resolver=resolver, smtp=smtp, concurrency=concurrency * 2)
        case "hunter":
            from agent.enrichment.providers.hunter import HunterProvider

            if settings.hunter_api_key is None:
                return None
            return HunterProvider(
                _api(name, settings, client),
                api_key=settings.hunter_api_key.get_secret_value(),
                base_url=settings.hunter_base_url,
                concurrency=concurrency,
            )
        case "dropcontact":
            from agent.enrichment.providers.dropcontact import DropcontactProvider

            if settings.dropcontact_api_key is None:
                return None
            return DropcontactProvider(
                _api(name, settings, client),
                api_key=settings.dropcontact_api_key.get_secret_value(),
                base_url=settings.dropcontact_base_url,
                deadline=settings.enrich_deadline * BATCH_DEADLINE_FACTOR,
            )
    raise ValueError(f"unknown enrichment provider {name!r}")


def _api(vendor: str, settings: Settings, client: httpx.AsyncClient) -> OutsideApi:
    return OutsideApi(
        vendor,
        client,
        limiter=SharedWindowLimiter.for_vendor(settings.home, vendor, rate=RATES[vendor]),
        policy=RetryPolicy(
            timeout=settings.http_timeout,
            budget=min(settings.enrich_deadline, settings.http_timeout * 3),
        ),
    )

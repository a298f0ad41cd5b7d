"""Where the CRM adapters are built (the composition root): each on the shared HTTP client,
with its machine-wide rate limit, the deadlines of `FILON_HTTP_TIMEOUT` and the reading of
its own rate-limit headers, from the keys in the settings; `CrmNotConfigured` names the keys
a CRM still needs."""

from __future__ import annotations

import httpx

from agent.crm.ports import CrmClient, CrmNotConfigured
from agent.crm.records import CrmName
from agent.http import OutsideApi, RetryPolicy, SharedWindowLimiter
from agent.http.api import RateLimitWait
from agent.settings import Settings

# Requests per second, shared by every process of the machine, under each vendor's limit:
# HubSpot 100 per 10 s (the lowest tier), Pipedrive's burst limit (tens per 2 s on the lowest
# plan), Salesforce's concurrent-request and daily limits. FILON_CRM_RATE overrides them.
RATES: dict[str, int] = {"hubspot": 9, "pipedrive": 8, "salesforce": 20}


def build_crm(name: CrmName, settings: Settings, client: httpx.AsyncClient) -> CrmClient:
    """The adapter of `name`, or `CrmNotConfigured`."""
    missing = missing_keys(name, settings)
    if missing:
        raise CrmNotConfigured(name, missing)
    match name:
        case "csv":
            from agent.crm.adapters.csv_file import CsvCrm

            return CsvCrm(settings.crm_csv_path)
        case "hubspot":
            from agent.crm.adapters.hubspot import HubSpotCrm
            from agent.crm.adapters.hubspot_bodies import rate_limit_wait

            return HubSpotCrm(
                _api(name, settings, client, rate_limit_wait),
                token=_secret(settings.hubspot_token),
                base_url=settings.hubspot_base_url,
            )
        case "pipedrive":
            from agent.crm.adapters.pipedrive import PipedriveCrm
            from agent.crm.adapters.pipedrive_bodies import rate_limit_wait as reset_wait

            return PipedriveCrm(
                _api(name, settings, client, reset_wait),
                token=_secret(settings.pipedrive_api_token),
                base_url=settings.pipedrive_base_url,
            )
        case "salesforce":
            from agent.crm.adapters.salesforce import SalesforceCrm

            assert settings.salesforce_client_id is not None
            return SalesforceCrm(
                _api(name, settings, client),
                client_id=settings.salesforce_client_id,
                client_secret=_secret(settings.salesforce_client_secret),
                login_url=settings.salesforce_login_url,
            )
    raise ValueError(f"unknown CRM {name!r}")


def missing_keys(name: CrmName, settings: Settings) -> tuple[str, ...]:
    """The variables `name` still needs; none when it is configured (the CSV file always is)."""
    match name:
        case "csv":
            return ()
        case "hubspot":
            return () if _secret(settings.hubspot_token) else ("HUBSPOT_TOKEN",)
        case "pipedrive":
            return () if _secret(settings.pipedrive_api_token) else ("PIPEDRIVE_API_TOKEN",)
        case "salesforce":
            return tuple(
                variable
                for variable, value in (
                    ("SALESFORCE_CLIENT_ID", settings.salesforce_client_id),
                    ("SALESFORCE_CLIENT_SECRET", _secret(settings.salesforce_client_secret)),
                )
                if not value
            )
    raise ValueError(f"unknown CRM {name!r}")


def _secret(value: object) -> str:
    getter = getattr(value, "get_secret_value", None)
    return str(getter()) if getter is not None else ""


def _api(
    vendor: str,
    settings: Settings,
    client: httpx.AsyncClient,
    rate_limit_wait: RateLimitWait | None = None,
) -> OutsideApi:
    return OutsideApi(
        vendor,
        client,
        limiter=SharedWindowLimiter.for_vendor(
            settings.home, vendor, rate=settings.crm_rate or RATES[vendor]
        ),
        policy=RetryPolicy.for_timeout(settings.http_timeout),
        rate_limit_wait=rate_limit_wait,
    )

"""The one object that reads Filon's environment; everything else receives it."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from agent.i18n import Language
from store.db import normalise_url
from store.private import private_folder

CompanySourceName = Literal["local", "api", "auto"]
# How people log in to the web UI: not at all (a store without users), a password, a proxy's header.
LoginMode = Literal["off", "password", "header"]
HomeProblem = Literal["not_a_folder", "not_writable", "unusable"]


# The enrichment providers Filon has an adapter for (agent/enrichment/providers).
ENRICH_PROVIDERS = ("pattern", "hunter", "dropcontact")


class HomeUnavailable(OSError):
    """FILON_HOME cannot be used: `problem` says why, `reason` is the system's word for it."""

    def __init__(self, home: Path, problem: HomeProblem, reason: str = "") -> None:
        super().__init__(f"cannot use FILON_HOME {home}: {reason or problem}")
        self.home = home
        self.problem: HomeProblem = problem
        self.reason = reason


# scheme://host[:port], nothing else: what a browser sends in its Origin header.
_ORIGIN = re.compile(
    r"(?P<scheme>https?)://(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?/?"
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
# An HTTP header's name (RFC 9110's token), and the shortest secret the login cookies take.
_HEADER_NAME = re.compile(r"[a-z0-9!#$%&'*+.^_`|~-]+")
MIN_AUTH_SECRET = 32


def normalise_origin(value: str) -> str:
    """`value` as a browser writes an Origin (lower case, no default port, no trailing slash).

    Raises ValueError for anything else: a path, credentials, a wildcard, another scheme.
    """
    match = _ORIGIN.fullmatch(value.strip().lower())
    if match is None:
        raise ValueError(f"{value.strip()!r} is not an origin like http://127.0.0.1:8000")
    scheme, host, port = match["scheme"], match["host"], match["port"]
    if port is not None and not 0 < int(port) < 65536:
        raise ValueError(f"{value.strip()!r} has no valid port")
    keep_port = port is not None and port != _DEFAULT_PORTS[scheme]
    return f"{scheme}://{host}:{int(port)}" if keep_port else f"{scheme}://{host}"


# name[:port] as a client writes it in a Host header: a DNS name, an IPv4 or a bracketed IPv6.
_HOST = re.compile(
    r"(?P<name>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?"
)


def normalise_host(value: str) -> str:
    """`value` as a Host header names a server (lower case, `name` or `name:port`).

    Raises ValueError for anything else: a scheme, a path, a wildcard, a bad port.
    """
    match = _HOST.fullmatch(value.strip().lower())
    if match is None or (match["port"] is not None and not 0 < int(match["port"]) < 65536):
        raise ValueError(
            f"{value.strip()!r} is not a host name like filon.example.com or host:8001"
        )
    return match["name"] if match["port"] is None else f"{match['name']}:{int(match['port'])}"


class LanguageSettings(BaseSettings):
    """The language Filon speaks to a person at a terminal: FILON_LANGUAGE, else the locale.

    Kept apart so that an error in any other setting can still be told in that language.
    """

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    language_setting: Language | None = Field(default=None, alias="FILON_LANGUAGE")
    locale: str = Field(default="", alias="LANG")

    @property
    def language(self) -> Language:
        """French unless FILON_LANGUAGE=en or, with it unset, an English locale (LANG=en_GB…)."""
        if self.language_setting is not None:
            return self.language_setting
        return "en" if self.locale.lower().startswith("en") else "fr"


class Settings(LanguageSettings):
    """Filon configuration, from environment variables (see the README's table)."""

    home: Path = Field(default=Path("~/.filon"), alias="FILON_HOME")
    database_url: str = Field(default="", alias="FILON_DATABASE_URL")

    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    model: str = Field(default="gpt-4.1-mini", alias="FILON_MODEL")
    llm_timeout: float = Field(default=60.0, gt=0, alias="FILON_LLM_TIMEOUT")
    llm_max_retries: int = Field(default=2, ge=0, alias="FILON_LLM_MAX_RETRIES")
    # AI columns: model calls at once, tries after a 429/5xx, and the price of the tokens in
    # dollars per million (unset: the price table of agent/columns/prices.py for FILON_MODEL).
    llm_concurrency: int = Field(default=8, ge=1, le=256, alias="FILON_LLM_CONCURRENCY")
    llm_column_retries: int = Field(default=4, ge=0, le=10, alias="FILON_LLM_COLUMN_RETRIES")
    llm_price_in: float | None = Field(default=None, ge=0, alias="FILON_LLM_PRICE_IN")
    llm_price_out: float | None = Field(default=None, ge=0, alias="FILON_LLM_PRICE_OUT")

    company_source: CompanySourceName = Field(default="auto", alias="FILON_COMPANY_SOURCE")

    recherche_base_url: str = Field(
        default="https://recherche-entreprises.api.gouv.fr", alias="FILON_RECHERCHE_BASE_URL"
    )
    bodacc_base_url: str = Field(
        default="https://bodacc-datadila.opendatasoft.com/api/explore/v2.1",
        alias="FILON_BODACC_BASE_URL",
    )
    hubspot_base_url: str = Field(default="https://api.hubapi.com", alias="FILON_HUBSPOT_BASE_URL")
    pipedrive_base_url: str = Field(
        default="https://api.pipedrive.com/api/v2", alias="FILON_PIPEDRIVE_BASE_URL"
    )
    salesforce_login_url: str = Field(
        default="https://login.salesforce.com", alias="FILON_SALESFORCE_LOGIN_URL"
    )
    hunter_base_url: str = Field(default="https://api.hunter.io/v2", alias="FILON_HUNTER_BASE_URL")
    dropcontact_base_url: str = Field(
        default="https://api.dropcontact.com/v1", alias="FILON_DROPCONTACT_BASE_URL"
    )

    hubspot_token: SecretStr | None = Field(default=None, alias="HUBSPOT_TOKEN")
    pipedrive_api_token: SecretStr | None = Field(default=None, alias="PIPEDRIVE_API_TOKEN")
    salesforce_client_id: str | None = Field(default=None, alias="SALESFORCE_CLIENT_ID")
    salesforce_client_secret: SecretStr | None = Field(
        default=None, alias="SALESFORCE_CLIENT_SECRET"
    )
    hunter_api_key: SecretStr | None = Field(default=None, alias="HUNTER_API_KEY")
    dropcontact_api_key: SecretStr | None = Field(default=None, alias="DROPCONTACT_API_KEY")
    # CRM sync: where SQLs go (hubspot, pipedrive, salesforce, csv; comma-separated; unset: each
    # CRM whose keys are set, else the CSV file), the team's field mapping, the CSV file, and
    # the outbox's tries, lease and background interval.
    crm_setting: Annotated[tuple[str, ...], NoDecode] = Field(default=(), alias="FILON_CRM")
    crm_mapping: Path | None = Field(default=None, alias="FILON_CRM_MAPPING")
    crm_csv: Path | None = Field(default=None, alias="FILON_CRM_CSV")
    crm_max_attempts: int = Field(default=8, ge=1, le=100, alias="FILON_CRM_MAX_ATTEMPTS")
    crm_lease_seconds: float = Field(default=300.0, ge=5, alias="FILON_CRM_LEASE_SECONDS")
    crm_sync_interval: float = Field(default=30.0, ge=0, alias="FILON_CRM_SYNC_INTERVAL")
    crm_retry_seconds: float = Field(default=5.0, gt=0, alias="FILON_CRM_RETRY_SECONDS")
    crm_concurrency: int = Field(default=4, ge=1, le=64, alias="FILON_CRM_CONCURRENCY")
    # Requests per second to the CRM, shared by the machine's processes (unset: a pace under
    # the vendor's lowest tier, see agent/crm/factory.py); a higher tier may raise it.
    crm_rate: int | None = Field(default=None, ge=1, le=1000, alias="FILON_CRM_RATE")
    # The intent score's weights per kind of signal (default: agent/signals/intent_weights.toml)
    intent_weights: Path | None = Field(default=None, alias="FILON_INTENT_WEIGHTS")
    # The ideal customer profile and the lead score's rules (default: agent/qualification/icp.toml)
    icp: Path | None = Field(default=None, alias="FILON_ICP")
    # The days over which an engagement event's points halve
    engagement_half_life_days: float = Field(
        default=30.0, gt=0, alias="FILON_ENGAGEMENT_HALF_LIFE_DAYS"
    )
    # CNIL: B2B prospects' personal data kept three years from collection or last contact
    retention_days: int = Field(default=1095, ge=30, alias="FILON_RETENTION_DAYS")

    # The enrichment waterfall: providers asked in this order (pattern, hunter, dropcontact),
    # per person until an email meets the stop rule (verified; catch-all too when accepted).
    enrich_providers: Annotated[tuple[str, ...], NoDecode] = Field(
        default=("pattern",), alias="FILON_ENRICH_PROVIDERS"
    )
    enrich_accept_catch_all: bool = Field(default=False, alias="FILON_ENRICH_ACCEPT_CATCH_ALL")
    # No provider asked twice about the same person and domain within this many days.
    enrich_cache_days: int = Field(default=180, ge=0, alias="FILON_ENRICH_CACHE_DAYS")
    # Calls out at once per provider, and seconds one call may take in all (retries included).
    enrich_concurrency: int = Field(default=4, ge=1, le=64, alias="FILON_ENRICH_CONCURRENCY")
    enrich_deadline: float = Field(default=30.0, gt=0, alias="FILON_ENRICH_DEADLINE")
    # The pattern provider: MX lookups (system resolver unless nameservers are given, as
    # host or host:port) and, only when asked, SMTP RCPT TO verification on port 25.
    dns_nameservers: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), alias="FILON_DNS_NAMESERVERS"
    )
    dns_timeout: float = Field(default=3.0, gt=0, alias="FILON_DNS_TIMEOUT")
    smtp_verify: bool = Field(default=False, alias="FILON_SMTP_VERIFY")
    smtp_port: int = Field(default=25, ge=1, le=65535, alias="FILON_SMTP_PORT")
    smtp_timeout: float = Field(default=8.0, gt=0, alias="FILON_SMTP_TIMEOUT")
    smtp_helo: str = Field(default="filon.localhost", alias="FILON_SMTP_HELO")
    smtp_from: str = Field(default="verify@filon.localhost", alias="FILON_SMTP_FROM")

    # Seconds one request to an outside API may take, connection to last byte (> 0: a zero or
    # negative timeout would make every request fail, or never time out).
    http_timeout: float = Field(default=10.0, gt=0, alias="FILON_HTTP_TIMEOUT")

    # Web pages allowed to drive the UI besides its own address (a reverse proxy, say), as
    # comma-separated origins; every other site's page is refused.
    ui_allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), alias="FILON_UI_ALLOWED_ORIGINS"
    )

    # Host names `filon mcp --http` answers besides this machine's and its --host address (the
    # names its clients use behind a proxy or on the LAN: `filon.example.com`, `host:8001`).
    mcp_allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), alias="FILON_MCP_ALLOWED_HOSTS"
    )

    # The web UI's login (docs/team.md): a password once the store has users; instead, the
    # header a trusted reverse proxy names the user in; OAuth providers (Chainlit's OAUTH_*
    # variables) beside the password form; the secret signing the login cookies (unset: one
    # `filon ui` keeps in FILON_HOME).
    ui_auth_header: str | None = Field(default=None, alias="FILON_UI_AUTH_HEADER")
    ui_oauth: bool = Field(default=False, alias="FILON_UI_OAUTH")
    ui_auth_secret: SecretStr | None = Field(default=None, alias="FILON_UI_AUTH_SECRET")

    # Slack (docs/slack.md): the bot user's token (xoxb-…), the app's signing secret that
    # /slack/events checks every request against, and the Web API's base URL (tests and
    # sandboxes point it at a fake).
    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="FILON_SLACK_API_URL")

    # Set by `filon ui` for its Chainlit process only: with CI=true in the environment Chainlit
    # replaces OPENAI_API_KEY with a fake one, so there the key travels in its own variable; and
    # how people log in, decided from the store (`ui.logins.login_mode`).
    ui_launched: bool = Field(default=False, alias="FILON_UI")
    ui_openai_api_key: SecretStr | None = Field(default=None, alias="FILON_UI_OPENAI_API_KEY")
    ui_login: LoginMode = Field(default="off", alias="FILON_UI_LOGIN")
    # Chainlit mounts its own Slack handler (which needs slack_bolt) when it sees SLACK_BOT_TOKEN
    # and SLACK_SIGNING_SECRET: the Chainlit process gets them under these names instead.
    ui_slack_bot_token: SecretStr | None = Field(default=None, alias="FILON_UI_SLACK_BOT_TOKEN")
    ui_slack_signing_secret: SecretStr | None = Field(
        default=None, alias="FILON_UI_SLACK_SIGNING_SECRET"
    )

    @field_validator("ui_auth_header", mode="before")
    @classmethod
    def _check_header(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        name = value.strip().lower()
        if not name:
            return None
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"{value.strip()!r} is not a header name like X-Forwarded-User")
        return name

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "ui_slack_bot_token",
        "ui_slack_signing_secret",
    )
    @classmethod
    def _blank_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        return SecretStr(value.get_secret_value().strip())

    @field_validator("slack_api_url")
    @classmethod
    def _check_slack_url(cls, value: str) -> str:
        url = value.strip()
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
            raise ValueError(f"{url!r} is not a URL like https://slack.com/api/")
        return url if url.endswith("/") else url + "/"

    @field_validator("ui_auth_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if len(value.get_secret_value().strip()) < MIN_AUTH_SECRET:
            raise ValueError(
                f"too short: at least {MIN_AUTH_SECRET} random characters "
                "(`chainlit create-secret` makes one)"
            )
        return SecretStr(value.get_secret_value().strip())

    @field_validator("ui_allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            value = [item for item in value.split(",") if item.strip()]
        if isinstance(value, list | tuple):
            return tuple(dict.fromkeys(normalise_origin(str(item)) for item in value))
        return value

    @field_validator("mcp_allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            value = [item for item in value.split(",") if item.strip()]
        if isinstance(value, list | tuple):
            return tuple(dict.fromkeys(normalise_host(str(item)) for item in value))
        return value

    @field_validator("enrich_providers", mode="before")
    @classmethod
    def _split_providers(cls, value: object) -> object:
        if isinstance(value, str):
            value = [item.strip().lower() for item in value.split(",") if item.strip()]
        if isinstance(value, list | tuple):
            unknown = [str(item) for item in value if str(item) not in ENRICH_PROVIDERS]
            if unknown:
                raise ValueError(
                    f"unknown enrichment provider {unknown[0]!r}: "
                    f"use {', '.join(ENRICH_PROVIDERS)}, comma-separated, in the order to ask them"
                )
            return tuple(dict.fromkeys(str(item) for item in value))
        return value

    @field_validator("crm_setting", mode="before")
    @classmethod
    def _split_crms(cls, value: object) -> object:
        from agent.crm.records import CRMS

        if isinstance(value, str):
            value = [item.strip().lower() for item in value.split(",") if item.strip()]
        if isinstance(value, list | tuple):
            unknown = [str(item) for item in value if str(item) not in CRMS]
            if unknown:
                raise ValueError(
                    f"unknown CRM {unknown[0]!r}: use {', '.join(CRMS)}, comma-separated"
                )
            return tuple(dict.fromkeys(str(item) for item in value))
        return value

    @field_validator("crm_mapping")
    @classmethod
    def _check_mapping(cls, value: Path | None) -> Path | None:
        # The team's mapping is read now, so that a mistake in it is told at start.
        if value is None:
            return None
        from agent.crm.mapping import load_mapping
        from agent.crm.records import CRMS

        path = value.expanduser()
        for crm in CRMS:
            load_mapping(crm, path)
        return path

    @field_validator("dns_nameservers", mode="before")
    @classmethod
    def _split_nameservers(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("intent_weights")
    @classmethod
    def _check_weights(cls, value: Path | None) -> Path | None:
        # A team's weights file is read now, so that a mistake in it is told at start.
        if value is None:
            return None
        from agent.signals.weights import load_weights

        path = value.expanduser()
        load_weights(path)
        return path

    @field_validator("icp")
    @classmethod
    def _check_icp(cls, value: Path | None) -> Path | None:
        # The team's profile is read now, so that a mistake in it is told at start.
        if value is None:
            return None
        from agent.qualification.icp import load_icp

        path = value.expanduser()
        load_icp(path)
        return path

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        self.home = self.home.expanduser()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'filon.db'}"
        self.database_url = normalise_url(self.database_url)
        if self.ui_launched:
            self.openai_api_key = self.ui_openai_api_key
            self.slack_bot_token = self.ui_slack_bot_token
            self.slack_signing_secret = self.ui_slack_signing_secret
        return self

    @property
    def crm_targets(self) -> tuple[str, ...]:
        """The CRMs SQLs are sent to: FILON_CRM, else every CRM whose keys are set, else the
        CSV file."""
        if self.crm_setting:
            return self.crm_setting
        configured = [
            name
            for name, key in (
                ("hubspot", self.hubspot_token),
                ("pipedrive", self.pipedrive_api_token),
                ("salesforce", self.salesforce_client_secret),
            )
            if key is not None and key.get_secret_value()
        ]
        return tuple(configured) or ("csv",)

    @property
    def crm_csv_path(self) -> Path:
        """The CSV target's file: FILON_CRM_CSV, else `$FILON_HOME/crm/sqls.csv`."""
        return (self.crm_csv or self.home / "crm" / "sqls.csv").expanduser()

    @property
    def offline(self) -> bool:
        """True when no LLM key is configured: the offline chat model drives the graph."""
        return self.openai_api_key is None or not self.openai_api_key.get_secret_value()

    def ensure_home(self) -> Path:
        """The data folder, created private (0700) if needed; `HomeUnavailable` when it cannot
        be created or written to."""
        try:
            private_folder(self.home)
        except (FileExistsError, NotADirectoryError) as error:
            raise HomeUnavailable(self.home, "not_a_folder", error.strerror or "") from error
        except PermissionError as error:
            raise HomeUnavailable(self.home, "not_writable", error.strerror or "") from error
        except OSError as error:
            problem: HomeProblem = "not_writable" if error.errno == errno.EROFS else "unusable"
            raise HomeUnavailable(self.home, problem, error.strerror or str(error)) from error
        if not os.access(self.home, os.W_OK | os.X_OK):
            raise HomeUnavailable(self.home, "not_writable", os.strerror(errno.EACCES))
        return self.home

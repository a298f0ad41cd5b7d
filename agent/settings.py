"""The one object that reads Filon's environment; everything else receives it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.i18n import Language

CompanySourceName = Literal["local", "api", "auto"]


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

    # Seconds one request to an outside API may take, connection to last byte (> 0: a zero or
    # negative timeout would make every request fail, or never time out).
    http_timeout: float = Field(default=10.0, gt=0, alias="FILON_HTTP_TIMEOUT")

    # Set by `filon ui` for its Chainlit process only: with CI=true in the environment Chainlit
    # replaces OPENAI_API_KEY with a fake one, so there the key travels in its own variable.
    ui_launched: bool = Field(default=False, alias="FILON_UI")
    ui_openai_api_key: SecretStr | None = Field(default=None, alias="FILON_UI_OPENAI_API_KEY")

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        self.home = self.home.expanduser()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'filon.db'}"
        if self.ui_launched:
            self.openai_api_key = self.ui_openai_api_key
        return self

    @property
    def offline(self) -> bool:
        """True when no LLM key is configured: the offline chat model drives the graph."""
        return self.openai_api_key is None or not self.openai_api_key.get_secret_value()

    def ensure_home(self) -> Path:
        """Create the data folder if needed and return it."""
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

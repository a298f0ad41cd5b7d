"""Process-wide state of the Chainlit app: its settings and one store engine, built lazily at
first use (never at import time) and rebuilt after the store failed."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import Engine

from agent.settings import Settings
from store.db import open_store

LAUNCHED_FLAG = "FILON_UI"
KEY_VARIABLE = "FILON_UI_OPENAI_API_KEY"


class UiLaunch(BaseSettings):
    """What `filon ui` passes to the Chainlit process besides the ordinary Filon settings.

    The LLM key travels in its own variable: with CI=true in the environment Chainlit
    replaces OPENAI_API_KEY with a fake one, so inside this process OPENAI_API_KEY is never
    trusted when `filon ui` started it.
    """

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    launched: bool = Field(default=False, alias=LAUNCHED_FLAG)
    openai_api_key: SecretStr | None = Field(default=None, alias=KEY_VARIABLE)


_settings: Settings | None = None
_engine: Engine | None = None


def ui_settings() -> Settings:
    """The app's settings, read once; the LLM key is the one `filon ui` saw (or none)."""
    global _settings
    if _settings is None:
        launch = UiLaunch()
        settings = Settings()
        if launch.launched:
            settings = settings.model_copy(update={"openai_api_key": launch.openai_api_key})
        _settings = settings
    return _settings


def shared_engine(settings: Settings) -> Engine:
    """The store engine every conversation of this process shares, opened at first use."""
    global _engine
    if _engine is None:
        settings.ensure_home()
        _engine = open_store(settings.database_url)
    return _engine


def reset_engine() -> None:
    """Drop the shared engine so the next turn opens (and migrates) the store again."""
    global _engine
    if _engine is not None:
        _engine.dispose()
        _engine = None

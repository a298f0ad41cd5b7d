"""The model that fills AI-column cells: ChatOpenAI (any OpenAI-compatible server) with its
own retries off — the column runner decides the waits per cell — or None in offline mode."""

from __future__ import annotations

from agent.columns.llm import ModelFiller
from agent.columns.prices import price_of
from agent.columns.retries import Backoff
from agent.columns.runner import RunOptions
from agent.i18n import Language
from agent.settings import Settings


def column_filler(settings: Settings, language: Language) -> ModelFiller | None:
    """A `ModelFiller` on the configured model, or None when no key is set."""
    if settings.offline:
        return None
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(
        model=settings.model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
        max_retries=0,
    )
    backoff = Backoff(retries=settings.llm_column_retries)
    return ModelFiller(model, name=settings.model, language=language, backoff=backoff)


def run_options(settings: Settings, concurrency: int | None = None) -> RunOptions:
    """The run's options from the settings (`concurrency` overrides FILON_LLM_CONCURRENCY)."""
    price = price_of(
        "rules" if settings.offline else settings.model,
        price_in=settings.llm_price_in,
        price_out=settings.llm_price_out,
    )
    return RunOptions(concurrency=concurrency or settings.llm_concurrency, price=price)

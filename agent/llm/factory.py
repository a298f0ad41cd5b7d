"""Where the chat model is chosen: ChatOpenAI with a key, the offline model without one."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agent.settings import Settings


def make_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI (any OpenAI-compatible server) when a key is set, else `OfflineChatModel`."""
    if settings.offline:
        from agent.llm.offline import OfflineChatModel

        return OfflineChatModel()

    from langchain_openai import ChatOpenAI

    # The key is passed explicitly: some hosts (Chainlit under CI=true) rewrite
    # OPENAI_API_KEY in the environment, and only Settings reads the environment.
    return ChatOpenAI(
        model=settings.model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        streaming=True,
    )


def model_name(model: BaseChatModel) -> str:
    """A short name for the model, as shown in `filon ask --json` and the UI."""
    for attribute in ("model_name", "model"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return model._llm_type

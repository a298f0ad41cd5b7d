"""The offline chat model: a deterministic, rule-based `BaseChatModel` for running with no key.

It reads the conversation, recognises the core intents in French and English (search,
company details, lead lists, leads, pipeline, help), calls the bound tools, and writes the
final answer from templates quoting the tool results. See `intents/` to add an intent.
"""

from agent.llm.offline.model import MODEL_NAME, OfflineChatModel

__all__ = ["MODEL_NAME", "OfflineChatModel"]

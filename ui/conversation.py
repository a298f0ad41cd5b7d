"""One Chainlit session's conversation: its chat session (opened lazily, closed at the end),
its thread id, its language, one turn at a time, and the results its buttons work on."""

from __future__ import annotations

import asyncio
import uuid
from collections import OrderedDict
from contextlib import AsyncExitStack

from agent.artifacts import Artifact
from agent.chat import ChatSession, open_chat_session
from agent.i18n import Language
from agent.settings import CompanySourceName, Settings
from ui.runtime import shared_engine

MAX_MESSAGE_CHARS = 4_000
KEPT_RESULTS = 30


class Conversation:
    """A rep's conversation in one browser tab."""

    def __init__(self, settings: Settings, language: Language, thread_id: str) -> None:
        self.settings = settings
        self.language = language
        self.thread_id = thread_id
        self.lock = asyncio.Lock()
        self.offline_noted = False
        self._results: OrderedDict[str, Artifact] = OrderedDict()
        self._stack: AsyncExitStack | None = None
        self._chat: ChatSession | None = None

    async def chat(self) -> ChatSession:
        """The chat session, opened at first use (and again after a failure closed it)."""
        if self._chat is None:
            stack = AsyncExitStack()
            try:
                engine = shared_engine(self.settings)
                self._chat = await stack.enter_async_context(
                    open_chat_session(self.settings, engine=engine)
                )
            except BaseException:
                await stack.aclose()
                raise
            self._stack = stack
        return self._chat

    async def close(self) -> None:
        """Close the chat session (its HTTP client and memory); the next turn reopens it."""
        stack, self._stack, self._chat = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def use_source(self, source: CompanySourceName) -> None:
        """Search companies in `source` from the next turn on."""
        async with self.lock:
            self.settings = self.settings.model_copy(update={"company_source": source})
            await self.close()

    def remember(self, artifact: Artifact) -> str:
        """Keep a shown result for its buttons; returns its id (the oldest ones are dropped)."""
        result_id = uuid.uuid4().hex[:12]
        self._results[result_id] = artifact
        while len(self._results) > KEPT_RESULTS:
            self._results.popitem(last=False)
        return result_id

    def result(self, result_id: object) -> Artifact | None:
        """A result shown earlier, or None once forgotten."""
        return self._results.get(str(result_id))

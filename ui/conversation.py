"""One Chainlit session's conversation: who it is (the logged-in login), its chat session
(opened lazily, closed at the end), its thread id, its language, one turn at a time, the results
its buttons work on, and what it was told once (offline mode, an empty store)."""

from __future__ import annotations

import asyncio
import uuid
from collections import OrderedDict
from contextlib import AsyncExitStack
from dataclasses import replace

from agent.artifacts import Artifact
from agent.chat import ChatSession, open_chat_session
from agent.chat.empty_store import store_has_no_company
from agent.i18n import Language
from agent.runtime import Runtime
from agent.settings import CompanySourceName, Settings
from ui.runtime import shared_runtime

MAX_MESSAGE_CHARS = 4_000
KEPT_RESULTS = 30


class Conversation:
    """A rep's conversation in one browser tab."""

    def __init__(self, settings: Settings, language: Language, thread_id: str, user: str) -> None:
        self.settings = settings
        self.language = language
        self.thread_id = thread_id
        self.user = user  # a login; the chat session reads their role from the users table
        self.lock = asyncio.Lock()
        self.offline_noted = False
        self.store_checked = False
        self.source: CompanySourceName | None = None  # None: the configured one
        self._results: OrderedDict[str, Artifact] = OrderedDict()
        self._stack: AsyncExitStack | None = None
        self._chat: ChatSession | None = None
        self._runtime: Runtime | None = None

    async def chat(self) -> ChatSession:
        """The chat session, opened at first use (and again after a failure closed it)."""
        runtime = await shared_runtime(self.settings)
        if self._runtime is not runtime:  # the shared runtime was reopened after a failure
            await self.close()
        if self._chat is None:
            stack = AsyncExitStack()
            try:
                chat = await stack.enter_async_context(open_chat_session(runtime, user=self.user))
            except BaseException:
                await stack.aclose()
                raise
            if self.source is not None:
                chat.context = replace(chat.context, companies=runtime.company_source(self.source))
            self._chat, self._stack, self._runtime = chat, stack, runtime
        return self._chat

    async def close(self) -> None:
        """Close the chat session (its conversation memory); the next turn reopens it."""
        stack, self._stack, self._chat, self._runtime = self._stack, None, None, None
        if stack is not None:
            await stack.aclose()

    async def use_source(self, source: CompanySourceName) -> None:
        """Search companies in `source` from the next turn on."""
        async with self.lock:
            self.source = source
            if self._chat is not None:
                runtime = await shared_runtime(self.settings)
                self._chat.context = replace(
                    self._chat.context, companies=runtime.company_source(source)
                )

    async def store_is_empty(self) -> bool:
        """Whether searches read a store holding no company: True once per conversation (the
        first time it is asked and found so), False after."""
        if self.store_checked:
            return False
        self.store_checked = True
        runtime = await shared_runtime(self.settings)
        source = self.source or self.settings.company_source
        return await asyncio.to_thread(store_has_no_company, runtime.engine, source)

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

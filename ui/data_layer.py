"""Chainlit's data layer on Filon's own store: the sidebar's saved conversations, reopened.

Chainlit persists only with a login, so `ui.app` registers this layer when the UI asks who is
there. It translates Chainlit's calls into the services' (`agent.chat.saved` to read,
`agent.chat.saving` to write, `agent.chat.forget` to delete), which decide who may do what; it
decides nothing itself. Who asks is the Chainlit session's user, or for the calls Chainlit makes
outside a session (its HTTP routes, a socket's connection) the request's (`ui.requester`).

- Users are Filon's: `get_user` answers for an active user of the `user` table (Chainlit's
  user id is the login), `create_user` never creates one.
- `get_thread` answers for the person asking: the owner and the team's managers read a thread,
  and Chainlit opens it for `userIdentifier` only, so that is the asker when they may read it
  and the owner otherwise (Chainlit then refuses). A manager reading a rep's thread can open it
  but not continue it: the chat service refuses their turns, and the saving service anything
  the UI would write there.
- `get_thread_author` is the owner: renaming, deleting, sharing a thread and its element pages
  are its owner's only, as Chainlit checks them against the author.
- Writes come from Chainlit's background tasks: they are made one at a time, in the order they
  were asked (a step's creation before its update), and a refusal or a store failure is logged
  rather than raised into a task nobody awaits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from chainlit.context import ChainlitContextException, get_context
from chainlit.data.base import BaseDataLayer
from chainlit.data.utils import queue_until_user_message
from chainlit.types import (
    Feedback,
    PageInfo,
    PaginatedResponse,
    Pagination,
    ThreadDict,
    ThreadFilter,
)
from chainlit.user import PersistedUser, User
from fastapi import HTTPException
from sqlalchemy.engine import Engine

from agent.chat import ThreadBusy
from agent.chat.forget import forget_thread
from agent.chat.saved import (
    list_saved,
    read_element,
    read_saved,
    thread_owner,
)
from agent.chat.saving import (
    keep_settings,
    name_saved,
    rate_step,
    remove_element,
    remove_step,
    save_element,
    save_step,
)
from agent.i18n import Language, t
from agent.settings import Settings
from agent.users import UserRequestError, get_user
from ui.failures import failure_text, is_store_failure
from ui.recording import kept_settings, saved_element, saved_step
from ui.replay import closed_thread, element_dict, listed_thread, thread_dict
from ui.requester import requester
from ui.texts import text

if TYPE_CHECKING:
    from chainlit.element import Element, ElementDict
    from chainlit.step import StepDict

log = logging.getLogger("filon.ui")

Result = TypeVar("Result")


class FilonDataLayer(BaseDataLayer):
    """Saved conversations in Filon's store, for Chainlit."""

    def __init__(self, settings: Settings, engine: Callable[[], Awaitable[Engine]]) -> None:
        self.settings = settings
        self._engine = engine  # the shared runtime's, fetched at each call (it may be reopened)
        self._writes = asyncio.Lock()

    # Users

    async def get_user(self, identifier: str) -> PersistedUser | None:
        """The active Filon user with this login; None for anyone else."""
        user = await self._run(get_user, identifier)
        if user is None or not user.active:
            return None
        return PersistedUser(
            id=user.login,
            identifier=user.login,
            createdAt=user.created_at.isoformat(),
            display_name=user.display_name,
            metadata={"role": user.role},
        )

    async def create_user(self, user: User) -> PersistedUser | None:
        """Never creates a Filon user (an admin does, `filon users add`): the user, if they are one."""
        return await self.get_user(user.identifier)

    # Threads

    async def list_threads(
        self, pagination: Pagination, filters: ThreadFilter
    ) -> PaginatedResponse[ThreadDict]:
        """The sidebar: the saved threads the user may read, latest first, page by page."""
        user = filters.userId
        if not user:
            raise HTTPException(status_code=401, detail="Unauthorized")
        page = await self._run(
            list_saved,
            user=user,
            first=pagination.first,
            cursor=pagination.cursor,
            search=filters.search,
            feedback=filters.feedback,
        )
        language = self._language()
        data = [listed_thread(item, viewer=user, language=language) for item in page.threads]
        info = PageInfo(
            hasNextPage=page.next is not None,
            startCursor=data[0]["id"] if data else None,
            endCursor=page.next,
        )
        return PaginatedResponse(pageInfo=info, data=data)

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        """The thread with what it showed, for whoever asks (see the module docstring)."""
        owner = await self._run(thread_owner, thread_id=thread_id)
        if owner is None:
            return None
        asker = self._asker()
        if asker is None:
            return closed_thread(thread_id, owner)
        try:
            saved = await self._run(read_saved, thread_id=thread_id, user=asker)
        except UserRequestError:  # another rep's thread; a user disabled since
            return closed_thread(thread_id, owner)
        if saved is None:
            return None
        return thread_dict(saved, opens_for=asker, language=self._language())

    async def get_thread_author(self, thread_id: str) -> str:
        """Who started the thread ("" for no such thread: Chainlit answers 404)."""
        return await self._run(thread_owner, thread_id=thread_id) or ""

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        """Name the thread (its first request, or its owner's rename) and keep its chat
        settings. `user_id` is not taken: a thread is whoever's first turn claimed it."""
        asker = self._asker()
        if asker is None:
            return
        chat_settings = kept_settings(metadata)
        async with self._writes:
            if name is not None:
                await self._write(name_saved, thread_id=thread_id, user=asker, name=name)
            if chat_settings is not None:
                await self._write(
                    keep_settings, thread_id=thread_id, user=asker, settings=chat_settings
                )

    async def delete_thread(self, thread_id: str) -> None:
        """Delete the thread, its steps and its conversation memory (its owner only)."""
        asker = self._asker()
        if asker is None:
            raise HTTPException(status_code=401, detail="Unauthorized")
        engine = await self._engine()
        language = self._language()
        try:
            await forget_thread(self.settings, engine, thread_id=thread_id, user=asker)
        except ThreadBusy as busy:
            reason = t("concurrency.thread_busy", language, thread=busy.thread_id)
            raise HTTPException(status_code=409, detail=_refused(reason, language)) from busy
        except UserRequestError as refused:
            reason = t(f"users.error.{refused.code}", language, **refused.values)
            raise HTTPException(status_code=403, detail=_refused(reason, language)) from refused
        except Exception as error:
            if not is_store_failure(error):
                raise
            reason = failure_text(error, language)
            raise HTTPException(status_code=503, detail=_refused(reason, language)) from error

    # Steps

    @queue_until_user_message()
    async def create_step(self, step_dict: StepDict) -> None:
        """Save a step as it is shown."""
        await self._save_step(step_dict)

    @queue_until_user_message()
    async def update_step(self, step_dict: StepDict) -> None:
        """Save a step again once it changed (an answer finished, a tool step done)."""
        await self._save_step(step_dict)

    @queue_until_user_message()
    async def delete_step(self, step_id: str) -> None:
        """Delete a step and its elements."""
        asker = self._asker()
        if asker is not None:
            async with self._writes:
                await self._write(remove_step, step_id=step_id, user=asker)

    async def _save_step(self, step_dict: StepDict) -> None:
        asker, thread_id = self._asker(), step_dict.get("threadId")
        if asker is None or not thread_id:
            return
        step = saved_step(step_dict)
        async with self._writes:
            await self._write(save_step, thread_id=thread_id, user=asker, step=step)

    # Elements

    @queue_until_user_message()
    async def create_element(self, element: Element) -> None:
        """Save a table (its props), a chart or a file (its bytes) shown with a step."""
        asker = self._asker()
        if asker is None or not element.for_id or not element.thread_id:
            return
        saved = await asyncio.to_thread(saved_element, element)
        async with self._writes:
            kept = await self._write(
                save_element, thread_id=element.thread_id, user=asker, element=saved
            )
        if kept is False:
            log.info("%s (%s) is too large to be shown again", element.name, element.thread_id)

    async def get_element(self, thread_id: str, element_id: str) -> ElementDict | None:
        """One element of a thread (Chainlit's element page, for the thread's author)."""
        asker = self._asker()
        if asker is None:
            return None
        try:
            element = await self._run(
                read_element, thread_id=thread_id, element_id=element_id, user=asker
            )
        except UserRequestError:
            return None
        return None if element is None else element_dict(element, thread_id)

    @queue_until_user_message()
    async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
        """Delete an element."""
        asker = self._asker()
        if asker is not None:
            async with self._writes:
                await self._write(remove_element, element_id=element_id, user=asker)

    # Feedback

    async def upsert_feedback(self, feedback: Feedback) -> str:
        """Rate an answer (one rating per answer: its id is the answer's)."""
        asker = self._asker()
        if asker is None:
            raise HTTPException(status_code=401, detail="Unauthorized")
        async with self._writes:
            await self._write(
                rate_step,
                step_id=feedback.forId,
                user=asker,
                value=int(feedback.value),
                comment=feedback.comment,
            )
        return feedback.forId

    async def delete_feedback(self, feedback_id: str) -> bool:
        """Take an answer's rating back."""
        asker = self._asker()
        if asker is None:
            return False
        async with self._writes:
            done = await self._write(rate_step, step_id=feedback_id, user=asker, value=None)
        return bool(done)

    # What Filon does not use

    async def get_favorite_steps(self, user_id: str) -> list[StepDict]:
        """Favorites are off in Filon's Chainlit configuration (`favorites = false`): none."""
        return []

    async def build_debug_url(self) -> str:
        """No debugging service: Chainlit shows no debug link."""
        return ""

    async def close(self) -> None:
        """Nothing to close: the engine is the shared runtime's, closed with it."""
        return None

    # Helpers

    def _asker(self) -> str | None:
        """The login of whoever asks: the Chainlit session's user, else the request's."""
        try:
            user = get_context().session.user
        except ChainlitContextException:
            user = None
        if user is not None:
            return user.identifier
        found = requester()
        return found.login if found is not None else None

    def _language(self) -> Language:
        found = requester()
        return found.language if found is not None else self.settings.language

    async def _run(self, function: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:
        """`function(engine, …)` in a worker thread (the store is synchronous)."""
        engine = await self._engine()
        return await asyncio.to_thread(function, engine, *args, **kwargs)

    async def _write(self, function: Callable[..., Result], **kwargs: Any) -> Result | None:
        """A write for Chainlit's background tasks: a refusal or a store failure is logged
        (the rep hears of it at their next turn), None returned; a bug is raised."""
        try:
            return await self._run(function, **kwargs)
        except UserRequestError as refused:  # another's thread, a user disabled since
            log.info("not saved: %s", refused)
        except ValueError as broken:  # an id of another thread's: never Filon's own
            log.warning("not saved: %s", broken)
        except Exception as error:
            if not is_store_failure(error):
                raise
            log.warning("not saved: %s", failure_text(error, self.settings.language))
        return None


def _refused(reason: str, language: Language) -> str:
    return text("thread_delete_refused", language, reason=reason)

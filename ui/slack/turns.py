"""Slack questions answered in the background of the web UI's server: Slack wants its request
acknowledged within 3 seconds, and a turn may take longer, so the endpoint hands each question
here and answers at once.

For one question: who asks (`agent.slack.people`: their linked user, or the user whose login is
their Slack email; in single-user mode, the single user), refused in one polite line when
nobody or a disabled user; then one turn of their Filon thread for this Slack conversation
(`ui.slack.incoming`), through the same chat session, graph and tools as the web UI; the answer
posted in the Slack thread as blocks (`ui.slack.render`). A turn already running in the same
conversation, a refusal of the users service, a store failure: each is one line in the thread.
Slack members' profiles are kept a few minutes (their language, their email); who they are in
Filon is read from the users table at every question, so a link removed or a user disabled
counts at once. At most `CONCURRENT_TURNS` turns run at a time.
"""

from __future__ import annotations

import asyncio
import logging
import time

from agent.chat import ThreadBusy, open_chat_session
from agent.http import OutsideApiError
from agent.i18n import Language, t
from agent.llm.language import language_signal
from agent.runtime import Runtime
from agent.settings import Settings
from agent.slack import Member, SlackApi, SlackApiError, SlackFailure, SlackNotConfigured
from agent.slack.messages import SlackMessage
from agent.slack.people import SlackPerson, person_of
from agent.users import UserRequestError
from ui.conversation import MAX_MESSAGE_CHARS
from ui.failures import failure_text, is_store_failure
from ui.logins import SINGLE_USER
from ui.runtime import reset_runtime, shared_runtime
from ui.slack.incoming import Question
from ui.slack.render import answer_message, text_message

log = logging.getLogger("filon.ui")

CONCURRENT_TURNS = 4
MEMBER_TTL = 600.0  # seconds a member's Slack profile is kept


class SlackTurns:
    """The questions being answered, started by the endpoint, stopped with the server."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tasks: set[asyncio.Task[None]] = set()
        self._running: asyncio.Semaphore | None = None
        self._members: dict[str, tuple[float, Member]] = {}

    def start(self, question: Question) -> None:
        """Answer `question` in the background."""
        task = asyncio.create_task(self._answer_safely(question))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self) -> None:
        """Wait for the questions being answered (tests, a graceful stop)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        """Cancel the questions still being answered."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _answer_safely(self, question: Question) -> None:
        if self._running is None:
            self._running = asyncio.Semaphore(CONCURRENT_TURNS)
        async with self._running:
            try:
                await self._answer(question)
            except (SlackFailure, SlackNotConfigured, OutsideApiError) as error:
                # Slack itself failed: there is nobody to tell but the log.
                log.warning("Slack: no answer posted to %s: %s", question.channel, error)
            except Exception:
                log.exception("Slack: the question in %s failed", question.channel)

    async def _answer(self, question: Question) -> None:
        runtime = await shared_runtime(self.settings)
        slack = runtime.slack()
        member = await self._member(slack, question.user)
        person = await asyncio.to_thread(person_of, runtime.engine, member, single_user=SINGLE_USER)
        language = language_signal(question.text) or person.language or self.settings.language
        line = _refusal(person, question, language)
        if line is None:
            reply = await self._turn(runtime, person, question, language)
        else:
            reply = text_message(line)
        await _post(slack, question, reply)

    async def _turn(
        self, runtime: Runtime, person: SlackPerson, question: Question, language: Language
    ) -> SlackMessage:
        assert person.login is not None, "a person refused is not asked"
        try:
            async with open_chat_session(runtime, user=person.login) as chat:
                result = await chat.ask(question.text, thread_id=question.thread_id)
        except ThreadBusy:
            return text_message(t("slack.events.busy", language))
        except UserRequestError as refused:
            return text_message(t(f"users.error.{refused.code}", language, **refused.values))
        except Exception as error:
            if not is_store_failure(error):
                raise
            await reset_runtime()
            return text_message(
                t("slack.events.failed", language, reason=failure_text(error, language))
            )
        return answer_message(result, language)

    async def _member(self, slack: SlackApi, user_id: str) -> Member:
        now = time.monotonic()
        kept = self._members.get(user_id)
        if kept is not None and kept[0] > now:
            return kept[1]
        try:
            member = await slack.user_info(user_id)
        except SlackApiError as error:  # a member of another workspace (Slack Connect)…
            log.warning("Slack: no profile for %s (%s)", user_id, error.code)
            member = Member(id=user_id)  # known by a link, or told how to be linked
        self._members[user_id] = (now + MEMBER_TTL, member)
        return member


def _refusal(person: SlackPerson, question: Question, language: Language) -> str | None:
    """The one line a person gets instead of an answer, or None when Filon answers them."""
    if person.login is None:
        return t("slack.events.not_linked", language, slack_id=person.slack_id)
    if not person.active:
        return t("slack.events.disabled", language, login=person.login)
    if not question.text:
        return t("slack.events.empty", language)
    if len(question.text) > MAX_MESSAGE_CHARS:
        return t(
            "slack.events.too_long", language, length=len(question.text), limit=MAX_MESSAGE_CHARS
        )
    return None


async def _post(slack: SlackApi, question: Question, message: SlackMessage) -> None:
    await slack.post_message(
        question.channel, text=message.text, blocks=message.blocks, thread_ts=question.reply_ts
    )

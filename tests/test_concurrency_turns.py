"""Turns sent at once on one conversation, from separate processes: each is either kept in the
conversation or refused with a clear message; none is silently lost."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from filon_processes import Store, finish, fresh_store, run_together, start, thread_messages

from agent.chat.turn_lock import ThreadBusy, lock_file, turn_lock
from agent.settings import Settings
from store.db import open_store

PROCESSES = 6
BUSY = "une autre demande est en cours sur cette conversation"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store(request.param, tmp_path):
        open_store(fresh.url).dispose()
        yield fresh


def test_turns_sent_at_once_on_one_thread_are_kept_or_refused_out_loud(store: Store) -> None:
    messages = [f"bonjour, message {index}" for index in range(PROCESSES)]
    finished = run_together(store, [["ask", message, "--thread", "T"] for message in messages])

    kept = [
        message.text
        for message in asyncio.run(thread_messages(store, "T"))
        if message.type == "human"
    ]
    for message, process in zip(messages, finished, strict=True):
        if process.returncode == 0:
            assert kept.count(message) == 1, (message, kept)
        else:
            assert process.returncode == os.EX_TEMPFAIL, process.stderr
            assert BUSY in process.stderr and len(process.stderr.strip().splitlines()) == 1
            assert message not in kept
    assert len(kept) == sum(process.returncode == 0 for process in finished)


def test_a_turn_on_a_busy_thread_says_so_and_records_nothing(tmp_path: Path) -> None:
    store = next(fresh_store("sqlite", tmp_path))

    async def ask_while_busy() -> tuple[int, str]:
        async with turn_lock(store.settings, "T"):
            process = start(store, "ask", "bonjour", "--thread", "T", FILON_LANGUAGE="en")
            done = await asyncio.to_thread(finish, process)
        return done.returncode, done.stderr

    code, stderr = asyncio.run(ask_while_busy())

    assert code == os.EX_TEMPFAIL
    assert stderr.startswith("filon: Your message was not handled: another request is running")
    assert asyncio.run(thread_messages(store, "T")) == []


async def test_the_thread_lock_is_per_thread_and_bounded(store: Store) -> None:
    settings_of = store.settings
    async with turn_lock(settings_of, "T"):
        async with turn_lock(settings_of, "another thread", wait_seconds=0):
            pass
        with pytest.raises(ThreadBusy) as busy:
            async with turn_lock(settings_of, "T", wait_seconds=0.2):
                pass
        assert busy.value.thread_id == "T"
    async with turn_lock(settings_of, "T", wait_seconds=0):  # released at the end of the turn
        pass


async def test_lock_files_do_not_pile_up(settings: Settings) -> None:
    async with turn_lock(settings, "a thread"):
        assert lock_file(settings, "a thread").exists()
    assert not lock_file(settings, "a thread").exists()

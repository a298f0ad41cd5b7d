"""`filon chat`: a terminal conversation, left with exit, quit, au revoir…, end of input or
Ctrl-C at the prompt (at once, in a real terminal); an empty store is told first."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.cli.chat import wants_to_leave
from store.db import open_store
from store.demo import seed_demo

runner = CliRunner()
FILON = Path(sys.executable).with_name("filon")


@pytest.fixture(autouse=True)
def _local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")
    monkeypatch.setenv("FILON_LANGUAGE", "fr")


def test_chat_answers_then_quits() -> None:
    result = runner.invoke(app, ["chat", "--thread", "c1"], input="bonjour\n\n/quit\nignored\n")
    assert result.exit_code == 0, result.output
    assert "hors ligne" in result.stdout and "conversation c1" in result.stdout
    assert result.stdout.count("filon ›") == 1


def test_chat_shows_answers_without_their_markdown_escapes() -> None:
    result = runner.invoke(app, ["chat"], input="pousse mes SQL dans HubSpot\n")
    assert result.exit_code == 0, result.output
    assert "HUBSPOT_TOKEN" in result.stdout and "\\_" not in result.stdout


def test_chat_ends_at_end_of_input() -> None:
    result = runner.invoke(app, ["chat"], input="bonjour\n")
    assert result.exit_code == 0, result.output
    assert "filon ›" in result.stdout


@pytest.mark.parametrize(
    "word", ["exit", "quit", "q", "/quit", "/exit", "au revoir", "Bye", " EXIT "]
)
def test_words_that_mean_leave(word: str) -> None:
    assert wants_to_leave(word)
    result = runner.invoke(app, ["chat"], input=f"{word}\nbonjour\n")
    assert result.exit_code == 0, result.output
    assert "filon ›" not in result.stdout, "left before answering anything"


def test_ordinary_requests_are_not_taken_for_leaving() -> None:
    for text in ("quitte la liste ESN", "exit strategy", "bye bye ESN", "q1 2026"):
        assert not wants_to_leave(text), text


def test_an_empty_store_is_told_with_what_to_run() -> None:
    result = runner.invoke(app, ["chat"], input="exit\n")
    assert "La base ne contient aucune entreprise" in result.stdout
    assert "filon demo" in result.stdout and "filon import sirene" in result.stdout


def test_a_store_with_companies_is_not_called_empty(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'home' / 'filon.db'}")
    seed_demo(engine, companies=50)
    engine.dispose()
    result = runner.invoke(app, ["chat"], input="exit\n")
    assert result.exit_code == 0, result.output
    assert "aucune entreprise" not in result.stdout


def test_ask_tells_an_empty_store_after_a_search() -> None:
    result = runner.invoke(app, ["ask", "trouve des ESN à Lyon", "--thread", "t"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("filon: La base ne contient aucune entreprise")
    assert "filon demo" in result.stderr and "aucune entreprise" not in result.stdout
    other = runner.invoke(app, ["ask", "résumé du pipeline", "--thread", "t2", "--json"])
    assert other.stderr == "", "said only when a search met the empty store"


def _read_until(fd: int, marker: bytes, limit: float = 60.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + limit
    while marker not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {marker!r} within {limit} s; got {seen!r}")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            seen += chunk
    return seen


def test_ctrl_c_at_the_prompt_leaves_at_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FILON_", "OPENAI_"))}
    env.update(FILON_HOME=str(tmp_path / "home"), FILON_COMPANY_SOURCE="local", TERM="dumb")
    env.update(FILON_LANGUAGE="fr")
    pid, fd = pty.fork()
    if pid == 0:  # the child: `filon chat` in a real terminal
        os.execve(str(FILON), [str(FILON), "chat"], env)
    try:
        _read_until(fd, "vous ›".encode())
        os.write(fd, "trouve des ESN à Lyon\r".encode())
        answered = _read_until(fd, "vous ›".encode())
        assert "filon ›".encode() in answered
        pressed = time.monotonic()
        os.write(fd, b"\x03")  # Ctrl-C, as the terminal sends it
        deadline = pressed + 10
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
            assert time.monotonic() < deadline, "still running 10 s after Ctrl-C"
            if select.select([fd], [], [], 0.05)[0]:  # keep the terminal drained
                with contextlib.suppress(OSError):
                    os.read(fd, 4096)
        assert os.waitstatus_to_exitcode(done[1]) == 0
        assert time.monotonic() - pressed < 3, "left at once, without waiting for Enter"
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)

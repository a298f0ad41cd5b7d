"""`filon chat`: a terminal conversation, left with /quit or end of input."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from agent.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")


def test_chat_answers_then_quits() -> None:
    result = runner.invoke(app, ["chat", "--thread", "c1"], input="bonjour\n\n/quit\nignored\n")
    assert result.exit_code == 0, result.output
    assert "hors ligne" in result.stdout and "conversation c1" in result.stdout
    assert result.stdout.count("filon ›") == 1


def test_chat_ends_at_end_of_input() -> None:
    result = runner.invoke(app, ["chat"], input="bonjour\n")
    assert result.exit_code == 0, result.output
    assert "filon ›" in result.stdout

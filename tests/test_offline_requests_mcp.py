"""Asking the chat for Filon in another assistant (MCP, a token, plugging Filon into an IDE or a
desktop app) gets an honest answer naming `filon mcp` and `filon users token`, never a company
search; a first name or a company that sounds like an assistant stays with its own intent."""

from __future__ import annotations

import pytest
from offline_fixtures import ask

ANSWERS = [
    ("comment brancher Filon à Claude ?", "filon mcp"),
    ("connect Filon to VS Code", "filon mcp"),
    ("je veux utiliser filon depuis cursor", "filon mcp"),
    ("donne-moi un jeton d'accès pour l'API", "filon users token"),
    ("create a personal access token for me", "filon users token"),
    ("est-ce que Filon a un serveur MCP ?", "filon mcp"),
]


@pytest.mark.parametrize(("text", "expected"), ANSWERS)
def test_the_request_gets_the_commands(text: str, expected: str) -> None:
    message = ask(text)
    assert message.tool_calls == [] and expected in message.text


CLOSE = [
    # "Claude" is a first name, "Cursor" could be a company, "token" a word of many requests
    "trouve Cursor Conseil à Lyon",
    "les décideurs de Claude Informatique",
    "ajoute Claude Conseil à la liste ESN Lyon",
    "qui est le DSI chez Copilote Systèmes ?",
]


@pytest.mark.parametrize("text", CLOSE)
def test_close_words_keep_their_intent(text: str) -> None:
    message = ask(text)
    assert "filon mcp" not in message.text
    assert message.tool_calls, message.text

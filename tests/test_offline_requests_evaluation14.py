"""Requests the fourteenth outside evaluation found misread (new reps and a manager): each now
becomes the right call, or a plain and honest answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import ask, assert_one_call, case

from agent.llm.offline.request import Request, is_statement

CALLS: list[Any] = [case("et en gagné ?", "list_leads", {"stage": "won"})]

ANSWERS: list[tuple[str, bool, str]] = []

# only a statement can be the reason of a move or an answer that writes data
STATEMENTS = [
    ("pas de budget cette année, ils repoussent à 2028", True),
    ("quand même, ils ont signé le bon de commande", True),
    ("hors cible", True),
    ("no budget, they're too small", True),
    ("ok qu'est ce qui manque ?", False),
    ("et en gagné ?", False),
    ("what's missing", False),
    ("ok", False),
    ("merci", False),
    ("on arrête là, je reprends demain", False),
    ("ok on arrête là", False),
]


@pytest.mark.parametrize(("text", "statement"), STATEMENTS)
def test_only_a_statement_can_be_a_reason(text: str, statement: bool) -> None:
    assert is_statement(Request(text)) is statement


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "previous", "expected"), ANSWERS)
def test_request_gets_a_plain_answer(text: str, previous: bool, expected: str) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == [] and expected in message.text

"""Filling AI columns: structured output from an OpenAI-compatible server, retries after 429
(Retry-After) and 5xx, failed cells that never stop the batch, slow answers in parallel, the
cache (0 calls on a second run; a prompt edit re-runs that column only), costs and tokens, and
a scripted model for type validation."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from columns_store import seed_list
from langchain_openai import ChatOpenAI
from openai_server import FakeOpenAI, Reply, fake_openai_server
from sqlalchemy import select
from sqlalchemy.engine import Engine

from agent.columns.define import add_column
from agent.columns.errors import CustomPromptOffline, UnknownVariables
from agent.columns.fill import ColumnSpec, Fill
from agent.columns.llm import ModelFiller
from agent.columns.prices import Price
from agent.columns.retries import Backoff
from agent.columns.runner import RunOptions, RunReport, run_columns
from store.models import AICell, AIColumnRun


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as state:
        yield state


def answer(value: Any, status: str = "answered", delay: float = 0.0) -> Reply:
    document = {"status": status, "value": value, "rationale": "vu sur le site", "confidence": 0.8}
    return Reply(text=json.dumps(document), delay=delay)


def filler(server: FakeOpenAI, waits: list[float] | None = None) -> ModelFiller:
    model = ChatOpenAI(model="gpt-4.1-mini", api_key="test", base_url=server.base_url,
                       max_retries=0, timeout=10)  # fmt: skip

    async def sleep(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)

    return ModelFiller(model, name="gpt-4.1-mini", language="fr",
                       backoff=Backoff(retries=3, base=0.01), sleep=sleep)  # fmt: skip


def run(
    engine: Engine, fill: Any, *, names: tuple[str, ...] = (), concurrency: int = 4
) -> RunReport:
    options = RunOptions(concurrency=concurrency, price=Price(0.4, 1.6))
    return asyncio.run(run_columns(engine, list_name="ESN Lyon", user="alice", filler=fill,
                                   language="fr", names=names, options=options))  # fmt: skip


def add(engine: Engine, name: str, prompt: str, kind: str, options: tuple[str, ...] = ()) -> None:
    add_column(engine, list_name="ESN Lyon", name=name, prompt=prompt, kind=kind,
               options=options, user="alice")  # fmt: skip


def cells(engine: Engine) -> list[AICell]:
    with engine.connect() as connection:
        rows = connection.execute(select(AICell).order_by(AICell.column_id, AICell.lead_id))  # type: ignore[arg-type]
        return [AICell.model_validate(row._mapping) for row in rows]


def test_cells_come_from_the_models_structured_output(engine: Engine, server: FakeOpenAI) -> None:
    seed_list(engine, 3)
    add(engine, "Utilise Salesforce", "Est-ce que $company_name utilise Salesforce ?", "boolean")
    server.replies = [answer(True), answer(False), answer(None, "no_info")]

    report = run(engine, filler(server))

    assert report.as_json() | {"seconds": 0, "cells_per_second": 0} == {
        "cells": 3, "filled": 3, "failed": 0, "cached": 0, "model_calls": 3, "seconds": 0,
        "cells_per_second": 0, "cost": pytest.approx(3 * (10 * 0.4 + 5 * 1.6) / 1e6),
    }  # fmt: skip
    request = server.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    assert any('"ACME 0" utilise' in r["messages"][0]["content"] for r in server.requests)
    stored = cells(engine)
    assert sorted((c.status, c.value) for c in stored) == [
        ("filled", False), ("filled", True), ("no_info", None)
    ]  # fmt: skip
    assert all(
        c.tokens_in == 10 and c.tokens_out == 5 and c.model == "gpt-4.1-mini" for c in stored
    )
    assert stored[0].facts == {"company_name": "ACME 0"}
    assert stored[0].rationale == "vu sur le site" and stored[0].confidence == 0.8
    with engine.connect() as connection:
        logged = connection.execute(select(AIColumnRun)).one()  # type: ignore[call-overload]
    assert (logged.cells, logged.model_calls, logged.tokens_in) == (3, 3, 30)
    assert logged.ended_at is not None


def test_a_429_with_retry_after_and_a_500_are_tried_again(
    engine: Engine, server: FakeOpenAI
) -> None:
    seed_list(engine, 1)
    add(engine, "Utilise Salesforce", "Est-ce que $company_name utilise Salesforce ?", "boolean")
    server.replies = [Reply(status=429, retry_after="2"), Reply(status=500), answer(True)]
    waits: list[float] = []

    report = run(engine, filler(server, waits))

    assert (report.filled, report.failed, report.model_calls) == (1, 0, 3)
    assert waits[0] == 2.0  # the server's Retry-After
    assert 0 < waits[1] < 0.1  # then the backoff
    assert [c.value for c in cells(engine)] == [True]


def test_a_cell_that_keeps_failing_is_marked_and_the_batch_goes_on(
    engine: Engine, server: FakeOpenAI
) -> None:
    seed_list(engine, 3)
    add(engine, "Utilise Salesforce", "Est-ce que $company_name utilise Salesforce ?", "boolean")
    server.replies = [Reply(status=400), answer(True), answer(False)]

    report = run(engine, filler(server), concurrency=1)

    assert (report.filled, report.failed) == (2, 1)
    failed = [c for c in cells(engine) if c.status == "failed"]
    assert len(failed) == 1 and failed[0].error is not None and "400" in failed[0].error
    # The next run tries the failed cell again, and only it.
    server.replies = [answer(True)]
    again = run(engine, filler(server))
    assert (again.filled, again.cached, again.model_calls) == (1, 2, 1)


def test_slow_answers_are_awaited_side_by_side(engine: Engine, server: FakeOpenAI) -> None:
    seed_list(engine, 8)
    add(engine, "Utilise Salesforce", "Est-ce que $company_name utilise Salesforce ?", "boolean")
    server.replies = [answer(True, delay=0.4) for _ in range(8)]

    report = run(engine, filler(server), concurrency=8)

    assert report.filled == 8
    assert server.most_at_once > 1  # one after the other, no two answers would overlap


def test_a_second_run_makes_no_call_and_an_edited_prompt_reruns_its_column_only(
    engine: Engine, server: FakeOpenAI
) -> None:
    seed_list(engine, 2)
    add(engine, "Utilise Salesforce", "Est-ce que $company_name utilise Salesforce ?", "boolean")
    add(engine, "Taille", "Combien de salariés a $company_name ($headcount) ?", "number")
    server.replies = [answer(True), answer(12), answer(True), answer(40)]
    assert run(engine, filler(server), concurrency=1).model_calls == 4

    cached = run(engine, filler(server))
    assert (cached.model_calls, cached.cached, cached.filled) == (0, 4, 0)

    add_column(engine, list_name="ESN Lyon", name="Utilise Salesforce",
               prompt="$company_name utilise-t-elle Salesforce ?", kind="boolean", user="alice",
               replace=True)  # fmt: skip
    server.replies = [answer(False), answer(False)]
    edited = run(engine, filler(server))
    assert (edited.model_calls, edited.cached, edited.filled) == (2, 2, 2)
    assert len(server.requests) == 6


class Scripted:
    """A scripted model: answers each question with the next value of its script."""

    name = "scripted"

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    async def fill(self, column: ColumnSpec, question: str) -> Fill:
        from agent.columns.llm import _read

        parsed = {"status": "answered", "value": self.values.pop(0), "rationale": "r",
                  "confidence": 90}  # fmt: skip
        return _read(column, {"parsed": parsed, "raw": None}, 1, 0, 0)


@pytest.mark.parametrize(
    ("kind", "options", "value", "reason"),
    [
        ("enum", ("oui", "non"), "peut-être", "'peut-être' is not one of oui, non"),
        ("number", (), "douze", "expected a number, got 'douze'"),
        ("score", (), 11, "a score is a whole number from 0 to 10, got 11"),
        ("boolean", (), "oui", "expected true or false, got 'oui'"),
        ("text", (), 42, "expected text, got 42"),
    ],
)
def test_a_value_of_the_wrong_type_fails_its_cell_with_the_reason(
    sqlite_engine: Engine, kind: str, options: tuple[str, ...], value: Any, reason: str
) -> None:
    seed_list(sqlite_engine, 1)
    add(sqlite_engine, "Colonne", "Question sur $company_name ?", kind, options)

    report = run(sqlite_engine, Scripted([value]))

    assert (report.failed, report.filled) == (1, 0)
    [cell] = cells(sqlite_engine)
    assert (cell.status, cell.error) == ("failed", f"invalid {kind}: {reason}")


@pytest.mark.parametrize(
    ("kind", "options", "value", "stored"),
    [
        ("enum", ("Oui", "Non"), "oui", "Oui"),
        ("number", (), 12.5, 12.5),
        ("score", (), 7, 7),
        ("boolean", (), False, False),
        ("text", (), "  Salesforce  ", "Salesforce"),
    ],
)
def test_every_type_keeps_a_valid_value(
    sqlite_engine: Engine, kind: str, options: tuple[str, ...], value: Any, stored: Any
) -> None:
    seed_list(sqlite_engine, 1)
    add(sqlite_engine, "Colonne", "Question sur $company_name ?", kind, options)

    run(sqlite_engine, Scripted([value]))

    [cell] = cells(sqlite_engine)
    assert (cell.status, cell.value, cell.confidence) == ("filled", stored, 0.9)


def test_an_unknown_template_variable_is_refused_naming_the_known_ones(
    sqlite_engine: Engine,
) -> None:
    seed_list(sqlite_engine, 1)
    with pytest.raises(UnknownVariables) as refused:
        add(sqlite_engine, "CRM", "Quel CRM utilise $company_name ($compagny_size, $crm) ?", "text")
    message = str(refused.value)
    assert message.startswith("unknown variables in the prompt: $compagny_size, $crm; use only ")
    assert "$company_name" in message and "$signals" in message and "\n" not in message


def test_offline_a_custom_prompt_is_refused_and_the_builtins_run_on_rules(
    sqlite_engine: Engine,
) -> None:
    seed_list(sqlite_engine, 4)
    add(
        sqlite_engine,
        "Utilise Salesforce",
        "Est-ce que $company_name utilise Salesforce ?",
        "boolean",
    )
    with pytest.raises(CustomPromptOffline):
        run(sqlite_engine, None)

    from agent.columns.define import add_builtins

    add_builtins(sqlite_engine, list_name="ESN Lyon", user="alice", language="fr")
    report = run(sqlite_engine, None)

    assert report.not_run == ["Utilise Salesforce"] and report.model == "rules"
    assert report.cells == 16 and report.model_calls == 0 and report.cost == 0
    assert {c.model for c in cells(sqlite_engine)} == {"rules"}
    with pytest.raises(CustomPromptOffline):
        run(sqlite_engine, None, names=("Utilise Salesforce",))


def test_a_list_without_columns_gets_the_builtins(sqlite_engine: Engine, tmp_path: Path) -> None:
    seed_list(sqlite_engine, 2)
    report = run(sqlite_engine, None)
    assert report.added_builtins and report.columns == [
        "Maturité d'achat", "Pertinence sectorielle", "Adéquation à l'offre", "Décideur identifié"
    ]  # fmt: skip
    assert report.filled == 8


def test_with_a_model_the_builtins_run_on_their_prompts(engine: Engine, server: FakeOpenAI) -> None:
    """`prompts/column_<key>.md`: each built-in's question reaches the model with the lead's
    facts in, typed (a score 0–10, or a boolean for the decision-maker)."""
    from agent.columns.define import add_builtins

    seed_list(engine, 1)
    add_builtins(engine, list_name="ESN Lyon", user="alice", language="fr")
    server.replies = [answer(7), answer(4), answer(6), answer(True)]

    report = run(engine, filler(server), concurrency=1)

    assert (report.cells, report.filled, report.model_calls, report.model) == (
        4, 4, 4, "gpt-4.1-mini"
    )  # fmt: skip
    prompts = [request["messages"][0]["content"] for request in server.requests]
    assert 'How ready is "ACME 0" to buy now?' in prompts[0]  # facts quoted, as data
    assert 'the sectors the\nlead list "ESN Lyon" targets' in prompts[1]
    assert 'How well does "ACME 0" fit a B2B offer' in prompts[2]
    assert 'Among the people known at "ACME 0"' in prompts[3]
    schemas = [r["response_format"]["json_schema"]["schema"] for r in server.requests]
    assert "boolean" in json.dumps(schemas[3]["properties"]["value"])
    assert sorted(c.value for c in cells(engine) if c.value is not True) == [4, 6, 7]

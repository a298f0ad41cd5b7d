"""`filon ask` offline: the JSON document, threads, one-line errors, and real answers on demo data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from agent.cli import app
from store.db import open_store
from store.demo.seed import seed_demo

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'store.db'}"
    engine = open_store(url)
    seed_demo(engine, companies=20_000)
    engine.dispose()
    return url


@pytest.fixture
def demo_store(monkeypatch: pytest.MonkeyPatch, demo_url: str) -> None:
    monkeypatch.setenv("FILON_DATABASE_URL", demo_url)
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")


def ask_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["ask", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_document_shape_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")
    document = ask_json("bonjour")
    assert set(document) == {"answer", "tool_calls", "thread_id", "model"}
    assert isinstance(document["answer"], str) and document["answer"]
    assert isinstance(document["tool_calls"], list)
    assert isinstance(document["thread_id"], str) and len(document["thread_id"]) == 32
    assert document["model"] == "filon-offline"


def test_a_new_thread_id_is_told_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")
    result = runner.invoke(app, ["ask", "bonjour"])
    assert result.exit_code == 0
    assert "--thread " in result.stderr
    assert "--thread" not in result.stdout

    result = runner.invoke(app, ["ask", "bonjour", "--thread", "mine"])
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "   "], "message vide"),
        (["ask", "bonjour", "--role", "boss"], "rôle inconnu « boss »"),
    ],
)
def test_user_mistakes_are_one_line_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert result.stdout == ""
    shown = result.stderr.replace("\u202f", " ")  # French quotes hold narrow no-break spaces
    assert message in shown and len(shown.strip().splitlines()) == 1


def test_unreachable_store_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILON_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    result = runner.invoke(app, ["ask", "bonjour"])
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1


def test_search_turn_on_demo_data(demo_store: None) -> None:
    document = ask_json("trouve des ESN de 50 à 200 salariés à Lyon")
    calls = document["tool_calls"]
    assert [call["name"] for call in calls] == ["search_companies"]
    args = calls[0]["args"]
    assert args["cities"] == ["LYON"] and args["naf_codes"] == ["62"]
    assert (args["headcount_min"], args["headcount_max"]) == (50, 200)
    answer = document["answer"]
    assert "SIREN" in answer and "Lyon" in answer


def test_follow_up_turns_on_demo_data(demo_store: None) -> None:
    first = ask_json("trouve des ESN à Lyon", "--thread", "t1")
    second = ask_json("crée une liste Lyon IT avec ces entreprises", "--thread", "t1")
    names = [call["name"] for call in second["tool_calls"]]
    assert "create_lead_list" in names, second
    assert first["thread_id"] == second["thread_id"] == "t1"


def test_pipeline_turn_for_a_manager(demo_store: None) -> None:
    document = ask_json("résumé du pipeline ce mois-ci", "--role", "manager", "--user", "lea")
    assert [call["name"] for call in document["tool_calls"]] == ["pipeline_summary"]
    assert "Pipeline" in document["answer"]


def test_english_request_gets_an_english_answer(demo_store: None) -> None:
    document = ask_json("find IT companies in Lyon")
    assert document["answer"].startswith("I found")


def test_the_text_answer_shows_no_markdown_escapes(demo_store: None, demo_url: str) -> None:
    from sqlmodel import Session, col, select

    from store.models import Contact

    engine = open_store(demo_url)
    with Session(engine) as session:
        contact = session.exec(
            select(Contact).where(col(Contact.phone).startswith("+33")).limit(1)
        ).one()
    engine.dispose()
    request = f"fiche {contact.company_siren}"
    markdown = ask_json(request)["answer"]
    assert f"\\{contact.phone}" in markdown  # Markdown surfaces keep the escape
    result = runner.invoke(app, ["ask", request])
    assert result.exit_code == 0, result.output
    assert contact.phone in result.stdout and "\\+" not in result.stdout
    assert "**" in result.stdout  # only the escapes go: the rest is as written

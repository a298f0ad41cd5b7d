"""`filon digest --slack '#ventes'`, for cron: the weekly digest posted to a fake Slack as
blocks (every table of the dashboard, names escaped), one line on stdout saying where; with
`--html` too, the file as well; and every refusal — Slack not set up, a channel Slack does not
know or Filon is not in, a token it refuses, its rate limit — one line on stderr, exit 1, nothing
posted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_store import ALICE, SOPHIE, seed_dashboard
from slack_fake import TOKEN, Fault, SlackServer, SlackState, rate_limited, serve
from typer.testing import CliRunner

from agent.cli import app
from agent.settings import Settings
from agent.users import add_user
from store.db import open_store

HOSTILE = "<!channel> @here *Alice*"


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackServer]:
    state = SlackState()
    state.add_channel("C0VENTES01", "ventes")
    state.add_channel("C0GENERAL1", "general", filon_in=False)
    with serve(state) as server:
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("FILON_SLACK_API_URL", server.base_url)
        yield server


@pytest.fixture
def store(settings: Settings) -> Settings:
    current = Settings()
    current.ensure_home()
    engine = open_store(current.database_url)
    seed_dashboard(engine, name="<https://evil.example|x> & Cie")
    add_user(engine, login=SOPHIE, by=SOPHIE, role="manager", display_name="Sophie Leclerc")
    add_user(engine, login=ALICE, by=SOPHIE, role="rep", display_name=HOSTILE)
    engine.dispose()
    return current


def filon(*args: str, language: str = "fr") -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language})


def test_the_digest_is_posted_to_the_channel_as_blocks(store: Settings, slack: SlackServer) -> None:
    result = filon("digest", "--slack", "#ventes", "--weeks", "4", "--user", SOPHIE)
    assert result.exit_code == 0, result.output
    (posted,) = slack.state.posted
    assert result.stdout == (
        f"Point hebdomadaire publié sur #ventes dans Slack (message {posted.ts}).\n"
    )
    assert posted.channel == "C0VENTES01" and posted.thread_ts is None
    assert posted.text.startswith("Point hebdomadaire du pipeline — toute l'équipe, établi le ")
    texts = posted.block_texts()
    assert texts[0].startswith("*Filon — point hebdomadaire du pipeline*\n_Établi le ")
    assert sum(text.startswith("*") for text in texts) == 10  # the title and nine tables
    assert "*Leads qui dorment*" in "\n".join(texts)
    assert texts[-1] == "Envoyé depuis Filon par Sophie Leclerc."
    whole = posted.all_text()
    assert "&lt;!channel&gt;" in whole and "<!channel>" not in whole and "<https" not in whole
    assert "@here" not in whole
    assert not (store.home / "digests").exists()  # no file unless --html says so
    body = json.loads(slack.handler.calls("chat.postMessage")[0].content)
    assert body["channel"] == "#ventes" and len(body["blocks"]) <= 50


def test_with_html_too_the_file_is_written_as_well(
    store: Settings, slack: SlackServer, tmp_path: Path
) -> None:
    page = tmp_path / "digest.html"
    result = filon(
        "digest", "--slack", "C0VENTES01", "--html", str(page), "--user", SOPHIE, language="en"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Weekly digest posted to C0VENTES01 in Slack (message ")
    assert lines[1] == f"Weekly digest written: {page}"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_reps_digest_is_their_own(store: Settings, slack: SlackServer) -> None:
    assert filon("digest", "--slack", "#ventes", "--user", ALICE).exit_code == 0
    (posted,) = slack.state.posted
    assert "les leads de" in posted.text and "Sophie" not in posted.all_text()


@pytest.mark.parametrize(
    ("channel", "fault", "said"),
    [
        ("#inconnu", None, "Slack ne trouve pas le canal #inconnu"),
        ("#general", None, "Filon n'est pas membre de #general : invitez-le"),
        ("bad channel", None, "«\u202fbad channel\u202f» n'est pas un canal Slack"),
        ("#ventes", rate_limited(90), "Slack limite le nombre de messages : rien n'a été publié ; réessayez dans 90 s."),
    ],
)  # fmt: skip
def test_a_refusal_is_one_line_on_stderr(
    store: Settings, slack: SlackServer, channel: str, fault: Any, said: str
) -> None:
    if fault is not None:
        slack.handler.faults.append(Fault(fault, "chat.postMessage"))
    result = filon("digest", "--slack", channel, "--user", SOPHIE)
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("filon: Point hebdomadaire non publié : " + said)
    assert not slack.state.posted


def test_a_token_slack_refuses_or_none_at_all(
    store: Settings, slack: SlackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-someone-elses")
    refused = filon("digest", "--slack", "#ventes", "--user", SOPHIE, language="en")
    assert refused.exit_code == 1
    assert "Slack refuses Filon's token: check SLACK_BOT_TOKEN" in refused.stderr
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    unset = filon("digest", "--slack", "#ventes", "--user", SOPHIE, language="en")
    assert unset.exit_code == 1
    assert unset.stderr == (
        "filon: Weekly digest not posted: Slack is not set up: set SLACK_BOT_TOKEN "
        "(see docs/slack.md), then start Filon again.\n"
    )
    assert not slack.state.posted

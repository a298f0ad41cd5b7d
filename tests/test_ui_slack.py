"""Slack's Events API on the real web UI's server (`filon ui`), answered through a fake Slack:
unsigned, badly signed, tampered and stale requests are refused with 401 and nothing runs;
Slack's URL check is answered; a mention is answered in its thread and a direct message in the
conversation, as blocks, by the chat graph, as the Filon user the Slack member is; a retried
event is not run twice; a member Filon does not know, or a disabled user, gets one polite line;
hostile company names reach Slack as plain text."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hostile_company import EVIL_HOST, add_hostile_company
from slack_fake import (
    SIGNING_SECRET,
    TOKEN,
    Posted,
    SlackServer,
    SlackState,
    direct_message,
    event_callback,
    mention,
    serve,
    signed,
)
from ui_server import UiServer, running_ui

from agent.cli.ui import child_environment
from agent.settings import Settings
from agent.users import add_user, disable_user
from store.db import open_store
from store.demo import seed_demo
from store.models import Company
from store.repositories.companies import upsert_companies

pytestmark = pytest.mark.ui

VENTES, DM_MAYA, DM_ALICE, DM_OTHER = "C0VENTES01", "D0MAYA0001", "D0ALICE001", "D0OTHER001"
SLACK_ATTACK = "Zorglub Slack <!channel> *Gratuit* <https://evil.example|clic> @here ```"


@dataclass(frozen=True)
class Setup:
    ui: UiServer
    slack: SlackServer


def _prepare_store(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    try:
        seed_demo(engine, companies=300, seed=7)
        add_user(engine, login="maya.roux", by="maya.roux", role="manager", slack_id="U0MAYA0001")
        add_user(engine, login="alice.martin", by="maya.roux", slack_id="U0ALICE001")
        add_user(engine, login="nadia.leroy@acme.fr", by="maya.roux")
        add_user(engine, login="chloe.bernard", by="maya.roux", slack_id="U0CHLOE001")
        disable_user(engine, login="chloe.bernard", by="maya.roux")
        upsert_companies(
            engine,
            companies=[Company(siren="356000000", name=SLACK_ATTACK, city="LYON", source="manual")],
        )
    finally:
        engine.dispose()
    add_hostile_company(home)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp("ui-slack")
    _prepare_store(folder / "home")
    state = SlackState()
    state.add_member("U0MAYA0001", "Maya Roux", locale="fr-FR")
    state.add_member("U0ALICE001", "Alice Martin", locale="en-GB")
    state.add_member("U0NADIA001", "Nadia Leroy", email="Nadia.Leroy@acme.fr")
    state.add_member("U0CHLOE001", "Chloé Bernard")
    state.add_member("U0STRANGER", "Someone Else", email="someone@elsewhere.example")
    state.add_channel(VENTES, "ventes")
    for channel in (DM_MAYA, DM_ALICE, DM_OTHER):
        state.add_channel(channel, channel.lower(), im=True)
    with serve(state) as slack:
        env = {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "FILON_SLACK_API_URL": slack.base_url,
        }
        with running_ui(folder, env=env) as ui:
            yield Setup(ui, slack)


def _send(setup: Setup, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{setup.ui.url}/slack/events", content=body, headers=headers, timeout=10)


def _answers(setup: Setup, count: int, since: int) -> list[Posted]:
    """The `count` messages posted after the first `since` ones."""
    posted = setup.slack.wait_for_posts(since + count, timeout=60)
    assert len(posted) == since + count, setup.ui.output()[-3000:]
    return posted[since:]


def test_requests_not_signed_by_slack_are_refused_and_nothing_runs(setup: Setup) -> None:
    before = len(setup.slack.handler.requests)
    body = event_callback(mention("U0MAYA0001", "résumé du pipeline", channel=VENTES, ts="10.1"))
    other = event_callback(mention("U0MAYA0001", "autre chose", channel=VENTES, ts="10.2"))
    refused = {
        "unsigned": _send(setup, body, {"Content-Type": "application/json"}),
        "another secret": _send(setup, body, signed(body, "not-the-apps-secret")),
        "another body": _send(setup, body, signed(other)),
        "stale": _send(setup, body, signed(body, timestamp=int(time.time()) - 3_600)),
        "from the future": _send(setup, body, signed(body, timestamp=int(time.time()) + 3_600)),
    }
    assert {name: r.status_code for name, r in refused.items()} == dict.fromkeys(refused, 401)
    assert refused["unsigned"].text == "Requête refusée : elle n'est pas signée par Slack.\n"
    assert "cinq minutes" in refused["stale"].text
    time.sleep(2)
    assert len(setup.slack.handler.requests) == before  # nobody looked up, nothing posted
    assert "Slack : requête sans signature refusée sur /slack/events" in setup.ui.output()


def test_slacks_url_check_is_answered(setup: Setup) -> None:
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
         "type": "url_verification"}
    ).encode()  # fmt: skip
    answer = _send(setup, body, signed(body))
    assert answer.status_code == 200
    assert answer.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert _send(setup, body, {"Content-Type": "application/json"}).status_code == 401


def test_a_mention_is_acknowledged_at_once_and_answered_in_its_thread(setup: Setup) -> None:
    since = len(setup.slack.state.posted)
    body = event_callback(
        mention("U0MAYA0001", "résumé du pipeline par commercial", channel=VENTES, ts="20.1")
    )
    started = time.monotonic()
    acknowledged = _send(setup, body, signed(body))
    assert acknowledged.status_code == 200 and time.monotonic() - started < 3
    (answer,) = _answers(setup, 1, since)
    assert (answer.channel, answer.thread_ts) == (VENTES, "20.1")
    texts = answer.block_texts()
    assert texts[0].startswith("Pipeline — cette semaine, du ")
    assert "*Pipeline par commercial*" in answer.all_text()  # the stacked bars, as a table
    assert any(text.startswith("```\nCommercial") for text in texts)
    # a manager: the team's figures, reps by their display names
    assert "Alice Martin" in answer.all_text() and "alice.martin" not in answer.all_text()


def test_a_retried_event_is_not_run_twice(setup: Setup) -> None:
    since = len(setup.slack.state.posted)
    body = event_callback(
        direct_message("U0MAYA0001", "quels leads dorment ?", channel=DM_MAYA, ts="30.1")
    )
    assert _send(setup, body, signed(body)).status_code == 200
    retried = _send(setup, body, signed(body, retry=1))
    assert retried.status_code == 200
    (answer,) = _answers(setup, 1, since)
    assert answer.channel == DM_MAYA and answer.thread_ts is None  # a DM: at the top level
    assert answer.block_texts()[0].startswith("Leads qui dorment pour l'équipe")
    time.sleep(2)
    assert len(setup.slack.state.posted) == since + 1
    looked_up = [c.url.params["user"] for c in setup.slack.handler.calls("users.info")]
    assert looked_up.count("U0MAYA0001") == 1  # her profile is kept a few minutes


def test_a_direct_message_conversation_posts_the_pipeline_to_a_channel(setup: Setup) -> None:
    since = len(setup.slack.state.posted)
    first = event_callback(
        direct_message("U0ALICE001", "find Zorglub", channel=DM_ALICE, ts="40.1")
    )
    _send(setup, first, signed(first))
    (found,) = _answers(setup, 1, since)
    text = found.all_text()
    assert "Zorglub" in text
    for attack in ("<!channel>", "@here", f"<https://{EVIL_HOST}", "<img"):
        assert attack not in text, attack
    assert "\nZorglub Slack &lt;!channel&gt; *Gratu…  Lyon" in text  # a cell: monospaced
    assert all(block.count("```") % 2 == 0 for block in found.block_texts())  # none cut open
    body = event_callback(
        direct_message(
            "U0ALICE001",
            "post my pipeline summary to <#C0VENTES01|ventes>",
            channel=DM_ALICE,
            ts="40.2",
        )
    )
    _send(setup, body, signed(body))
    posted, said = _answers(setup, 2, since + 1)
    assert posted.channel == VENTES and posted.thread_ts is None
    assert posted.text.startswith("Pipeline — Alice Martin's leads, ")  # Alice's own, in English
    assert said.channel == DM_ALICE
    assert said.block_texts()[0].startswith(
        "Posted to #ventes in Slack: the pipeline of Alice Martin"
    )


def test_a_member_is_known_by_their_email_as_a_login(setup: Setup) -> None:
    since = len(setup.slack.state.posted)
    body = event_callback(mention("U0NADIA001", "mes leads", channel=VENTES, ts="50.1"))
    _send(setup, body, signed(body))
    (answer,) = _answers(setup, 1, since)
    assert (
        answer.thread_ts == "50.1"
        and "Je ne sais pas encore qui vous êtes" not in answer.all_text()
    )


def test_strangers_and_disabled_users_get_one_polite_line(setup: Setup) -> None:
    since = len(setup.slack.state.posted)
    stranger = event_callback(
        direct_message("U0STRANGER", "résumé du pipeline", channel=DM_OTHER, ts="60.1")
    )
    disabled = event_callback(mention("U0CHLOE001", "mes leads", channel=VENTES, ts="60.2"))
    _send(setup, stranger, signed(stranger))
    (told,) = _answers(setup, 1, since)
    _send(setup, disabled, signed(disabled))
    (refused,) = _answers(setup, 1, since + 1)
    assert told.block_texts() == [
        "Bonjour ! Je ne sais pas encore qui vous êtes dans Filon : demandez à un administrateur "
        "de lier votre compte Slack à votre identifiant (filon users link VOTRE.IDENTIFIANT "
        "--slack-id U0STRANGER)."
    ]
    assert refused.block_texts() == [
        "Votre compte Filon (chloe.bernard) est désactivé : demandez à un administrateur de le "
        "réactiver."
    ]
    assert refused.thread_ts == "60.2"
    ghost = event_callback(mention("U0GHOST001", "mes leads", channel=VENTES, ts="60.3"))
    _send(setup, ghost, signed(ghost))  # Slack has no profile for them (another workspace)
    (unknown,) = _answers(setup, 1, since + 2)
    assert "--slack-id U0GHOST001" in unknown.all_text() and unknown.thread_ts == "60.3"


def test_filon_ui_hands_slack_to_its_own_handler_never_to_chainlits(tmp_path: Path) -> None:
    settings = Settings(
        FILON_HOME=tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s3cr3t"
    )
    env = child_environment(settings, tmp_path, ["http://127.0.0.1:8000"])
    assert "SLACK_BOT_TOKEN" not in env and "SLACK_SIGNING_SECRET" not in env
    assert (env["FILON_UI_SLACK_BOT_TOKEN"], env["FILON_UI_SLACK_SIGNING_SECRET"]) == (
        "xoxb-1",
        "s3cr3t",
    )
    child = Settings(_env_file=None, **{k: v for k, v in env.items() if k.startswith("FILON_")})  # type: ignore[call-arg]
    assert (
        child.slack_bot_token is not None and child.slack_bot_token.get_secret_value() == "xoxb-1"
    )
    assert child.slack_signing_secret is not None

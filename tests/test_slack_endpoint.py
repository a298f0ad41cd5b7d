"""`POST /slack/events` on a bare Starlette app (the UI server's test is test_ui_slack.py): what
is refused before any event runs — Slack not set up (503, naming the setting), a body too large
for an event (413, read no further), a signed body that is not JSON or an event without its id
(400) — and what is only acknowledged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slack_fake import SIGNING_SECRET, TOKEN, signed
from starlette.applications import Starlette
from starlette.testclient import TestClient

from agent.settings import Settings
from ui.slack.endpoint import MAX_BODY, PATH, SlackEvents


def _client(tmp_path: Path, **settings: str) -> TestClient:
    app = Starlette()
    SlackEvents(Settings(FILON_HOME=tmp_path, FILON_LANGUAGE="en", **settings)).mount(app)
    return TestClient(app)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return _client(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)


def test_without_its_settings_the_endpoint_says_what_to_set(tmp_path: Path) -> None:
    answer = _client(tmp_path, SLACK_BOT_TOKEN=TOKEN).post(PATH, content=b"{}")
    assert answer.status_code == 503
    assert answer.text == (
        "Slack is not set up: set SLACK_SIGNING_SECRET (see docs/slack.md), then start Filon "
        "again.\n"
    )


def test_a_body_too_large_for_an_event_is_not_read(client: TestClient) -> None:
    huge = b"x" * (MAX_BODY + 1)
    assert client.post(PATH, content=huge, headers=signed(huge)).status_code == 413

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(MAX_BODY // 1024 + 2):
            yield b"x" * 1024

    assert client.post(PATH, content=chunks()).status_code == 413  # no length said


def test_signed_bodies_that_are_not_events(client: TestClient) -> None:
    for body in (b"token=x&team_id=T1", b"[1, 2]"):
        answer = client.post(PATH, content=body, headers=signed(body))
        assert answer.status_code == 400
        assert answer.text == "Request refused: not a Slack event (JSON expected).\n"
    no_id = json.dumps({"type": "event_callback", "event": {"type": "app_mention"}}).encode()
    assert client.post(PATH, content=no_id, headers=signed(no_id)).status_code == 400
    other = json.dumps({"type": "app_rate_limited", "minute_rate_limited": 1}).encode()
    assert client.post(PATH, content=other, headers=signed(other)).status_code == 200


def test_only_post_is_served(client: TestClient) -> None:
    assert client.get(PATH).status_code == 405

"""The pipeline posted to Slack from a conversation on the real graph, offline model and tools,
against a fake Slack: a manager posts the team's figures by rep, a rep only their own (and not
a teammate's), "envoie-le" posts the summary just shown, and what Slack refuses — or a Slack
not set up — is said in one line, with nothing posted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from slack_fake import TOKEN, SlackServer, SlackState, serve

from agent.users import add_user
from store.db import open_store

MAYA, ALICE = "maya.roux", "alice.martin"
HOSTILE_MANAGER = "<!channel> *Maya* Roux"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = seeded_home(tmp_path_factory.mktemp("conversations-slack"))
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    add_user(engine, login=MAYA, by=MAYA, role="manager", display_name=HOSTILE_MANAGER)
    for login in (ALICE, "bruno.petit", "chloe.bernard", "david.roux"):
        add_user(engine, login=login, by=MAYA, role="rep")
    engine.dispose()
    return home


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackServer]:
    state = SlackState()
    state.add_channel("C0VENTES01", "ventes")
    state.add_channel("C0GENERAL1", "general", filon_in=False)
    with serve(state) as server:
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("FILON_SLACK_API_URL", server.base_url)
        yield server


async def test_a_manager_posts_the_weeks_pipeline_by_rep_to_a_channel(
    home: Path, slack: SlackServer
) -> None:
    async with conversation(home, user=MAYA, role="manager", thread_id="maya") as thread:
        said = await thread.say("Envoie le résumé du pipeline sur #ventes")
    assert thread.calls == [("post_pipeline_to_slack", {"channel": "#ventes"})]
    (artifact,) = said.artifacts
    assert artifact["kind"] == "slack_post" and artifact["channel_id"] == "C0VENTES01"
    assert said.answer.startswith(r"C'est publié sur \#ventes dans Slack : le pipeline de toute")
    (posted,) = slack.state.posted_to("C0VENTES01")
    assert artifact["ts"] == posted.ts and posted.thread_ts is None
    text = posted.all_text()
    assert text.startswith("*Pipeline — toute l'équipe*\n_cette semaine, du ")
    by_rep = next(t for t in posted.block_texts() if t.startswith("```\nCommercial"))
    for name in ("Alice Martin", "Bruno Petit", "Chloe Bernard", "David Roux"):
        assert f"\n{name} " in by_rep
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text  # the manager's own name


async def test_a_rep_posts_only_their_own_figures(home: Path, slack: SlackServer) -> None:
    async with conversation(home, user=ALICE, thread_id="alice") as thread:
        mine = await thread.say("post my pipeline for last month to #sales-team")
        assert thread.calls == [
            (
                "post_pipeline_to_slack",
                {"channel": "#sales-team", "period": "last_month", "mine": True},
            )
        ]
        assert "Slack cannot find the channel" in mine.answer  # no #sales-team in the workspace
        posted = await thread.say("post my pipeline for last month to #ventes")
        assert posted.answer.startswith(
            r"Posted to \#ventes in Slack: the pipeline of Alice Martin"
        )
        refused = await thread.say("envoie le pipeline de bruno.petit sur #ventes")
        assert thread.calls == [
            ("post_pipeline_to_slack", {"channel": "#ventes", "owner": "bruno.petit"})
        ]
        assert refused.answer.startswith("Un commercial ne voit que son propre pipeline")
        assert not refused.artifacts
    (message,) = slack.state.posted_to("C0VENTES01")
    assert message.text == "Pipeline — Alice Martin's leads, 1 Nov 2026 to 30 Nov 2026"
    by_rep = next(t for t in message.block_texts() if t.startswith("```\nRep"))
    assert "Alice Martin" in by_rep and "Bruno Petit" not in by_rep


async def test_envoie_le_posts_the_summary_just_shown(home: Path, slack: SlackServer) -> None:
    async with conversation(home, user=MAYA, role="manager", thread_id="followup") as thread:
        await thread.say("pipeline de Chloé le mois dernier")
        shown = thread.turns[-1].artifacts[0]
        await thread.say("envoie-le sur #ventes")
        assert thread.calls == [
            (
                "post_pipeline_to_slack",
                {"channel": "#ventes", "period": "last_month", "owner": "chloe.bernard"},
            )
        ]
    (posted,) = slack.state.posted
    assert posted.text.startswith("Pipeline — les leads de Chloe Bernard, du ")
    assert shown["period"]["start"][8:] == "01"


async def test_what_slack_refuses_is_said_and_nothing_is_posted(
    home: Path, slack: SlackServer
) -> None:
    async with conversation(home, user=MAYA, role="manager", thread_id="refused") as thread:
        answer = await thread.say("envoie le résumé du pipeline sur #general")
    assert answer.answer == (
        r"Filon n'est pas membre de \#general : invitez-le dans le canal (/invite @Filon), "
        "puis redemandez."
    )
    assert not slack.state.posted


async def test_without_slack_set_up_it_says_what_to_set(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    async with conversation(home, user=MAYA, role="manager", thread_id="unset") as thread:
        answer = await thread.say("post the pipeline summary to #sales")
    assert answer.answer == (
        r"Slack is not set up: set SLACK\_BOT\_TOKEN (see docs/slack.md), then start Filon again."
    )

"""Block Kit within Slack's limits (50 blocks, 3000 characters a section, 2000 a context
element), tables as monospaced sections cut with "…and N more rows", and the pipeline and the
weekly digest as messages: the dashboard's figures, every name escaped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dashboard_store import ALICE, BRUNO, NOW, seed_dashboard
from slack_fake import _block_problem
from sqlalchemy.engine import Engine

from agent.digest.views import Grid
from agent.pipeline import build_dashboard, pipeline_summary
from agent.slack.blocks import (
    MAX_BLOCKS,
    MAX_TEXT,
    context,
    fit_message,
    section,
    table_blocks,
    text_sections,
)
from agent.slack.messages import digest_message, pipeline_message
from agent.slack.mrkdwn import ZWSP
from store.users import remember_names

HOSTILE_REP = "<!channel> *Alice* `Martin`"
HOSTILE_COMPANY = "<https://evil.example|Cliquez> ```x``` & Cie @here"


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = []
    for block in blocks:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts += [element["text"] for element in block.get("elements", [])]
    return texts


def _within_limits(blocks: list[dict[str, Any]]) -> None:
    assert _block_problem(blocks) is None
    assert all(
        text["verbatim"] for b in blocks for text in [b.get("text"), *b.get("elements", [])] if text
    )


def test_a_long_table_goes_on_in_another_section_then_says_what_is_left_out() -> None:
    rows = [[f"Entreprise numéro {n} & associés", str(n)] for n in range(400)]
    grid = Grid("Leads dormants", ["Entreprise", "Jours"], rows, [False, True], note="14 jours")
    blocks = table_blocks(grid, "fr", max_sections=2)
    _within_limits(blocks)
    assert blocks[0]["text"]["text"] == "*Leads dormants*\n_14 jours_"
    tables = [b["text"]["text"] for b in blocks[1:3]]
    assert all(t.startswith("```\nEntreprise") and t.endswith("\n```") for t in tables)
    assert all(len(t) <= MAX_TEXT for t in tables)
    shown = sum(t.count("&amp; associés") for t in tables)
    assert 0 < shown < 400
    left = blocks[3]
    assert left["type"] == "context"
    more = 400 - shown
    assert left["elements"][0]["text"].startswith(f"… et {more} autres lignes")


def test_numbers_are_right_aligned_and_cells_cut() -> None:
    grid = Grid("T", ["Nom", "Leads"], [["A" * 60, "7"], ["Bruno", "123"]], [False, True])
    table = table_blocks(grid, "en")[1]["text"]["text"].split("\n")
    assert table[1] == "Nom" + " " * 29 + "  Leads"
    assert table[3] == "A" * 31 + "…      7"
    assert table[4] == "Bruno" + " " * 27 + "    123"


def test_a_message_keeps_to_fifty_blocks_and_says_how_many_are_left_out() -> None:
    blocks = [section(f"part {n}") for n in range(70)]
    fitted = fit_message(blocks, "en")
    assert len(fitted) == MAX_BLOCKS
    assert fitted[-1] == context(
        "… and 21 more parts, too long for a Slack message: see the web interface."
    )
    _within_limits(fitted)


def test_long_text_is_split_between_lines() -> None:
    text = "\n".join(f"ligne {n} " + "x" * 90 for n in range(100))
    sections = text_sections(text)
    assert len(sections) == 4
    assert "\n".join(s["text"]["text"] for s in sections) == text
    _within_limits(sections)


@pytest.fixture
def hostile_names() -> Iterator[None]:
    remember_names({ALICE: HOSTILE_REP, BRUNO: "Bruno _Petit_"})
    yield
    remember_names({})


def test_the_pipeline_message_has_the_figures_by_rep_and_no_name_can_act(
    engine: Engine, hostile_names: None
) -> None:
    seed_dashboard(engine, name=HOSTILE_COMPANY)
    summary = pipeline_summary(engine, today=NOW.date(), period="last_week")
    message = pipeline_message(summary, "fr", sent_by=ALICE)
    _within_limits(message.blocks)
    texts = _texts(message.blocks)
    assert texts[0] == (
        "*Pipeline — toute l'équipe*\n_la semaine dernière, du 09/11/2026 au 15/11/2026, "
        "comparé au 02/11/2026 – 08/11/2026_"
    )
    titles = [t.split("\n")[0] for t in texts if t.startswith("*")]
    assert titles[1:] == [
        "*Pipeline*",
        "*Pipeline par commercial*",
        "*Conversion entre étapes*",
        "*Activité par commercial*",
    ]
    whole = "\n".join(texts)
    assert "&lt;!channel&gt;" in whole and "<!channel>" not in whole
    assert f"{ZWSP}*{ZWSP}Alice{ZWSP}*{ZWSP}" in texts[-1]  # "Envoyé depuis Filon par …"
    assert message.text == "Pipeline — toute l'équipe, du 09/11/2026 au 15/11/2026"


def test_the_digest_message_has_every_table_of_the_dashboard(
    engine: Engine, hostile_names: None
) -> None:
    seed_dashboard(engine, name=HOSTILE_COMPANY)
    dashboard = build_dashboard(engine, now=NOW, weeks=3, period="last_week")
    message = digest_message(dashboard, "en", sent_by="sophie.manager")
    _within_limits(message.blocks)
    texts = _texts(message.blocks)
    assert texts[0].startswith("*Filon — weekly pipeline digest*\n_Made on 18 Nov 2026 15:20 UTC")
    titles = [t.split("\n")[0] for t in texts if t.startswith("*")]
    assert len(titles) == 10  # the digest's title and the dashboard's nine tables
    whole = "\n".join(texts)
    assert "```\nCompany" in whole  # the stale leads
    assert "\n&lt;https://evil.example|Cliquez&gt; …  " in whole  # cut at 32 characters
    assert "&lt;!channel&gt; *Alice* `\u200bMartin`\u200b  SQL" in whole  # no ``` inside
    assert "<https://evil" not in whole and "<!channel>" not in whole
    assert texts[-1] == "Sent from Filon by Sophie Manager."

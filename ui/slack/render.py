"""A chat answer as a Slack message: the answer's text as mrkdwn, then what its tools found as
the web UI shows it (`ui.render`) — tables as monospaced blocks, a line of confirmation, and
charts as the short tables of their figures (the pipeline's overview and stages by rep, the
weekly counts of a trend), since Slack shows no SVG. The answer's list items that only repeat a
table are left out, as in the web UI (`ui.answer_rows`). Buttons are the web UI's own; a file
an export wrote stays on the server, and the message says so.

Everything within Slack's limits and escaped: `agent.slack.blocks`, `agent.slack.mrkdwn`.
"""

from __future__ import annotations

import re

from agent.artifacts import Artifact, PipelineArtifact, TrendsArtifact, read_artifact
from agent.chat import TurnResult
from agent.digest import views
from agent.digest.views import Grid
from agent.i18n import Language, t
from agent.slack.blocks import (
    Block,
    context,
    fallback,
    fit_message,
    table_blocks,
    text_sections,
)
from agent.slack.messages import SlackMessage
from agent.slack.mrkdwn import escape, markdown_to_mrkdwn
from ui.answer_rows import without_repeated_rows
from ui.data_table import Table
from ui.render import Rendered, render_artifact

RESULT_ID = "slack"  # the web UI keeps results for its buttons; Slack has none


def answer_message(result: TurnResult, language: Language) -> SlackMessage:
    """The turn's answer and its results, as one message."""
    shown: list[tuple[Artifact, Rendered]] = []
    for value in result.artifacts:
        artifact = read_artifact(value)
        rendered = render_artifact(artifact, language, result_id=RESULT_ID) if artifact else None
        if artifact is not None and rendered is not None:
            shown.append((artifact, rendered))
    keys = frozenset().union(*(rendered.row_keys for _, rendered in shown))
    answer = without_repeated_rows(result.answer, keys) if keys else result.answer
    blocks = text_sections(markdown_to_mrkdwn(answer))
    for artifact, rendered in shown:
        blocks += _result_blocks(artifact, rendered, language)
    return SlackMessage(fallback(_first_line(result.answer)), fit_message(blocks, language))


def text_message(text: str) -> SlackMessage:
    """One line of Filon's own (a refusal, a question back), as a message."""
    return SlackMessage(fallback(text), [*text_sections(escape(text))])


def _result_blocks(artifact: Artifact, rendered: Rendered, language: Language) -> list[Block]:
    blocks: list[Block] = []
    if rendered.markdown:
        blocks += text_sections(markdown_to_mrkdwn(rendered.markdown))
    for grid in result_grids(artifact, rendered, language):
        blocks += table_blocks(grid, language)
    if rendered.file is not None:
        line = t("slack.events.file_not_sent", language, name=rendered.file.name)
        blocks.append(context(escape(line)))
    return blocks


def result_grids(artifact: Artifact, rendered: Rendered, language: Language) -> list[Grid]:
    """The tables of a result. A chart becomes the table of what it draws: the pipeline's
    figures against the period before and its stages by rep (which holds the web UI's table
    of reps, so that one is not shown twice), a trend's counts week by week."""
    tables = [table_grid(table) for table in rendered.tables]
    match artifact:
        case PipelineArtifact() as summary:
            grids = [views.overview(summary, language)]
            if summary.owners:
                grids.append(views.stages_by_rep(summary, language))
            if summary.activity:
                grids.append(views.activity(summary, language))
            return grids
        case TrendsArtifact() as trends:
            return [views.weekly(trends, language), *tables]
    return tables


def table_grid(table: Table) -> Grid:
    """A web UI table as a worded grid: its caption, headings and cells."""
    headers = [column.label for column in table.columns]
    rows = [[row.cells.get(column.key, "") for column in table.columns] for row in table.rows]
    numeric = [column.numeric for column in table.columns]
    return Grid(table.caption, headers, rows, numeric)


def _first_line(markdown: str) -> str:
    """The notification's text: the answer's first line, its Markdown escapes undone."""
    line = next((line for line in markdown.splitlines() if line.strip()), "")
    return markdown_to_plain(line)


def markdown_to_plain(markdown: str) -> str:
    """Markdown as the words it shows: escapes undone, emphasis and link marks dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    return re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`", "", text).strip()

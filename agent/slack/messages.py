"""The pipeline as Slack messages: the summary a chat request posts to a channel ("envoie le
résumé du pipeline sur #ventes"), and the weekly digest `filon digest --slack` posts.

Both are the worded tables of `agent.digest.views` — the same figures, titles and notes as the
terminal, the web UI and the HTML digest — laid out as Block Kit within Slack's limits
(`agent.slack.blocks`); reps are named by their display names, and every name is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.artifacts import DashboardArtifact, PipelineArtifact
from agent.digest import views
from agent.digest.views import Grid, moment, person
from agent.i18n import Language, t
from agent.slack.blocks import (
    Block,
    context,
    divider,
    fallback,
    fit_message,
    table_blocks,
    title_block,
)
from agent.slack.mrkdwn import escape


@dataclass(frozen=True)
class SlackMessage:
    """A message to post: its blocks, and the plain text notifications show."""

    text: str
    blocks: list[Block]


def pipeline_message(
    summary: PipelineArtifact, language: Language, *, sent_by: str | None = None
) -> SlackMessage:
    """The pipeline over a period: the figures against the period before, the stages and
    activity by rep, the conversion, each person's activity."""
    who = _whose(summary.owner, language)
    title = t("slack.pipeline.title", language, who=who)
    grids: list[Grid] = [views.overview(summary, language)]
    if summary.owners:
        grids.append(views.stages_by_rep(summary, language))
    grids.append(views.conversion(summary, language))
    if summary.activity:
        grids.append(views.activity(summary, language))
    blocks = [title_block(title, grids[0].note), *_tables(grids, language)]
    blocks.append(_signature(language, sent_by))
    period = summary.period
    text = t("slack.pipeline.fallback", language, who=who, start=period.start, end=period.end)
    return SlackMessage(fallback(text), fit_message(blocks, language))


def digest_message(
    dashboard: DashboardArtifact, language: Language, *, sent_by: str | None = None
) -> SlackMessage:
    """The weekly digest: every table of the dashboard, in the order people read them."""
    who = _whose(dashboard.summary.owner, language)
    title = t("dashboard.digest.title", language)
    when = moment(dashboard.generated_at, language)
    meta = t("dashboard.digest.generated", language, when=when, who=who)
    grids = views.dashboard_grids(dashboard, language)
    blocks = [title_block(title, meta), *_tables(grids, language, empty=True)]
    blocks.append(_signature(language, sent_by))
    text = t("slack.digest.fallback", language, who=who, when=when)
    return SlackMessage(fallback(text), fit_message(blocks, language))


def _tables(grids: list[Grid], language: Language, *, empty: bool = False) -> list[Block]:
    blocks: list[Block] = []
    for grid in grids:
        if not grid.rows and not empty:
            continue
        blocks.append(divider())
        blocks += table_blocks(grid, language)
        if not grid.rows:
            blocks.append(context(escape(t("dashboard.digest.empty", language))))
    return blocks


def _whose(owner: str | None, language: Language) -> str:
    if owner:
        return t("dashboard.digest.own", language, name=person(owner, language))
    return t("dashboard.digest.team", language)


def _signature(language: Language, sent_by: str | None) -> Block:
    if sent_by:
        return context(escape(t("slack.sent_by", language, name=person(sent_by, language))))
    return context(escape(t("slack.sent", language)))

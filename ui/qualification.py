"""A lead's qualification card in the UI: BANT as four rows (status, what was said, who said it,
where and when), the stage history, and what is still missing.

Values and notes are the rep's words: they go into table cells, which are plain text, and the
one Markdown line (what is missing) only holds catalogue labels.
"""

from __future__ import annotations

from agent.artifacts import BantItem, QualificationArtifact, StageHistoryItem
from agent.i18n import Language, format_date, md, t
from agent.qualification.parts import Reason
from agent.qualification.reasons import reasons_text
from agent.qualification.wording import describe_value, origin_text, status_text
from ui.data_table import Column, Row, Table, cell, row_keys
from ui.people import display_name
from ui.tables import stage_label


def qualification_tables(artifact: QualificationArtifact, language: Language) -> list[Table]:
    """The scores with their reasons (once scored), the BANT table, then the stage history
    when the lead has one."""
    tables = [scores_table(artifact, language)] if artifact.scores else []
    tables.append(bant_table(artifact, language))
    if artifact.history:
        tables.append(history_table(artifact.lead.name, artifact.history, language))
    return tables


def missing_line(artifact: QualificationArtifact, language: Language) -> str:
    """ "Encore à confirmer : budget, échéance" while the interview goes on, else ""."""
    if not artifact.missing or artifact.promoted_to:
        return ""
    return md("qualification.ui.missing", language, missing=", ".join(artifact.missing))


def scores_table(artifact: QualificationArtifact, language: Language) -> Table:
    """Fit, engagement and intent: each part's score and what weighs most in it."""
    columns = [
        Column("part", t("qualification.ui.col_part", language)),
        Column("score", t("qualification.ui.col_score", language), numeric=True),
        Column("why", t("qualification.ui.col_why", language)),
    ]
    rows = [
        Row(
            cells={
                "part": cell(t(f"scores.part.{name}", language).capitalize()),
                "score": cell(part.score),
                "why": cell(
                    reasons_text(
                        [Reason(r.code, r.value, r.points) for r in part.reasons], language
                    ),
                    limit=200,
                ),
            }
        )
        for name, part in artifact.scores.items()
    ]
    score = artifact.lead.score
    caption = t("qualification.ui.scores_caption", language, name=artifact.lead.name,
                score="—" if score is None else score)  # fmt: skip
    return Table(caption, columns, rows)


def bant_table(artifact: QualificationArtifact, language: Language) -> Table:
    """Budget, Authority, Need, Timing: one row each, in that order."""
    columns = [
        Column("criterion", t("qualification.ui.col_criterion", language)),
        Column("status", t("qualification.ui.col_status", language)),
        Column("value", t("qualification.ui.col_value", language)),
        Column("said_by", t("qualification.ui.col_said_by", language)),
        Column("source", t("qualification.ui.col_source", language)),
    ]
    rows = [Row(cells=_bant_cells(item, language)) for item in artifact.bant]
    caption = t("qualification.ui.bant_caption", language, name=artifact.lead.name,
                stage=stage_label(artifact.lead.stage, language))  # fmt: skip
    return Table(caption, columns, rows, row_keys([artifact.lead.name, artifact.lead.siren]))


def _bant_cells(item: BantItem, language: Language) -> dict[str, str]:
    return {
        "criterion": cell(t(f"labels.bant.{item.criterion}", language).capitalize()),
        "status": cell(status_text(item.status, language)),
        "value": cell(describe_value(item.criterion, item.value, item.note, language)),
        "said_by": cell(display_name(item.said_by) or ""),
        "source": cell(origin_text(item.source, item.recorded_at, language)),
    }


def history_table(name: str, history: list[StageHistoryItem], language: Language) -> Table:
    """The lead's stage changes, newest first: when, from → to, who, why."""
    columns = [
        Column("date", t("qualification.ui.col_date", language)),
        Column("change", t("qualification.ui.col_change", language)),
        Column("by", t("qualification.ui.col_by", language)),
        Column("reason", t("qualification.ui.col_reason", language)),
    ]
    rows = [
        Row(
            cells={
                "date": cell(format_date(change.changed_at, language)),
                "change": cell(
                    f"{stage_label(change.from_stage, language)} → "
                    f"{stage_label(change.to_stage, language)}"
                ),
                "by": cell(display_name(change.changed_by) or change.changed_by),
                "reason": cell(change.reason or ""),
            }
        )
        for change in reversed(history)
    ]
    caption = t("qualification.ui.history_caption", language, name=name, count=len(history))
    return Table(caption, columns, rows)

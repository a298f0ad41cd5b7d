"""The offline answer for a `qualify_lead` result: what was recorded, the change or the
proposal, what is still missing and the next question, and questions for the next call.
Values are the rep's words: they reach Markdown through `md`, escaped."""

from __future__ import annotations

from typing import Any

from agent.artifacts import QualificationArtifact
from agent.i18n import Language, Markdown, md, t
from agent.i18n.formats import format_date
from agent.i18n.labels import stage_label
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets
from agent.qualification.wording import describe_value
from agent.tools.failures import read_refusal
from agent.users import display_name


def card_text(result: ToolResult, language: Language) -> str:
    """One `qualify_lead` result in words: what was recorded, the change or the proposal, what
    is missing and the next question, and questions for the next call."""
    if result.is_error:
        refused = read_refusal(result.content)
        if (refused.key or "").endswith(".not_lead_owner") and refused.values:
            # a qualification refused, said as one, the owner named as people know them
            values = refused.values
            owner = display_name(str(values.get("owner") or "")) or str(values.get("owner") or "")
            return md("offline.qualify.not_owner", language, name=str(values.get("name") or ""),
                      owner=owner)  # fmt: skip
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, QualificationArtifact):
        return plain_answer(result, language)
    lead = artifact.lead
    parts: list[str] = []
    recorded = [item for item in artifact.bant if item.criterion in artifact.recorded]
    if recorded:
        lines = [_bant_line(item.criterion, item.status, item.value, item.note, language)
                 for item in recorded]  # fmt: skip
        parts.append(md("offline.qualify.recorded", language, name=lead.name) + "\n"
                     + "\n".join(f"- {line}" for line in lines))  # fmt: skip
    elif not artifact.promoted_to and not artifact.declined and not artifact.proposal:
        known = [item for item in artifact.bant if item.status != "missing"]
        lines = [_bant_line(item.criterion, item.status, item.value, item.note, language)
                 for item in known]  # fmt: skip
        head = md("offline.qualify.card", language, name=lead.name, list=lead.list_name,
                  stage=stage_label(lead.stage, language))  # fmt: skip
        parts.append(head + ("\n" + "\n".join(f"- {line}" for line in lines) if lines else ""))
        if artifact.scores and lead.score is not None:
            figures = {name: part.score for name, part in artifact.scores.items()}
            parts.append(md("offline.qualify.scores", language, score=lead.score,
                            fit=figures.get("fit", "—"), engagement=figures.get("engagement", "—"),
                            intent=figures.get("intent", "—")))  # fmt: skip
    if artifact.promoted_to:
        parts.append(md("offline.qualify.promoted", language, name=lead.name,
                        stage=stage_label(artifact.promoted_to, language)))  # fmt: skip
    elif artifact.declined:
        parts.append(md("offline.qualify.declined", language, name=lead.name,
                        stage=stage_label(lead.stage, language)))  # fmt: skip
    elif artifact.proposal == "sql":
        parts.append(md("offline.qualify.propose_sql", language, name=lead.name))
    elif artifact.proposal == "disqualified":
        parts.append(md("offline.qualify.propose_disqualified", language, name=lead.name,
                        against=", ".join(artifact.negative)))  # fmt: skip
    elif artifact.asking:
        question = t(f"qualification.ask.{artifact.asking}", language, company=lead.name)
        parts.append(md("offline.qualify.missing", language, missing=", ".join(artifact.missing))
                     + " " + md("offline.qualify.question", language, question=question))  # fmt: skip
    elif not artifact.missing:
        closed = lead.stage in ("won", "lost", "disqualified")  # never offered SQL: said why
        key = "offline.qualify.complete_closed" if closed else "offline.qualify.complete"
        parts.append(md(key, language, name=lead.name, stage=stage_label(lead.stage, language)))
    if artifact.call_questions:
        lines = [
            md("offline.qualify.call_line", language, question=q) for q in artifact.call_questions
        ]
        parts.append(t("offline.qualify.call_questions", language) + "\n"
                     + "\n".join(f"- {line}" for line in lines))  # fmt: skip
    return "\n\n".join(parts)


def _bant_line(
    criterion: str, status: str, value: dict[str, Any], note: str | None, language: Language
) -> Markdown:
    said = describe_value(criterion, value, note, language)
    return md("offline.qualify.line", language, criterion=criterion,
              status=t(f"labels.bant_status.{status}", language), value=said or "—")  # fmt: skip


def history_text(result: ToolResult, language: Language) -> str:
    """The lead's stage changes, oldest first: when, from and to, why, by whom."""
    artifact = result.artifact
    if result.is_error or not isinstance(artifact, QualificationArtifact):
        return ""
    name = artifact.lead.name
    if not artifact.history:
        return md("offline.qualify.no_history", language, name=name)
    lines = [
        md(
            "offline.qualify.history_line",
            language,
            when=format_date(change.changed_at, language),
            from_stage=stage_label(change.from_stage, language),
            to_stage=stage_label(change.to_stage, language),
            reason=change.reason or "—",
            who=change.changed_by_name or change.changed_by,
        )
        for change in artifact.history
    ]
    head = md("offline.qualify.history", language, name=name, count=len(lines))
    return head + "\n" + bullets(lines)


def why_text(result: ToolResult, language: Language) -> str:
    """ "pourquoi il a été perdu ?": the lead's stage now and its recorded changes with their
    reasons; when none is recorded, that is said plainly (no reason is guessed)."""
    artifact = result.artifact
    if not isinstance(artifact, QualificationArtifact):
        return card_text(result, language)
    lead = artifact.lead
    stage = stage_label(lead.stage, language)
    if not artifact.history:
        return md("offline.qualify.why_unknown", language, name=lead.name, stage=stage)
    now = md("offline.qualify.why_stage", language, name=lead.name, stage=stage)
    return now + "\n\n" + history_text(result, language)

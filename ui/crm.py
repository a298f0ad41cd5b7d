"""The CRM sync in the UI: what a push did (one row per send: the lead, its list, the CRM, the
result and the CRM's own message) and where the sync stands (counts per CRM, then the sends
that went wrong). Vendor messages are untrusted text: they go into table cells, plain text."""

from __future__ import annotations

from collections.abc import Sequence

from agent.artifacts import CrmLeadResult, CrmPushArtifact, CrmStatusArtifact
from agent.crm.wording import crm_label
from agent.i18n import Language, format_number, t
from ui.buttons import SHOW_COMPANY, ActionSpec
from ui.data_table import Column, Row, Table, cell, row_keys
from ui.texts import text

MESSAGE_LIMIT = 200


def push_table(artifact: CrmPushArtifact, language: Language) -> Table:
    """One row per send of the push, the ones that went wrong first."""
    caption = t("crm_chat.ui.push_caption", language, count=len(artifact.leads))
    return _sends_table(artifact.leads, language, caption)


def status_tables(artifact: CrmStatusArtifact, language: Language) -> list[Table]:
    """The counts per CRM, then the sends that went wrong when there are some."""
    columns = [
        Column("crm", t("crm_chat.ui.col_crm", language)),
        *(
            Column(state, t(f"crm_chat.ui.col_{state}", language), numeric=True)
            for state in ("pending", "sent", "dead", "skipped")
        ),
        Column("keys", t("crm_chat.ui.col_keys", language)),
    ]
    rows = [
        Row(
            cells={
                "crm": cell(crm_label(crm.crm, language)),
                "pending": format_number(crm.pending, language),
                "sent": format_number(crm.sent, language),
                "dead": format_number(crm.dead, language),
                "skipped": format_number(crm.skipped, language),
                "keys": cell(", ".join(crm.missing_keys)),
            }
        )
        for crm in artifact.crms
    ]
    tables = [Table(t("crm_chat.ui.status_caption", language), columns, rows)]
    if artifact.troubles:
        caption = t("crm_chat.ui.troubles_caption", language, count=artifact.troubles_total)
        tables.append(_sends_table(artifact.troubles, language, caption))
    return tables


def _sends_table(sends: Sequence[CrmLeadResult], language: Language, caption: str) -> Table:
    columns = [
        Column("company", t("crm_chat.ui.col_company", language)),
        Column("list", t("crm_chat.ui.col_list", language)),
        Column("crm", t("crm_chat.ui.col_crm", language)),
        Column("outcome", t("crm_chat.ui.col_outcome", language)),
        Column("message", t("crm_chat.ui.col_message", language)),
    ]
    rows = [
        Row(
            cells={
                "company": cell(send.name),
                "list": cell(send.list_name),
                "crm": cell(crm_label(send.crm, language)),
                "outcome": cell(t(f"crm_chat.outcome.{send.outcome}", language)),
                "message": cell(send.error, limit=MESSAGE_LIMIT),
            },
            actions=_card(send, language),
            titles={"message": cell(send.error, limit=1000)} if send.error else {},
        )
        for send in sends
    ]
    keys = row_keys([send.siren for send in sends] + [send.name for send in sends])
    return Table(caption, columns, rows, keys)


def _card(send: CrmLeadResult, language: Language) -> tuple[ActionSpec, ...]:
    if not send.siren.isdigit():
        return ()
    tooltip = text("action_record_of", language, name=cell(send.name))
    return (
        ActionSpec(SHOW_COMPANY, text("action_record", language), {"siren": send.siren}, tooltip),
    )

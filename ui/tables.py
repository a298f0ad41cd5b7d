"""The tables the UI shows for companies, leads, lead lists and owners, with each row's buttons.

Cells are plain text (see `ui.data_table`); owners are shown by their display names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agent.artifacts import (
    CompanyContacts,
    CompanySignals,
    LeadItem,
    ListSummary,
    OwnerItem,
    SignalItem,
    SuppressionItem,
)
from agent.crm.wording import errors_text, statuses_text
from agent.i18n import Language, format_date, format_number, labels, t
from store.models import ANNUAIRE_URL, CompanyPublic
from ui.buttons import ADD_COMPANY, SHOW_COMPANY, SHOW_LIST, ActionSpec
from ui.data_table import Column, Row, Table, cell, row_keys
from ui.people import display_name
from ui.safe_markdown import BODACC_HOSTS, is_allowed_url
from ui.texts import text

LIST_STAGES = ("new", "mql", "sql", "won")  # the open funnel, as a rep follows a list
MAX_TITLE = 400  # a CRM's refusal shown on hover


def _stage_with_reason(lead: LeadItem, language: Language) -> str:
    """ "Perdu (trop cher)": the stage, and why when a reason was given."""
    stage = stage_label(lead.stage, language)
    return f"{stage} ({lead.stage_reason})" if lead.stage_reason else stage


def stage_label(stage: Any, language: Language) -> str:
    """A lead stage in the rep's language (unknown stages as they are)."""
    return labels.stage_label(str(stage) if stage else None, language)


def companies_table(
    companies: Sequence[CompanyPublic],
    language: Language,
    caption: str,
    suppressed: Sequence[str] = (),
    intent: Mapping[str, int] | None = None,
    highlights: Mapping[str, SignalItem] | None = None,
) -> Table:
    """Name (linked to its public record; "ne pas démarcher" for a company on the suppression
    list), city, sector, headcount, category, SIREN, and — when some have signals — their
    intent score and the signal the search asked for; buttons for the company's record and for
    adding it to a list."""
    intent, highlights = intent or {}, highlights or {}
    columns = [
        Column("name", text("col_name", language)),
        Column("city", text("col_city", language)),
        Column("sector", text("col_sector", language)),
        Column("headcount", text("col_headcount", language)),
        Column("category", text("col_category", language)),
        Column("siren", "SIREN"),
    ]
    if intent:
        columns.append(Column("intent", t("signals_ui.col_intent", language), numeric=True))
    if highlights:
        columns.append(Column("signal", t("signals_ui.col_signal", language)))
    rows = [
        Row(
            cells={
                "name": cell(
                    company.name
                    + (text("do_not_contact", language) if company.siren in suppressed else "")
                ),
                "city": cell(company.city_label or company.city),
                "sector": cell(company.naf_label or company.naf_code),
                "headcount": cell(company.headcount_label),
                "category": cell(company.category),
                "siren": cell(company.siren),
                **({"intent": cell(intent.get(company.siren, ""))} if intent else {}),
                **(
                    {"signal": _signal_cell(highlights.get(company.siren), language)}
                    if highlights
                    else {}
                ),
            },
            link=company.url,
            actions=_company_buttons(company.siren, company.name, language, add=True),
        )
        for company in companies
    ]
    keys = row_keys([c.siren for c in companies] + [c.name for c in companies])
    return Table(caption, columns, rows, keys)


def _signal_cell(signal: SignalItem | None, language: Language) -> str:
    if signal is None:
        return ""
    day = format_date(signal.occurred_on, language) if signal.occurred_on else ""
    return cell(f"{signal.title} ({day})" if day else signal.title)


def signals_table(companies: Sequence[CompanySignals], language: Language, caption: str) -> Table:
    """One row per signal, companies by intent: date, company, kind, what happened, source
    (linked to the notice when it is on BODACC), and the company's intent."""
    columns = [
        Column("detail", t("signals_ui.col_detail", language)),
        Column("date", t("signals_ui.col_date", language)),
        Column("company", text("col_name", language)),
        Column("kind", t("signals_ui.col_kind", language)),
        Column("source", t("signals_ui.col_source", language)),
        Column("intent", t("signals_ui.col_intent", language), numeric=True),
    ]
    rows = [
        Row(
            cells={
                "detail": cell(("⚠ " if signal.negative else "") + signal.title),
                "date": cell(
                    format_date(signal.occurred_on, language) if signal.occurred_on else ""
                ),
                "company": cell(company.name),
                "kind": cell(labels.enum_label("signal_kind", signal.kind, language)),
                "source": cell(labels.source_label(signal.source, language)),
                "intent": cell(company.intent.score if company.intent else ""),
            },
            link=_notice_link(signal.url),
            actions=_company_buttons(company.siren, company.name, language, add=True),
        )
        for company in companies
        for signal in company.signals
    ]
    keys = row_keys([c.siren for c in companies] + [c.name for c in companies])
    return Table(caption, columns, rows, keys)


def _notice_link(url: str | None) -> str | None:
    return url if url and is_allowed_url(url, BODACC_HOSTS) else None


def leads_table(
    leads: Sequence[LeadItem], language: Language, caption: str, *, intent: bool = False
) -> Table:
    """Name (linked to its public record), city, sector, headcount, stage, owner, score (after
    the intent score when the leads are sorted by it), SIREN, and where each lead stands in the
    CRMs once one was queued ("✓ HubSpot 02/12", the CRM's refusal on hover); a button for the
    company's record."""
    with_crm = any(lead.crm for lead in leads)
    columns = [
        Column("name", text("col_name", language)),
        Column("city", text("col_city", language)),
        Column("sector", text("col_sector", language)),
        Column("headcount", text("col_headcount", language)),
        Column("stage", text("col_stage", language)),
        Column("owner", text("col_owner", language)),
        *([Column("intent", t("signals_ui.col_intent", language), numeric=True)] if intent else []),
        Column("score", text("col_score", language), numeric=True),
        Column("siren", "SIREN"),
    ]
    if with_crm:
        columns.append(Column("crm", t("crm_chat.column", language)))
    rows = [
        Row(
            cells={
                "name": cell(lead.name),
                "city": cell(lead.city),
                "sector": cell(lead.naf_label),
                "headcount": cell(lead.headcount_label),
                "stage": cell(_stage_with_reason(lead, language)),
                "owner": cell(display_name(lead.owner)),
                **({"intent": format_number(lead.intent or 0, language)} if intent else {}),
                "score": "" if lead.score is None else format_number(lead.score, language),
                "siren": cell(lead.siren),
                **({"crm": cell(statuses_text(lead.crm, language))} if with_crm else {}),
            },
            link=ANNUAIRE_URL.format(siren=lead.siren) if lead.siren.isdigit() else None,
            actions=_company_buttons(lead.siren, lead.name, language, add=False),
            titles=_crm_refusals(lead),
        )
        for lead in leads
    ]
    keys = row_keys([lead.siren for lead in leads] + [lead.name for lead in leads])
    return Table(caption, columns, rows, keys)


def _crm_refusals(lead: LeadItem) -> dict[str, str]:
    """The CRMs' own words on the lead's sends that did not go through, for its CRM cell."""
    refusals = errors_text(lead.crm)
    return {"crm": cell(refusals, limit=MAX_TITLE)} if refusals else {}


def contacts_table(
    companies: Sequence[CompanyContacts],
    language: Language,
    caption: str,
    outcomes: Mapping[int, str] | None = None,
) -> Table:
    """One row per person: company (linked to its public record), name, title, email, its
    status, where and when it was found, phone, and what an enrichment run did (`outcomes`,
    by contact id); a button for the company's record."""
    columns = [
        Column("company", text("col_name", language)),
        Column("person", text("col_person", language)),
        Column("title", text("col_title", language)),
        Column("email", text("col_email", language)),
        Column("status", text("col_email_status", language)),
        Column("source", text("col_email_source", language)),
        Column("phone", text("col_phone", language)),
    ]
    if outcomes is not None:
        columns.append(Column("outcome", t("enrich.col_outcome", language)))
    rows = []
    for company in companies:
        for contact in company.contacts:
            source = labels.source_label(contact.email_source, language)
            if source and contact.email_found_on:
                source += f", {format_date(contact.email_found_on, language)}"
            status = labels.enum_label("email_status", contact.email_status, language)
            cells = {
                "company": cell(company.name),
                "person": cell(contact.name),
                "title": cell(contact.title),
                "email": cell(contact.email),
                "status": cell(status if contact.email else ""),
                "source": cell(source if contact.email else ""),
                "phone": cell(contact.phone),
            }
            if outcomes is not None:
                outcome = outcomes.get(contact.id or 0)
                label = labels.enum_label("enrich_outcome", outcome, language) if outcome else ""
                cells["outcome"] = cell(label)
            buttons = _company_buttons(company.siren, company.name, language, add=False)
            link = ANNUAIRE_URL.format(siren=company.siren) if company.siren.isdigit() else None
            rows.append(Row(cells=cells, link=link, actions=buttons))
    names = [c.name for company in companies for c in company.contacts]
    return Table(caption, columns, rows, row_keys(names + [c.name for c in companies]))


def lists_table(lists: Sequence[ListSummary], language: Language, caption: str) -> Table:
    """Each list with its owner, its leads in all and per open stage, its last activity; a
    button for its leads."""
    columns = [
        Column("name", text("col_list", language)),
        Column("owner", text("col_owner", language)),
        Column("leads", text("col_leads", language), numeric=True),
        *(Column(stage, stage_label(stage, language), numeric=True) for stage in LIST_STAGES),
        Column("activity", text("col_activity", language)),
    ]
    rows = []
    for summary in lists:
        cells = {
            "name": cell(summary.list.name),
            "owner": cell(display_name(summary.list.owner)),
            "leads": format_number(summary.leads, language),
            "activity": (
                format_date(summary.last_activity_at, language) if summary.last_activity_at else ""
            ),
        }
        for stage in LIST_STAGES:
            cells[stage] = format_number(summary.stages.get(stage, 0), language)
        rows.append(Row(cells=cells, actions=(_list_button(summary.list.name, language),)))
    return Table(caption, columns, rows, row_keys(summary.list.name for summary in lists))


def memberships_table(leads: Sequence[LeadItem], language: Language, caption: str) -> Table:
    """The lists a company is in: list, stage, owner, score; a button for each list's leads."""
    columns = [
        Column("list", text("col_list", language)),
        Column("stage", text("col_stage", language)),
        Column("owner", text("col_owner", language)),
        Column("score", text("col_score", language), numeric=True),
    ]
    rows = [
        Row(
            cells={
                "list": cell(lead.list_name),
                "stage": cell(_stage_with_reason(lead, language)),
                "owner": cell(display_name(lead.owner)),
                "score": "" if lead.score is None else format_number(lead.score, language),
            },
            actions=(_list_button(lead.list_name, language),),
        )
        for lead in leads
    ]
    return Table(caption, columns, rows, row_keys(lead.list_name for lead in leads))


def owners_table(owners: Sequence[OwnerItem], language: Language, caption: str) -> Table:
    """Each owner's leads now and activity in the period."""
    columns = [
        Column("owner", text("col_rep", language)),
        Column("leads", text("col_leads", language), numeric=True),
        Column("new_leads", text("trend_new_leads", language), numeric=True),
        Column("new_sqls", text("trend_new_sqls", language), numeric=True),
        Column("won", text("trend_won", language), numeric=True),
    ]
    rows = [
        Row(
            cells={
                "owner": cell(display_name(owner.owner) or text("no_owner", language)),
                "leads": format_number(sum(owner.stages.values()), language),
                "new_leads": format_number(owner.new_leads, language),
                "new_sqls": format_number(owner.new_sqls, language),
                "won": format_number(owner.won, language),
            }
        )
        for owner in owners
    ]
    return Table(caption, columns, rows, row_keys(owner.owner for owner in owners))


def _list_button(name: str, language: Language) -> ActionSpec:
    return ActionSpec(
        SHOW_LIST,
        text("action_show_list", language),
        {"list": name},
        tooltip=text("action_show_list_of", language, name=cell(name)),
    )


def _company_buttons(
    siren: str, name: str, language: Language, *, add: bool
) -> tuple[ActionSpec, ...]:
    if not siren.isdigit():
        return ()
    shown = cell(name)
    buttons = [
        ActionSpec(
            SHOW_COMPANY,
            text("action_record", language),
            {"siren": siren},
            tooltip=text("action_record_of", language, name=shown),
        )
    ]
    if add:
        buttons.append(
            ActionSpec(
                ADD_COMPANY,
                text("action_add_to_list", language),
                {"siren": siren},
                tooltip=text("action_add_to_list_of", language, name=shown),
            )
        )
    return tuple(buttons)


def suppression_table(
    entries: Sequence[SuppressionItem], language: Language, caption: str
) -> Table:
    """The suppression list: what each entry blocks, why, who added it and when."""
    columns = [
        Column("value", t("ui_polish.col_blocked", language)),
        Column("entry", t("ui_polish.col_entry", language)),
        Column("reason", t("ui_polish.col_reason", language)),
        Column("who", t("ui_polish.col_added_by", language)),
        Column("when", t("ui_polish.col_added_on", language)),
    ]
    rows = [
        Row(
            cells={
                "value": cell(item.value),
                "entry": cell(t(f"people.optout.kind.{item.entry}", language)),
                "reason": cell(item.reason),
                "who": cell(display_name(item.added_by)),
                "when": cell(format_date(item.added_at.date(), language)),
            }
        )
        for item in entries
    ]
    return Table(caption, columns, rows, row_keys([item.value for item in entries]))

"""Markdown tables for companies and leads, with every value escaped so that names holding
Markdown, HTML or pipes show as plain text (the UI never renders raw HTML either)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import LeadItem
from agent.i18n import Language, t
from agent.i18n.markdown import escape_markdown, one_line
from store.models import ANNUAIRE_URL, CompanyPublic
from ui.texts import text

STAGES = ("new", "mql", "sql", "won", "lost", "disqualified")
MAX_CELL = 80
_SAFE_URL = re.compile(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/-]*)?$")


def escape_cell(value: Any, *, limit: int = MAX_CELL) -> str:
    """`value` as literal text for a Markdown table cell: one line, cut, punctuation escaped."""
    if value is None:
        return ""
    flat = one_line(value)
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return escape_markdown(flat)


def link(label: Any, url: str | None) -> str:
    """A Markdown link with an escaped label; plain text when the URL is not a simple https one."""
    shown = escape_cell(label)
    if not url or not _SAFE_URL.match(url):
        return shown
    return f"[{shown}]({url})"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GFM table from already-escaped cells."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def companies_table(companies: Sequence[CompanyPublic], language: Language) -> str:
    """Name (linked to its public record), city, sector, headcount, category, SIREN."""
    headers = [
        text("col_name", language),
        text("col_city", language),
        text("col_sector", language),
        text("col_headcount", language),
        text("col_category", language),
        "SIREN",
    ]
    rows = [
        [
            link(company.name, company.url),
            escape_cell(company.city_label or company.city),
            escape_cell(company.naf_label or company.naf_code),
            escape_cell(company.headcount_label),
            escape_cell(company.category),
            escape_cell(company.siren),
        ]
        for company in companies
    ]
    return markdown_table(headers, rows)


def leads_table(leads: Sequence[LeadItem], language: Language) -> str:
    """Name (linked to its public record), city, sector, headcount, stage, owner, SIREN."""
    headers = [
        text("col_name", language),
        text("col_city", language),
        text("col_sector", language),
        text("col_headcount", language),
        text("col_stage", language),
        text("col_owner", language),
        "SIREN",
    ]
    rows = []
    for lead in leads:
        url = ANNUAIRE_URL.format(siren=lead.siren) if lead.siren.isdigit() else None
        rows.append(
            [
                link(lead.name, url),
                escape_cell(lead.city),
                escape_cell(lead.naf_label),
                escape_cell(lead.headcount_label),
                escape_cell(stage_label(lead.stage, language)),
                escape_cell(lead.owner),
                escape_cell(lead.siren),
            ]
        )
    return markdown_table(headers, rows)


def stage_label(stage: Any, language: Language) -> str:
    """A lead stage in the rep's language (unknown stages as they are)."""
    if stage in STAGES:
        return t(f"stages.{stage}", language)
    return str(stage or "")

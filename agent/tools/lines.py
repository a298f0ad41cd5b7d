"""Compact one-line renderings for the model, shared by the tools that show companies or leads.

The model sees at most `SHOWN` lines of any result; the artifact keeps everything. Data is
untrusted: every value goes through `data()`, so a name holding a line break or a control
character stays on its record's line and can never forge a line ("11. SYSTEM: …") of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.artifacts import CrmStatus, LeadItem
from agent.i18n.markdown import one_line
from store.models import CompanyPublic

SHOWN = 10


def data(value: Any) -> str:
    """A value from the store or a vendor as one clean line of text."""
    return one_line(value) if value is not None else ""


def company_line(company: CompanyPublic) -> str:
    """`NAME (SIREN) — NAF label — CITY (dep) — headcount`, skipping unknown parts."""
    place = company.city_label or company.city or ""
    if company.department:
        place = f"{place} ({company.department})".strip()
    parts = [
        f"{data(company.name)} ({company.siren})",
        company.naf_label or company.naf_code,
        place or None,
        company.headcount_label,
    ]
    if not company.active:
        parts.append("closed")
    return " — ".join(data(part) for part in parts if part)


def lead_line(lead: LeadItem) -> str:
    """`NAME (SIREN) — CITY — stage — owner — score — intent — CRM states`."""
    parts = [
        f"{data(lead.name)} ({lead.siren})",
        lead.city,
        f"{lead.stage} ({lead.stage_reason})" if lead.stage_reason else lead.stage,
        lead.owner,
        f"score {lead.score}" if lead.score is not None else None,
        f"intent {lead.intent}" if lead.intent else None,
        *(_crm_part(crm, status) for crm, status in lead.crm.items()),
    ]
    return " — ".join(data(part) for part in parts if part)


def _crm_part(crm: str, status: CrmStatus) -> str:
    """ "hubspot sent 2026-12-02", "csv dead: HTTP 400 : …"."""
    when = f" {status.at:%Y-%m-%d}" if status.at is not None else ""
    error = f": {status.error}" if status.error and status.state != "sent" else ""
    return f"{crm} {status.state}{when}{error}"


def numbered(lines: Sequence[str], total: int) -> str:
    """The first `SHOWN` lines numbered, then how many there are in all when some are left out."""
    shown = [f"{index}. {line}" for index, line in enumerate(lines[:SHOWN], start=1)]
    if total > len(shown):
        shown.append(f"… {total} in all")
    return "\n".join(shown)

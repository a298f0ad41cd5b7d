"""Compact one-line renderings for the model, shared by the tools that show companies or leads.

The model sees at most `SHOWN` lines of any result; the artifact keeps everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.tools.artifacts import LeadItem

SHOWN = 10


def company_line(record: dict[str, Any]) -> str:
    """`NAME (SIREN) — NAF label — CITY (dep) — headcount`, skipping unknown parts."""
    place = record.get("city") or ""
    if record.get("department"):
        place = f"{place} ({record['department']})".strip()
    parts = [
        f"{record['name']} ({record['siren']})",
        record.get("naf_label") or record.get("naf_code"),
        place or None,
        record.get("headcount_label"),
    ]
    if record.get("active") is False:
        parts.append("fermée")
    return " — ".join(str(part) for part in parts if part)


def lead_line(lead: LeadItem) -> str:
    """`NAME (SIREN) — CITY — stage — owner — score`."""
    parts = [
        f"{lead.name} ({lead.siren})",
        lead.city,
        lead.stage,
        lead.owner,
        f"score {lead.score}" if lead.score is not None else None,
    ]
    return " — ".join(str(part) for part in parts if part)


def numbered(lines: Sequence[str], total: int) -> str:
    """The first `SHOWN` lines numbered, then how many there are in all when some are left out."""
    shown = [f"{index}. {line}" for index, line in enumerate(lines[:SHOWN], start=1)]
    if total > len(shown):
        shown.append(f"… {total} in all")
    return "\n".join(shown)

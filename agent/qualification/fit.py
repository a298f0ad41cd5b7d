"""Fit: how closely a company matches the ideal customer profile, from 0 to 100, and why.

The points of its sector (the longest NAF prefix of the profile that matches its code), its
headcount (the first range holding its whole INSEE band), its place (its department's points,
else its region's), its category and its age are added up and kept within 0..100. A lead's
cells in the AI columns the profile names (`ai_columns`) add their points to its company's fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from agent.qualification.icp import Icp
from agent.qualification.parts import Part, Reason, bounded, by_weight
from store.models.lead import list_name_key
from store.reference.headcount import BAND_BY_CODE

DAYS_A_YEAR = 365.25


def score_fit(company: Any, icp: Icp, *, today: date) -> Part:
    """Score one company (any object with naf_code, headcount_band, department, region,
    category and created_on) against the profile."""
    reasons = [
        reason
        for reason in (
            _sector(company.naf_code, icp),
            _headcount(company.headcount_band, icp),
            _place(company.department, company.region, icp),
            _category(company.category, icp),
            _age(company.created_on, icp, today),
        )
        if reason is not None and reason.points
    ]
    return Part(bounded(sum(reason.points for reason in reasons)), by_weight(reasons))


def _sector(naf_code: str | None, icp: Icp) -> Reason | None:
    if not naf_code:
        return None
    matches = [prefix for prefix in icp.sectors if naf_code.startswith(prefix)]
    if not matches:
        return None
    return Reason("sector", naf_code, icp.sectors[max(matches, key=len)])


def _headcount(band_code: str | None, icp: Icp) -> Reason | None:
    band = BAND_BY_CODE.get(band_code or "")
    if band is None or band.code == "NN":
        return None
    for span in icp.headcount:
        above = band.minimum >= span.min
        below = span.max is None or (band.maximum is not None and band.maximum <= span.max)
        if above and below:
            people = (
                f"{band.minimum}+" if band.maximum is None else f"{band.minimum}–{band.maximum}"
            )
            return Reason("headcount", people, span.points)
    return None


def _place(department: str | None, region: str | None, icp: Icp) -> Reason | None:
    if department and department in icp.departments:
        return Reason("department", department, icp.departments[department])
    if region and region in icp.regions:
        return Reason("region", region, icp.regions[region])
    return None


def _category(category: str | None, icp: Icp) -> Reason | None:
    if category in icp.categories:
        return Reason("category", str(category), icp.categories[category])
    return None


def _age(created_on: date | None, icp: Icp, today: date) -> Reason | None:
    if created_on is None:
        return None
    years = max(0.0, (today - created_on).days / DAYS_A_YEAR)
    for span in icp.age:
        if years >= span.min_years and (span.max_years is None or years < span.max_years):
            return Reason("age", str(int(years)), span.points)
    return None


def ai_column_reasons(cells: Sequence[Any], icp: Icp) -> tuple[Reason, ...]:
    """The fit points a lead's AI-column cells give (`icp.ai_columns`): a score pro rata (7/10
    of 10 points: +7), a true boolean the column's points; other cells nothing."""
    points_of = {list_name_key(name): points for name, points in icp.ai_columns.items()}
    reasons = []
    for cell in cells:
        full = points_of.get(cell.name_key)
        if full is None:
            continue
        if cell.type == "score" and isinstance(cell.value, int | float):
            share, shown = max(0.0, min(float(cell.value), 10.0)) / 10, f"{cell.value}/10"
        elif cell.type == "boolean" and cell.value is True:
            share, shown = 1.0, "✓"
        else:
            continue
        reasons.append(Reason("ai_column", f"{cell.name} {shown}", round(full * share, 1)))
    return tuple(reasons)


def with_ai_columns(fit: Part, reasons: tuple[Reason, ...]) -> Part:
    """The company's fit with the lead's AI-column points added (kept within 0–100)."""
    if not reasons:
        return fit
    return Part(
        bounded(fit.score + sum(r.points for r in reasons)), by_weight([*fit.reasons, *reasons])
    )

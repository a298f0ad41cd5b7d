"""Scoring leads: fit, engagement and intent computed for the leads asked (a list's, some
companies', or all), mixed, written back, and new leads that qualify promoted to MQL.

A run reads its leads and their companies in one statement, their engagement in one more,
their intent through `agent.signals.scores.intents` (stored per company, scored again when
stale), and writes every score in one statement: scoring 10,000 leads is a handful of
queries, not 10,000. The scores of a lead depend on its company only, so the leads of a company
in several lists get the same ones. Promotions are recorded as changed by `filon`, with the
scores that made them; a lead is never moved back, nor moved from any stage but new.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from agent.context import Role
from agent.i18n import t
from agent.leads.errors import NotOwnLeads
from agent.leads.lists import find_list
from agent.leads.owners import resolve_owner
from agent.qualification.engagement import engagement_since, score_engagement
from agent.qualification.fit import ai_column_reasons, score_fit, with_ai_columns
from agent.qualification.icp import Icp, load_icp
from agent.qualification.lead_score import LeadScore, intent_part, mix, ready_for_mql
from agent.settings import Settings
from agent.signals.scores import intents, weights_in_force
from agent.users.access import identify
from store.models import LeadStage
from store.models._time import utcnow
from store.models.lead import list_name_key
from store.repositories.scores import (
    ai_cells_of_leads,
    engagement_of_leads,
    leads_to_score,
    promote_to_mql,
    save_scores,
)

CHANGED_BY = "filon"


@dataclass(frozen=True, slots=True)
class ScoredLead:
    """One lead as scored: which, where, its stage after the run and its scores."""

    lead_id: int
    siren: str
    name: str
    city: str | None
    list_name: str
    owner: str | None
    stage: str
    score: LeadScore
    previous: int | None
    promoted: bool = False


@dataclass(frozen=True, slots=True)
class ScoreRun:
    """What a run did: leads scored, those whose scores changed (written), promoted to MQL,
    how long it took."""

    scored: int = 0
    changed: int = 0
    promoted: int = 0
    seconds: float = 0.0
    list_name: str | None = None
    owner: str | None = None  # whose leads, when the run was limited to one rep's
    leads: list[ScoredLead] = field(default_factory=list)


def scoring_profile(settings: Settings) -> Icp:
    """The team's profile (`FILON_ICP`, checked when the settings were read) or the default."""
    return load_icp(settings.icp)


def score_leads(
    engine: Engine,
    *,
    list_name: str | None = None,
    sirens: Sequence[str] | None = None,
    owner: str | None = None,
    today: date,
    settings: Settings,
    user: str | None = None,
    role: Role | None = None,
    promote: bool = True,
    now: datetime | None = None,
) -> ScoreRun:
    """Score the leads of `list_name` (the user's own list first), of these companies, or all
    of them (neither given) — of `owner` only when named (a login or a rep's name) — and
    promote the new ones that qualify unless `promote` is False.

    Whose leads is the user's scoping (`agent.users.access`): once Filon has users, a rep's
    "all" is their own leads and a teammate's are refused (`NotOwnLeads`); some companies'
    leads are those they may read; a manager's "all" is the team's. Without users, or with no
    user (Filon itself), every lead. Raises `UnknownList` for a list nobody has."""
    started = time.perf_counter()
    at = now or utcnow()
    icp = scoring_profile(settings)
    list_id: int | None = None
    if list_name is not None:
        found = find_list(engine, name=list_name, user=user)
        list_id, list_name = found.id, found.name
    owner, readable_by = _scope(engine, owner=owner, user=user, role=role, whole=not (
        list_name or sirens is not None))  # fmt: skip
    if sirens is not None and not sirens:
        return ScoreRun(list_name=list_name, owner=owner)
    half_life = settings.engagement_half_life_days
    with engine.connect() as connection:
        rows = leads_to_score(
            connection, list_id=list_id, sirens=sirens, owner=owner, readable_by=readable_by
        )
        cells = ai_cells_of_leads(
            connection,
            name_keys=[list_name_key(name) for name in icp.ai_columns],
            list_id=list_id,
            sirens=sirens,
            owner=owner,
            readable_by=readable_by,
        )
        events = engagement_of_leads(
            connection,
            since=engagement_since(today, half_life).replace(tzinfo=UTC),
            list_id=list_id,
            sirens=sirens,
            owner=owner,
            readable_by=readable_by,
        )
    by_company: dict[str, list[Any]] = defaultdict(list)
    for event in events:
        by_company[event.company_siren].append(event)
    companies = sorted({row.company_siren for row in rows})
    intent_of = intents(engine, companies, weights_in_force(settings), today=today)
    computed: dict[str, LeadScore] = {}
    for row in rows:
        if row.company_siren not in computed:
            computed[row.company_siren] = mix(
                score_fit(row, icp, today=today),
                score_engagement(
                    by_company.get(row.company_siren, ()),
                    icp.engagement,
                    half_life_days=half_life,
                    today=today,
                ),
                intent_part(intent_of.get(row.company_siren)),
                icp,
            )
    # A lead with AI-column cells the profile counts has its own fit: its company's, plus.
    cells_of: dict[int, list[Any]] = defaultdict(list)
    for cell in cells:
        cells_of[cell.lead_id].append(cell)
    of_lead: dict[int, LeadScore] = {}
    for row in rows:
        extra = ai_column_reasons(cells_of.get(row.id, ()), icp)
        company = computed[row.company_siren]
        of_lead[row.id] = (
            mix(with_ai_columns(company.fit, extra), company.engagement, company.intent, icp)
            if extra
            else company
        )
    # Only leads whose scores changed are written: a rescoring that finds nothing new holds
    # no write lock, and `computed_at` says when the scores last changed.
    writes = [
        {"lead_id": row.id, "score": score.score, "scores": score.stored(at)}
        for row in rows
        if not _unchanged(row, score := of_lead[row.id])
    ]
    candidates = {
        row.id: _mql_reason(of_lead[row.id], icp, settings)
        for row in rows
        if promote and row.stage == LeadStage.new and ready_for_mql(of_lead[row.id], icp)
    }
    with engine.begin() as connection:
        save_scores(connection, writes)
        moved = set(promote_to_mql(connection, candidates, changed_by=CHANGED_BY, at=at))
    leads = [_scored(row, of_lead[row.id], row.id in moved) for row in rows]
    return ScoreRun(
        scored=len(rows),
        changed=len(writes),
        promoted=len(moved),
        seconds=round(time.perf_counter() - started, 3),
        list_name=list_name,
        owner=owner,
        leads=leads,
    )


def _scope(
    engine: Engine, *, owner: str | None, user: str | None, role: Role | None, whole: bool
) -> tuple[str | None, str | None]:
    """(the owner whose leads are scored, the login reads are limited to), for `user` asking
    for `owner`'s leads (None: as far as they see; `whole`: every list, not a list's or some
    companies')."""
    owner = resolve_owner(engine, owner) if owner else None
    if user is None:
        return owner, None
    mine = identify(engine, user, role).readable_by
    if mine is None:  # a manager, an admin, or single-user mode
        return owner, None
    if owner is not None and owner != mine:
        raise NotOwnLeads(owner)
    return (mine if whole else owner), mine


def _unchanged(row: Any, score: LeadScore) -> bool:
    return row.score == score.score and score.same_as(row.scores)


def _scored(row: Any, score: LeadScore, promoted: bool) -> ScoredLead:
    return ScoredLead(
        lead_id=row.id,
        siren=row.company_siren,
        name=row.name,
        city=row.city,
        list_name=row.list_name,
        owner=row.owner,
        stage=LeadStage.mql.value if promoted else LeadStage(row.stage).value,
        score=score,
        previous=row.score,
        promoted=promoted,
    )


def _mql_reason(score: LeadScore, icp: Icp, settings: Settings) -> str:
    """Why a lead became an MQL, in the team's language: its scores against the thresholds."""
    wanted = icp.mql
    key = "scores.mql_reason.engagement"
    if score.engagement.score < wanted.engagement:
        key = "scores.mql_reason.intent"
    return t(
        key,
        settings.language,
        fit=score.fit.score,
        fit_min=round(wanted.fit),
        engagement=score.engagement.score,
        engagement_min=round(wanted.engagement),
        intent=score.intent.score,
        intent_min=round(wanted.intent),
    )

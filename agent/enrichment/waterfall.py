"""The waterfall: providers asked in order, each only about the people no earlier answer
settled, every call in the ledger, no call twice, within a budget.

    waterfall = Waterfall(engine, providers, rule=StopRule(), cache_days=180, deadline=30)
    result = await waterfall.run(targets, budget=Budget(50), run_id=run_id, user="alice")

Per person, the next provider is asked only while no answer meets the stop rule (a verified
email; a catch-all one too when the rule accepts it). The strongest answer wins (verified >
catch-all > guessed > unknown). Per provider: calls of `batch_size` people, at most
`concurrency` out at once, each within `deadline` seconds; a provider that refuses the key or
has no credits left is not asked again in the run, and one failed call sends its people on to
the next provider. A person asked of a paid provider within `cache_days` is answered from
the ledger (a free provider is simply asked again). A paid call goes out only if the budget
still covers its cost: once it does not, the run stops asking paid providers and says so.
Every step lands in the person's trail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from sqlalchemy.engine import Engine

from agent.enrichment.ports import Finding, Provider, ProviderStopped, Target, strength
from agent.http import OutsideApiError
from store.models import EmailStatus, ProviderCall
from store.models._time import utcnow
from store.repositories.provider_calls import cached_answers, record_calls

Outcome = Literal["found", "not_found", "cached", "failed", "stopped", "over_budget"]
Progress = Callable[[int, int], None]  # (people done, people in all)
# A batch provider (submit, poll, collect) gets this many times one call's deadline.
BATCH_DEADLINE_FACTOR = 10


@dataclass(frozen=True, slots=True)
class StopRule:
    """When a person needs no further provider: a verified email, or a catch-all one too."""

    accept_catch_all: bool = False

    def met(self, finding: Finding | None) -> bool:
        """Whether this answer settles the person."""
        if finding is None or not finding.found:
            return False
        return finding.status == EmailStatus.verified or (
            self.accept_catch_all and finding.status == EmailStatus.catch_all
        )

    def met_by(self, status: EmailStatus, email: str | None) -> bool:
        """Whether an email already known settles the person."""
        return self.met(Finding(provider="store", email=email, status=status))


@dataclass
class Budget:
    """Credits a run may spend (None: no limit), what it spent and what calls out hold."""

    limit: float | None = None
    spent: float = 0.0
    held: float = 0.0
    reached: bool = False

    def hold(self, cost: float) -> bool:
        """Set `cost` aside for a call about to go out; False (and `reached`) if it does not fit."""
        if cost <= 0 or self.limit is None:
            return True
        if self.spent + self.held + cost > self.limit + 1e-9:
            self.reached = True
            return False
        self.held += cost
        return True

    def settle(self, held: float, spent: float) -> None:
        """A call came back: release what it held, count what it cost."""
        if held > 0 and self.limit is not None:
            self.held -= held
        self.spent += spent


@dataclass(frozen=True, slots=True)
class Step:
    """One provider's part in a person's trail."""

    provider: str
    outcome: Outcome
    email: str | None = None
    status: EmailStatus | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The step as stored with the contact (no empty values)."""
        values = {
            "provider": self.provider,
            "outcome": self.outcome,
            "email": self.email,
            "status": self.status.value if self.status else None,
            "note": self.note,
        }
        return {key: value for key, value in values.items() if value}


@dataclass
class Settled:
    """A person after the waterfall: the winning answer (None: nothing found) and the trail."""

    target: Target
    best: Finding | None = None
    trail: list[Step] = field(default_factory=list)

    def offer(self, finding: Finding) -> None:
        """Keep `finding` if it is stronger than the best so far."""
        if finding.email is None:
            return
        if self.best is None or strength(finding.status) > strength(self.best.status):
            self.best = finding


@dataclass
class WaterfallResult:
    """What a run did: each person settled, the calls per provider, what it cost."""

    people: list[Settled]
    calls: dict[str, int] = field(default_factory=dict)
    cached: dict[str, int] = field(default_factory=dict)
    cost: dict[str, float] = field(default_factory=dict)
    stopped: dict[str, str] = field(default_factory=dict)  # provider → why it was dropped
    budget: Budget = field(default_factory=Budget)
    asked_in_all: int = 0  # people whose waterfall ran to its end (the rest: budget)


class Waterfall:
    """The providers in order, with the store's ledger (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        providers: Sequence[Provider],
        *,
        rule: StopRule | None = None,
        cache_days: int = 180,
        deadline: float = 30.0,
    ) -> None:
        self.engine = engine
        self.providers = list(providers)
        self.rule = rule or StopRule()
        self.cache_days = cache_days
        self.deadline = deadline

    def deadline_of(self, provider: Provider) -> float:
        """Seconds one call of `provider` may take, retries and polling included."""
        batch = provider.batch_size > 1
        return self.deadline * (BATCH_DEADLINE_FACTOR + 1 if batch else 1)

    async def run(
        self,
        targets: Sequence[Target],
        *,
        run_id: str,
        user: str,
        budget: Budget | None = None,
        progress: Progress | None = None,
        on_settled: Callable[[Sequence[Settled]], None] | None = None,
    ) -> WaterfallResult:
        """Ask the providers about `targets`; `on_settled` gets the people an answer settled
        as soon as a provider is done (to write them while the run goes on), `progress` the
        count of people done (settled, or asked of the last provider) after each call."""
        result = WaterfallResult(people=[Settled(target) for target in targets])
        result.budget = budget or Budget()
        last = len(self.providers) - 1
        for index, provider in enumerate(self.providers):
            open_ = [p for p in result.people if not self.rule.met(p.best)]
            if not open_:
                break
            report = _Report(progress, result, self.rule, last=index == last)
            await self._ask(provider, open_, result, run_id=run_id, user=user, report=report)
            if on_settled is not None:
                done = [p for p in open_ if self.rule.met(p.best)]
                if index == last:
                    done = open_
                if done:
                    await asyncio.to_thread(on_settled, done)
        over = sum(1 for p in result.people if any(s.outcome == "over_budget" for s in p.trail))
        result.asked_in_all = len(result.people) - over
        return result

    async def _ask(
        self,
        provider: Provider,
        people: list[Settled],
        result: WaterfallResult,
        *,
        run_id: str,
        user: str,
        report: _Report,
    ) -> None:
        name = provider.name
        people = await self._from_cache(provider, people, result)
        report(people=())
        gate = asyncio.Semaphore(max(1, provider.concurrency))
        size = max(1, provider.batch_size)
        batches = [people[start : start + size] for start in range(0, len(people), size)]

        async def one(batch: list[Settled]) -> None:
            async with gate:
                await self._call(provider, batch, result, run_id=run_id, user=user)
            report(people=batch)

        await asyncio.gather(*(one(batch) for batch in batches))
        result.calls.setdefault(name, 0)

    async def _from_cache(
        self, provider: Provider, people: list[Settled], result: WaterfallResult
    ) -> list[Settled]:
        """Answer from the ledger whom a paid provider was asked about lately; the rest to ask.
        A free provider is asked again (its "unknown" of a day without DNS must not stick)."""
        if self.cache_days <= 0 or provider.cost <= 0:
            return people
        since = utcnow() - timedelta(days=self.cache_days)
        known = await asyncio.to_thread(
            cached_answers,
            self.engine,
            provider=provider.name,
            subjects=[p.target.subject for p in people],
            since=since,
        )
        to_ask: list[Settled] = []
        for person in people:
            call = known.get(person.target.subject)
            if call is None:
                to_ask.append(person)
                continue
            finding = _finding_of(provider.name, call)
            person.offer(finding)
            person.trail.append(
                Step(provider.name, "cached", finding.email, finding.status, finding.note)
            )
            result.cached[provider.name] = result.cached.get(provider.name, 0) + 1
        return to_ask

    async def _call(
        self,
        provider: Provider,
        batch: list[Settled],
        result: WaterfallResult,
        *,
        run_id: str,
        user: str,
    ) -> None:
        name = provider.name
        if name in result.stopped:
            for person in batch:
                person.trail.append(Step(name, "stopped", note=result.stopped[name]))
            return
        ceiling = provider.cost * len(batch)
        if not result.budget.hold(ceiling):
            for person in batch:
                person.trail.append(Step(name, "over_budget", note="budget reached"))
            return
        spent = 0.0
        rows: list[dict[str, object]] = []
        try:
            async with asyncio.timeout(self.deadline_of(provider)):
                findings = await provider.find([person.target for person in batch])
        except ProviderStopped as error:
            result.stopped[name] = error.reason
            rows = [_row(run_id, user, name, p.target, "stopped", note=error.reason) for p in batch]
            for person in batch:
                person.trail.append(Step(name, "stopped", note=error.reason))
        except (OutsideApiError, TimeoutError) as error:
            note = str(error) if isinstance(error, OutsideApiError) else "deadline passed"
            rows = [_row(run_id, user, name, p.target, "failed", note=note) for p in batch]
            for person in batch:
                person.trail.append(Step(name, "failed", note=note))
        else:
            for person, finding in zip(batch, findings, strict=True):
                outcome: Outcome = "found" if finding.email else "not_found"
                spent += finding.cost
                rows.append(_row(run_id, user, name, person.target, outcome, finding=finding))
                person.offer(finding)
                person.trail.append(
                    Step(name, outcome, finding.email, finding.status, finding.note)
                )
            result.calls[name] = result.calls.get(name, 0) + 1
        finally:
            result.budget.settle(ceiling, spent)
            result.cost[name] = result.cost.get(name, 0.0) + spent
        await asyncio.to_thread(record_calls, self.engine, rows)


class _Report:
    """Progress during one provider's turn: people done are those an answer settled and, on
    the last provider, everyone it was asked about."""

    def __init__(
        self, progress: Progress | None, result: WaterfallResult, rule: StopRule, *, last: bool
    ) -> None:
        self.progress = progress
        self.result = result
        self.rule = rule
        self.last = last
        self.asked: set[int] = set()

    def __call__(self, *, people: Sequence[Settled]) -> None:
        if self.progress is None:
            return
        if self.last:
            self.asked.update(id(person) for person in people)
        done = sum(
            1
            for person in self.result.people
            if self.rule.met(person.best) or id(person) in self.asked
        )
        self.progress(done, len(self.result.people))


def _row(
    run_id: str,
    user: str,
    provider: str,
    target: Target,
    outcome: str,
    *,
    finding: Finding | None = None,
    note: str | None = None,
) -> dict[str, object]:
    answer: dict[str, object] = {}
    if finding is not None:
        answer = {
            "email": finding.email,
            "status": finding.status.value,
            "phone": finding.phone,
            "score": finding.score,
            "note": finding.note,
        }
    elif note:
        answer = {"note": note}
    return {
        "run_id": run_id,
        "provider": provider,
        "operation": "verify" if target.email else "find",
        "subject": target.subject,
        "contact_id": target.contact_id,
        "cost": finding.cost if finding is not None else 0.0,
        "outcome": outcome,
        "answer": answer,
        "user": user,
        "at": utcnow(),
    }


def _finding_of(provider: str, call: ProviderCall) -> Finding:
    answer = call.answer
    status = answer.get("status") or EmailStatus.unknown.value
    return Finding(
        provider=provider,
        email=answer.get("email"),
        status=EmailStatus(status),
        phone=answer.get("phone"),
        score=answer.get("score"),
        note=answer.get("note"),
    )

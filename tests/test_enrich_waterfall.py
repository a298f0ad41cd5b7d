"""The enrichment waterfall: the stop rule, the strongest answer, the budget, the cache, resuming
an interrupted run, the ledger, per-provider concurrency, batches and deadlines, the trail."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from enrich_fakes import FakeProvider, target
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.enrichment.waterfall import Budget, StopRule, Waterfall
from store.models import EmailStatus, ProviderCall
from store.models._time import utcnow

V, C, G, U = EmailStatus.verified, EmailStatus.catch_all, EmailStatus.guessed, EmailStatus.unknown


async def run(engine: Engine, providers: list[FakeProvider], targets, **options):  # type: ignore[no-untyped-def]
    rule = options.pop("rule", StopRule())
    cache_days = options.pop("cache_days", 180)
    deadline = options.pop("deadline", 5.0)
    waterfall = Waterfall(engine, providers, rule=rule, cache_days=cache_days, deadline=deadline)
    return await waterfall.run(targets, run_id=options.pop("run_id", "r1"), user="alice", **options)


def ledger(engine: Engine) -> list[ProviderCall]:
    with Session(engine) as session:
        return list(session.exec(select(ProviderCall).order_by(ProviderCall.id)).all())


async def test_the_next_provider_is_asked_only_about_people_not_settled(engine: Engine) -> None:
    first = FakeProvider("first", {"A": V, "B": C, "C": G})
    second = FakeProvider("second", {"B": V, "C": V, "D": V})
    result = await run(engine, [first, second], [target(1, "A"), target(2, "B"), target(3, "C"),
                                                 target(4, "D")])  # fmt: skip
    assert first.asked == ["A", "B", "C", "D"]
    assert second.asked == ["B", "C", "D"]
    assert [p.best.status if p.best else None for p in result.people] == [V, V, V, V]
    assert [p.best.provider if p.best else None for p in result.people] == [
        "first", "second", "second", "second"
    ]  # fmt: skip


async def test_catch_all_settles_a_person_when_the_rule_accepts_it(engine: Engine) -> None:
    first = FakeProvider("first", {"A": V, "B": C, "C": G})
    second = FakeProvider("second", {"B": V, "C": V})
    await run(engine, [first, second], [target(1, "A"), target(2, "B"), target(3, "C")],
              rule=StopRule(accept_catch_all=True))  # fmt: skip
    assert second.asked == ["C"]


async def test_the_strongest_answer_wins_whatever_the_order(engine: Engine) -> None:
    first = FakeProvider("first", {"A": G, "B": U})
    second = FakeProvider("second", {"A": U, "B": C})
    result = await run(engine, [first, second], [target(1, "A"), target(2, "B")])
    assert [(p.best.provider, p.best.status) for p in result.people if p.best] == [
        ("first", G), ("second", C)
    ]  # fmt: skip


async def test_a_budget_stops_paid_calls_cleanly_and_says_how_far_it_got(engine: Engine) -> None:
    free = FakeProvider("free", {}, cost=0.0)
    paid = FakeProvider("paid", {f"P{i}": V for i in range(10)}, cost=1.0, concurrency=3)
    result = await run(engine, [free, paid], [target(i) for i in range(10)], budget=Budget(4))
    assert len(free.asked) == 10  # a free provider is never held back by the budget
    assert len(paid.asked) == 4
    assert result.budget.reached and result.budget.spent == 4 and result.budget.held == 0
    assert result.asked_in_all == 4
    over = [p for p in result.people if any(s.outcome == "over_budget" for s in p.trail)]
    assert len(over) == 6
    assert sum(call.cost for call in ledger(engine)) == 4


async def test_a_call_that_finds_nothing_costs_nothing_against_the_budget(engine: Engine) -> None:
    paid = FakeProvider("paid", {"P0": V}, cost=1.0, concurrency=1)
    result = await run(engine, [paid], [target(i) for i in range(5)], budget=Budget(2))
    # each call holds its cost while out, and the provider charges only what it finds
    assert result.budget.spent == 1 and not result.budget.reached
    assert len(paid.asked) == 5


async def test_no_provider_is_asked_twice_about_the_same_person_within_the_cache_age(
    engine: Engine,
) -> None:
    provider = FakeProvider("paid", {"P1": V, "P2": G})
    targets = [target(i) for i in range(4)]
    first = await run(engine, [provider], targets, run_id="r1")
    again = FakeProvider("paid", {"P1": V, "P2": G})
    second = await run(engine, [again], targets, run_id="r2")
    assert again.calls == []
    assert second.cached == {"paid": 4}
    assert [p.best.email if p.best else None for p in second.people] == [
        p.best.email if p.best else None for p in first.people
    ]
    assert [s.outcome for p in second.people for s in p.trail] == ["cached"] * 4


async def test_answers_older_than_the_cache_age_are_asked_again(engine: Engine) -> None:
    await run(engine, [FakeProvider("paid", {"P1": V})], [target(1)], run_id="r1")
    with Session(engine) as session:
        session.exec(update(ProviderCall).values(at=utcnow() - timedelta(days=200)))  # type: ignore[call-overload]
        session.commit()
    again = FakeProvider("paid", {"P1": V})
    await run(engine, [again], [target(1)], run_id="r2", cache_days=180)
    assert again.asked == ["P1"]
    uncached = FakeProvider("paid", {"P1": V})
    await run(engine, [uncached], [target(1)], run_id="r3", cache_days=0)
    assert uncached.asked == ["P1"]


async def test_a_failed_call_is_not_cached_and_is_asked_again(engine: Engine) -> None:
    flaky = FakeProvider("paid", {"P1": V}, fail_for={"P1"})
    await run(engine, [flaky], [target(1)])
    assert [c.outcome for c in ledger(engine)] == ["failed"]
    fixed = FakeProvider("paid", {"P1": V})
    result = await run(engine, [fixed], [target(1)], run_id="r2")
    assert fixed.asked == ["P1"] and result.people[0].best is not None


async def test_an_interrupted_run_resumes_without_paying_twice(engine: Engine) -> None:
    class Crash(Exception):
        pass

    class Crashing(FakeProvider):
        async def find(self, targets):  # type: ignore[no-untyped-def]
            if len(self.calls) == 3:
                raise Crash
            return await super().find(targets)

    crashing = Crashing("paid", {f"P{i}": V for i in range(6)}, concurrency=1)
    targets = [target(i) for i in range(6)]
    with pytest.raises(Crash):
        await run(engine, [crashing], targets, run_id="r1")
    assert len(ledger(engine)) == 3  # each call is in the ledger as soon as it is back
    resumed = FakeProvider("paid", {f"P{i}": V for i in range(6)})
    result = await run(engine, [resumed], targets, run_id="r2")
    assert resumed.asked == ["P3", "P4", "P5"]
    assert all(p.best is not None and p.best.status == V for p in result.people)


async def test_the_ledger_records_every_call(engine: Engine) -> None:
    first = FakeProvider("first", {"A": G}, cost=0.0)
    second = FakeProvider("second", {"A": V}, cost=1.0, fail_for={"B"})
    await run(engine, [first, second], [target(1, "A"), target(2, "B")], run_id="run-7")
    calls = ledger(engine)
    assert sorted((c.provider, c.subject.split("@")[0], c.outcome, c.cost) for c in calls) == [
        ("first", "jean a", "found", 0.0),
        ("first", "jean b", "not_found", 0.0),
        ("second", "jean a", "found", 1.0),
        ("second", "jean b", "failed", 0.0),
    ]
    assert {c.run_id for c in calls} == {"run-7"} and {c.user for c in calls} == {"alice"}
    assert {c.operation for c in calls} == {"find"}
    found = next(c for c in calls if c.provider == "second" and c.outcome == "found")
    assert found.answer["email"] == "jean.a@acme.fr" and found.answer["status"] == "verified"
    assert found.contact_id == 1


async def test_a_provider_that_refuses_the_key_is_dropped_for_the_run(engine: Engine) -> None:
    refused = FakeProvider("hunter", {"A": V}, stop_with="auth", concurrency=1)
    after = FakeProvider("dropcontact", {"A": V, "B": V})
    result = await run(engine, [refused, after], [target(1, "A"), target(2, "B")])
    assert len(refused.calls) == 1  # the second person is not sent to a refused key
    assert result.stopped == {"hunter": "auth"}
    assert after.asked == ["A", "B"]
    assert [s.outcome for s in result.people[1].trail] == ["stopped", "found"]


async def test_calls_stay_within_the_provider_concurrency(engine: Engine) -> None:
    provider = FakeProvider("paid", {}, cost=0.0, concurrency=3, latency=0.05)
    started = time.monotonic()
    await run(engine, [provider], [target(i) for i in range(12)])
    elapsed = time.monotonic() - started
    assert provider.most_out == 3
    assert elapsed >= 4 * 0.05


async def test_a_batch_provider_gets_its_people_in_batches(engine: Engine) -> None:
    batch = FakeProvider("dropcontact", {}, batch_size=250, concurrency=1)
    await run(engine, [batch], [target(i) for i in range(600)])
    assert [len(call) for call in batch.calls] == [250, 250, 100]


async def test_a_call_past_its_deadline_fails_and_the_next_provider_is_asked(
    engine: Engine,
) -> None:
    slow = FakeProvider("slow", {"A": V}, latency=2.0)
    fast = FakeProvider("fast", {"A": V})
    started = time.monotonic()
    result = await run(engine, [slow, fast], [target(1, "A")], deadline=0.2)
    assert time.monotonic() - started < 1.5
    assert [(s.provider, s.outcome) for s in result.people[0].trail] == [
        ("slow", "failed"), ("fast", "found")
    ]  # fmt: skip


async def test_progress_counts_people_settled_or_asked_of_the_last_provider(
    engine: Engine,
) -> None:
    seen: list[tuple[int, int]] = []
    first = FakeProvider("first", {"P0": V}, concurrency=1)
    last = FakeProvider("last", {"P1": V}, concurrency=1)
    await run(engine, [first, last], [target(i) for i in range(3)],
              progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    # first: P0 settled, P1 and P2 not; last: each person asked is done
    assert seen == [(0, 3), (1, 3), (1, 3), (1, 3), (1, 3), (2, 3), (3, 3)]


async def test_people_settled_are_handed_over_as_each_provider_ends(engine: Engine) -> None:
    handed: list[list[str]] = []
    first = FakeProvider("first", {"A": V})
    second = FakeProvider("second", {"B": G})
    await run(engine, [first, second], [target(1, "A"), target(2, "B"), target(3, "C")],
              on_settled=lambda people: handed.append([p.target.last_name for p in people]))  # fmt: skip
    assert handed == [["A"], ["B", "C"]]

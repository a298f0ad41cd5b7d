"""SQLite: a search with a creation-date bound whose other conditions are narrow checks the
dates on the companies' rows instead of matching one index token per year; it answers as the
tokens do — the same totals, the same pages in size order, the same matches ranked by text."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sirene_samples import synth
from sqlalchemy import text
from sqlalchemy.engine import Engine

import store.search.sqlite as sqlite_search
from store.db import open_store
from store.search import CompanyQuery
from store.search.results import CompanyPage
from store.search.sql import search_companies
from store.sirene import import_sirene


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    folder: Path = tmp_path_factory.mktemp("dated")
    files = synth().generate(folder / "stock", 3_000, seed=17)
    engine = open_store(f"sqlite:///{folder / 'store.db'}")
    import_sirene(engine, [files.legal_units, files.establishments], include_closed=True)
    yield engine
    engine.dispose()


def _queries(store: Engine) -> list[CompanyQuery]:
    rng = random.Random(5)
    with store.connect() as connection:
        rows = connection.execute(
            text("SELECT name, department FROM company WHERE active ORDER BY siren")
        ).all()
    words = [w for name, _ in rows[::5] for w in name.split() if len(w) > 3 and w.isalpha()]
    departments = sorted({d for _, d in rows if d})
    queries = []
    for index in range(60):
        fields: dict[str, Any] = {"created_after": date(rng.randrange(1970, 2015), 1, 1)}
        if rng.random() < 0.3:
            fields["created_before"] = date(rng.randrange(2015, 2030), 12, 31)
        if index % 3 != 1:
            fields["text"] = rng.choice([*words, "conseil", "commerce", "transport"])
        if index % 3 != 0:
            fields["departments"] = [rng.choice(departments)]
        if rng.random() < 0.4:
            fields["headcount_max"] = rng.choice([9, 49, 249])
        if rng.random() < 0.3:
            fields["include_closed"] = True
        fields["sort"] = rng.choice(["relevance", "relevance", "size_desc"])
        fields["offset"] = rng.choice([0, 0, 20])
        queries.append(CompanyQuery(**fields))
    return queries


def _search(store: Engine, query: CompanyQuery, rows_limit: int) -> CompanyPage:
    sqlite_search.DATES_ON_ROWS = rows_limit
    try:
        return search_companies(store, query=query)
    finally:
        sqlite_search.DATES_ON_ROWS = 2_000


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each search with a date bound was answered with the dates checked on rows."""
    answers: list[bool] = []
    on_rows = sqlite_search._dates_on_rows

    def recorded(*args: Any, **kwargs: Any) -> Any:
        page = on_rows(*args, **kwargs)
        answers.append(page is not None)
        return page

    monkeypatch.setattr(sqlite_search, "_dates_on_rows", recorded)
    return answers


def test_dates_on_rows_answer_as_the_date_tokens(store: Engine, answered: list[bool]) -> None:
    found = 0
    for query in _queries(store):
        tokens = _search(store, query, 0)  # the cap reached at once: the token path
        rows = _search(store, query, 10**6)
        assert (rows.total, rows.total_is_lower_bound) == (
            tokens.total, tokens.total_is_lower_bound,
        ), query  # fmt: skip
        if query.text and query.sort == "relevance":  # bm25 without the year tokens: the
            # same matches, in an order that may differ
            if rows.total > 100:
                continue
            whole = query.model_copy(update={"limit": 100, "offset": 0})
            assert {c.siren for c in _search(store, whole, 10**6).companies} == {
                c.siren for c in _search(store, whole, 0).companies
            }, query
        else:
            assert [c.siren for c in rows.companies] == [c.siren for c in tokens.companies]
        found += rows.total
    assert sum(answered) >= 40 and found > 200


def test_the_dates_are_checked_on_the_rows(store: Engine) -> None:
    query = CompanyQuery(
        text="conseil", created_after=date(2005, 1, 1), created_before=date(2012, 12, 31),
        limit=100, include_closed=True,
    )  # fmt: skip
    page = _search(store, query, 10**6)
    assert 0 < page.total < 100
    assert all(date(2005, 1, 1) <= c.created_on <= date(2012, 12, 31) for c in page.companies)  # type: ignore[operator]
    assert len(page.companies) == page.total


def test_too_many_matches_keep_the_date_tokens(
    store: Engine, answered: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_search, "DATES_ON_ROWS", 5)
    page = search_companies(
        store, query=CompanyQuery(departments=["75", "69", "13"], created_after=date(2000, 1, 1))
    )
    with store.connect() as connection:
        expected = connection.execute(
            text(
                "SELECT count(*) FROM company WHERE active AND created_on >= '2000-01-01' "
                "AND department IN ('75', '69', '13')"
            )
        ).scalar_one()
    assert answered == [False]
    assert page.total == expected > 5

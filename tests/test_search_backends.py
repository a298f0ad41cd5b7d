"""SQLite and PostgreSQL answer the same searches alike, on the same imported SIRENE files.

Both stores are filled by `import_sirene` from the benchmark's generator (ceased companies
included), plus companies with awkward values. For every query: the same total and the same
"more than" flag; the same SIRENs in the same order wherever the order is defined (every sort
but relevance with text, which SQLite ranks by bm25 when the matches are few); for those, the
same set of matches. PostgreSQL runs five ways: as shipped, reading every
page along the size index or size class by size class (the paths of big result sets), with
counting capped low on both sides (where both must say the same "more than", sorted by a
column or not), and with that "more than" proven on slices of the companies.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import _POSTGRES, _POSTGRES_REQUIRED, postgres_engine
from sirene_samples import synth
from sqlalchemy import text
from sqlalchemy.engine import Engine

import store.search.pages_postgres as postgres_pages
import store.search.postgres as postgres_search
import store.search.sqlite as sqlite_search
from store.db import open_store
from store.models import Company
from store.repositories.companies import upsert_companies
from store.search import CompanyQuery, samples_postgres
from store.search.results import CompanyPage
from store.search.sql import search_companies
from store.sirene import import_sirene

pytestmark = pytest.mark.postgres

AWKWARD = [
    Company(siren="100000009", name="DATA.COM jean@x.fr", acronym="D.C", city="LYON 3EME",
            postcode="69003", department="69", region="84", naf_code="62.01Z",
            naf_section="J", headcount_band="NN", category="PME", legal_form="5710",
            created_on=date(2016, 12, 31)),
    Company(siren="100000017", name="Société Générale d'Études", city="Lyon", postcode="69001",
            department="69", region="84", naf_code="71.12B", naf_section="M",
            headcount_band=None, created_on=date(2017, 1, 1), description="Œuvre d'art"),
    Company(siren="100000025", name="L'ATELIER DU 3E ÂGE", city="SAINT-ETIENNE",
            postcode="42000", department="42", region="84", naf_code="88.10A",
            headcount_band="53", category="GE", created_on=date(1899, 5, 1), legal_form="5499"),
    Company(siren="100000033", name="FOO_BAR & CIE", city="LYON 9EME", postcode="69009",
            department="69", region="84", naf_code="62.02A", headcount_band="11",
            created_on=date(2101, 1, 1), active=False),
    Company(siren="100000041", name="   ", city=None, postcode=None, department=None),
]  # fmt: skip


def _queries() -> list[CompanyQuery]:
    q = CompanyQuery
    return [
        # text, label words, prefixes, two words, relaxed to any word, odd characters
        q(text="conseil"),
        q(text="logiciels"),
        q(text="informatique"),
        q(text="boulang"),
        q(text="martin nantes"),
        q(text="clinique zzzunknown"),
        q(text="data"),
        q(text="jean"),
        q(text="foo_bar"),
        q(text="oeuvre"),
        q(text="études"),
        q(text="d c"),
        q(text="3e âge"),
        q(text="restauration", limit=50),
        # filters alone and together
        q(departments=["69"]),
        q(regions=["84"]),
        q(departments=["69"], regions=["11"]),
        q(naf_codes=["62"]),
        q(naf_codes=["62.01Z"]),
        q(sections=["J"]),
        q(headcount_min=10, headcount_max=49),
        q(headcount_max=9),
        q(headcount_min=250),
        q(headcount_min=20_000),
        q(categories=["ETI", "GE"]),
        q(cities=["Lyon"]),
        q(cities=["Saint-Étienne", "Nantes"]),
        q(postcodes=["69"]),
        q(postcodes=["69003"]),
        q(legal_forms=["SARL"]),
        q(legal_forms=["54"]),
        q(created_after=date(2016, 1, 1)),
        q(created_after=date(2016, 6, 15)),
        q(created_before=date(1960, 12, 31)),
        q(created_before=date(1900, 6, 1)),
        q(created_after=date(2100, 6, 1)),
        q(created_after=date(2000, 1, 1), created_before=date(2010, 12, 31), regions=["11"]),
        q(naf_codes=["47"], departments=["13"], headcount_max=9),
        q(include_closed=True, naf_codes=["62"]),
        q(include_closed=True, headcount_min=10, headcount_max=49, departments=["69"]),
        # both
        q(text="conseil", departments=["75"]),
        q(text="logiciel", headcount_min=10),
        q(text="lyon", cities=["Lyon"]),
        q(text="cabinet", created_after=date(2000, 3, 1)),
        q(text="data", include_closed=True),
        q(name="data", naf_codes=["62"]),
        q(name="boulangerie"),
        q(text="conseil", name="cabinet"),
        # sorts, pages, exclusions
        *[
            q(naf_codes=["62"], sort=sort)
            for sort in ("size_desc", "size_asc", "newest", "oldest", "name", "intent")
        ],
        *[q(text="conseil", sort=sort) for sort in ("size_desc", "size_asc", "name")],
        # broad ones sorted by a column or filtered on rows: past the cap both say "more than"
        q(headcount_max=9, sort="name"),
        q(headcount_max=9, sort="newest", offset=20),
        q(include_closed=True, sort="oldest"),
        q(created_after=date(2016, 6, 15), sort="name"),
        q(text="conseil", created_after=date(1990, 6, 15)),
        q(regions=["11"], sort="size_asc", offset=137),
        q(departments=["13"], offset=40),
        q(headcount_max=9, offset=500, limit=7),
        q(include_closed=True, sort="size_asc", naf_codes=["56"], offset=15),
        q(text="conseil", offset=60),
        q(departments=["69"], exclude_sirens=["100000009"]),
        q(text="data", exclude_sirens=["100000009", "100000017"], include_closed=True),
        # nothing but activity and headcount: counted along the size index on PostgreSQL
        q(headcount_min=5000, exclude_sirens=["100000025"]),
        q(include_closed=True, headcount_min=10),
        q(include_closed=True, headcount_max=9, sort="size_asc", offset=30),
    ]


QUERIES = _queries()


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Engine]]:
    """A SQLite store and a PostgreSQL one holding the same companies."""
    if _POSTGRES is None:
        if _POSTGRES_REQUIRED:
            pytest.fail("FILON_TEST_POSTGRES_URL is set but the server does not answer")
        pytest.skip("no PostgreSQL reachable (set FILON_TEST_POSTGRES_URL)")
    folder: Path = tmp_path_factory.mktemp("backends")
    files = synth().generate(folder / "stock", 4_000, seed=11)
    paths = [files.legal_units, files.establishments]
    sqlite = open_store(f"sqlite:///{folder / 'store.db'}")
    postgres_stores = postgres_engine(_POSTGRES)
    postgres = next(postgres_stores)
    for engine in (sqlite, postgres):
        import_sirene(engine, paths, include_closed=True, batch_size=700)
        upsert_companies(engine, companies=AWKWARD)
    yield sqlite, postgres
    sqlite.dispose()
    postgres_stores.close()


def _sirens(page: CompanyPage) -> list[str]:
    return [company.siren for company in page.companies]


def _ranked(query: CompanyQuery) -> bool:
    """Relevance with text: SQLite ranks by bm25, PostgreSQL lists name matches first."""
    return query.sort == "relevance" and bool(query.text or query.name)


def _compare(sqlite: Engine, postgres: Engine, query: CompanyQuery) -> None:
    lite, pg = (search_companies(engine, query=query) for engine in (sqlite, postgres))
    assert (pg.total, pg.total_is_lower_bound, pg.relaxed) == (
        lite.total, lite.total_is_lower_bound, lite.relaxed,
    ), query  # fmt: skip
    if not _ranked(query):
        assert _sirens(pg) == _sirens(lite), query
        return
    if lite.total <= 1_000:
        every = query.model_copy(update={"limit": 1_000, "offset": 0})
        assert set(_sirens(search_companies(postgres, query=every))) == set(
            _sirens(search_companies(sqlite, query=every))
        ), query
    assert len(pg.companies) == len(lite.companies)


@pytest.mark.parametrize("query", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
@pytest.mark.parametrize("mode", ["shipped", "along", "walk", "capped", "sliced"])
def test_both_databases_answer_alike(
    stores: tuple[Engine, Engine],
    query: CompanyQuery,
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if mode in ("along", "walk"):  # every page read along the size index, or class by class
        monkeypatch.setattr(postgres_search, "GATHER_ALL", 0)
        monkeypatch.setattr(postgres_pages, "READ_ALL", 0)
        monkeypatch.setattr(postgres_pages, "SCAN_BUDGET", 10**9 if mode == "along" else 1)
    if mode == "capped":  # and pages of big sets read along the size index, name matches first
        monkeypatch.setattr(postgres_search, "COUNT_LIMIT", 150)
        monkeypatch.setattr(sqlite_search, "COUNT_LIMIT", 150)
        monkeypatch.setattr(postgres_pages, "READ_ALL", 20)
        monkeypatch.setattr(postgres_pages, "SCAN_BUDGET", 10**9)
    if mode == "sliced":  # broad counts proven on slices of the companies (`samples_postgres`)
        monkeypatch.setattr(samples_postgres, "SLICES", (4, 2))  # a quarter, then the next
        request.getfixturevalue("slices")
        monkeypatch.setattr(postgres_search, "COUNT_LIMIT", 150)
        monkeypatch.setattr(sqlite_search, "COUNT_LIMIT", 150)
        monkeypatch.setattr(postgres_pages, "READ_ALL", 20)  # name matches proven there too
    _compare(*stores, query)


@pytest.fixture
def slices(stores: tuple[Engine, Engine]) -> Iterator[None]:
    """The PostgreSQL store with the slices' indexes, whatever its size; dropped after."""
    connection = stores[1].raw_connection()
    try:
        with connection.cursor() as cursor:
            assert samples_postgres.build(cursor, minimum=0) == 2
        connection.commit()
        yield
        with connection.cursor() as cursor:
            samples_postgres.drop(cursor)
        connection.commit()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "query", [q for q in QUERIES if _ranked(q)], ids=lambda q: q.text or q.name
)
@pytest.mark.parametrize("gathered", [True, False], ids=["gathered", "in-parts"])
def test_broad_text_lists_name_matches_first_on_both(
    stores: tuple[Engine, Engine],
    query: CompanyQuery,
    gathered: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past SQLite's bm25 limit both databases order text matches the same way: companies
    whose name holds the words first, each part biggest first; on PostgreSQL, gathered in
    one pass or read part by part."""
    monkeypatch.setattr(sqlite_search, "RANK_LIMIT", 0)
    if not gathered:
        monkeypatch.setattr(postgres_search, "GATHER_ALL", 0)
        monkeypatch.setattr(postgres_pages, "READ_ALL", 0)
    sqlite, postgres = stores
    if query.has_filters and _row_filtered(query):
        pytest.skip("filters checked on rows: SQLite ranks those by bm25 whatever the count")
    assert _sirens(search_companies(postgres, query=query)) == _sirens(
        search_companies(sqlite, query=query)
    )


def _row_filtered(query: CompanyQuery) -> bool:
    fields: dict[str, Any] = query.model_dump()
    return any(fields[name] for name in ("cities", "postcodes", "legal_forms", "created_after",
                                         "created_before"))  # fmt: skip


def test_siren_and_siret_lookups_answer_alike(stores: tuple[Engine, Engine]) -> None:
    sqlite, postgres = stores
    with sqlite.connect() as connection:
        picked = connection.execute(
            text("SELECT siren, head_office_siret FROM company WHERE head_office_siret IS NOT NULL "
                 "ORDER BY siren LIMIT 400")
        ).all()  # fmt: skip
    typed = [siren for siren, _ in picked[::40]] + [siret for _, siret in picked[5::40]]
    typed += [f"{s[:3]} {s[3:6]} {s[6:]}" for s, _ in picked[7:9]] + ["732829320"]  # unknown
    for identifier in typed:
        query = CompanyQuery(text=identifier)
        lite, pg = (search_companies(engine, query=query) for engine in (sqlite, postgres))
        assert (_sirens(pg), pg.total) == (_sirens(lite), lite.total), identifier
    assert sum(bool(search_companies(sqlite, query=CompanyQuery(text=t)).total) for t in typed) > 20


def _mix(sqlite: Engine, count: int) -> list[CompanyQuery]:
    """A seeded mix shaped like bench/search.py's: words of stored names and cities, NAF label
    words, and random filters, alone and together."""
    rng = random.Random(3)
    with sqlite.connect() as connection:
        sample = connection.execute(
            text("SELECT name, city, department FROM company WHERE active ORDER BY siren")
        ).all()
    words = [w for row in sample[::7] for w in row[0].split() if len(w) > 3 and w.isalpha()]
    cities = sorted({row[1].split(" ")[0] for row in sample if row[1]})
    departments = sorted({row[2] for row in sample if row[2]})
    labels = ["conseil", "logiciels", "transport", "restauration", "construction", "commerce"]

    def filters() -> dict[str, Any]:
        fields: dict[str, Any] = {}
        low, high = rng.choice([(None, 9), (10, 49), (50, 200), (100, None), (None, None)])
        if low is not None or high is not None:
            fields.update(headcount_min=low, headcount_max=high)
        choice = rng.random()
        if choice < 0.4:
            fields["departments"] = [rng.choice(departments)]
        elif choice < 0.6:
            fields["regions"] = [rng.choice(["11", "84", "93", "75"])]
        elif choice < 0.8:
            fields["cities"] = [rng.choice(cities)]
        if rng.random() < 0.6:
            fields["naf_codes"] = [rng.choice(["62", "62.01Z", "41", "43", "56.10A", "47", "86"])]
        if rng.random() < 0.3:
            fields["categories"] = rng.choice([["PME"], ["ETI"], ["GE"]])
        if rng.random() < 0.2:
            fields["created_after"] = date(rng.randrange(1990, 2024), 1, 1)
        return fields or {"departments": [rng.choice(departments)]}

    def words_() -> str:
        pick = rng.random()
        if pick < 0.5:
            return rng.choice(words)
        if pick < 0.75:
            return rng.choice(labels)
        return f"{rng.choice(words)} {rng.choice(cities)}"

    mix = []
    for index in range(count):
        kind = index % 3
        query = CompanyQuery(
            **({"text": words_()} if kind != 1 else {}), **(filters() if kind else {})
        )
        sort = rng.choice(["relevance", "relevance", "size_desc", "size_asc", "newest", "name"])
        mix.append(query.model_copy(update={"sort": sort, "offset": rng.choice([0, 0, 20, 60])}))
    return mix


@pytest.mark.parametrize("mode", ["shipped", "along", "walk"])
def test_a_benchmark_shaped_mix_answers_alike(
    stores: tuple[Engine, Engine], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """90 queries (text, filters, both; every sort; pages past the first): same totals, and the
    same companies wherever both databases define the order, on every PostgreSQL path."""
    if mode in ("along", "walk"):
        monkeypatch.setattr(postgres_search, "GATHER_ALL", 0)
        monkeypatch.setattr(postgres_pages, "READ_ALL", 0)
        monkeypatch.setattr(postgres_pages, "SCAN_BUDGET", 10**9 if mode == "along" else 1)
    mix = _mix(stores[0], 90)
    assert len({q.text for q in mix if q.text}) > 20
    for query in mix:
        _compare(*stores, query)


def test_a_word_many_names_hold_pages_alike_when_counting_stops(
    stores: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting stopped low, pages read along the size index: PostgreSQL's one pass over the
    matches tells it that the name matches fill the page, and it does not count them again;
    the pages are SQLite's (name matches first, biggest first), deep ones too."""
    sqlite, postgres = stores
    with sqlite.connect() as connection:
        names = connection.execute(text("SELECT name FROM company WHERE active")).scalars()
        words = Counter(w.lower() for n in names for w in n.split() if len(w) > 3 and w.isalpha())
    word = words.most_common(1)[0][0]
    for backend in (postgres_search, sqlite_search):
        monkeypatch.setattr(backend, "COUNT_LIMIT", 60)
    monkeypatch.setattr(sqlite_search, "RANK_LIMIT", 0)
    monkeypatch.setattr(postgres_pages, "READ_ALL", 20)
    monkeypatch.setattr(postgres_pages, "SCAN_BUDGET", 10**9)
    counted: list[object] = []
    gather = postgres_pages.gather

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(args)
        return gather(*args, **kwargs)

    monkeypatch.setattr(postgres_pages, "gather", counting)
    for offset in (0, 20, 50, words[word] - 10, words[word] + 30):
        query = CompanyQuery(text=word, offset=offset)
        lite, pg = (search_companies(engine, query=query) for engine in (sqlite, postgres))
        assert (pg.total, pg.total_is_lower_bound) == (lite.total, lite.total_is_lower_bound)
        assert _sirens(pg) == _sirens(lite), (word, offset)
        if offset == 0:
            assert pg.total_is_lower_bound and not counted, (word, words[word])

"""The search service on a small seeded store: what reps typed, through the parser and
`find_companies`, and which companies come back in which order, with which notices."""

from __future__ import annotations

from datetime import date

import pytest
from search_store import BENARD, SIREN_OF, seed, siren
from sqlalchemy.engine import Engine

from agent.search.local import LocalSource
from agent.search.parse import parse_company_query
from agent.search.ports import SourcePage
from agent.search.readings import band_notices, find_companies
from store.search.query import CompanyQuery, InvalidIdentifier

TODAY = date(2026, 6, 15)


@pytest.fixture
def source(engine: Engine) -> LocalSource:
    return LocalSource(seed(engine))


async def run(source: LocalSource, request: str, **fields: object) -> SourcePage:
    query = parse_company_query(request, today=TODAY).model_copy(update=fields)
    return await find_companies(source, query)


def names(page: SourcePage) -> list[str]:
    return [company.name for company in page.companies]


# request → the companies expected (in this order when `ordered`), and the notice codes
CASES: list[tuple[str, list[str], bool, list[str]]] = [
    # 1. exact names first, then the sector reading, and a notice that they differ
    ("Bénard Infogérance",
     ["Bénard Infogérance", "Atelier Bénard Infogérance", "Cloud Ops", "Infra Services Lyon",
      "Run It"], True, ["name_match"]),
    ("bénard infogerance",
     ["Bénard Infogérance", "Atelier Bénard Infogérance", "Cloud Ops", "Infra Services Lyon",
      "Run It"], True, ["name_match"]),
    # 2. identifiers
    ("SIREN 583692991", ["Bénard Infogérance"], True, []),
    ("583 692 991", ["Bénard Infogérance"], True, []),
    ("583.692.991", ["Bénard Infogérance"], True, []),
    ("SIRET 58369299100016", ["Bénard Infogérance"], True, []),
    # 3 and 4. software houses under 58.29 and 62.01Z; a leftover word never empties the page
    ("éditeurs SaaS à Grenoble", ["Altys", "Talora"], False, []),
    ("éditeurs cybersécurité à Grenoble", ["Altys", "Talora"], False, ["dropped_words"]),
    ("SaaS publishers in IDF with more than 100 employees", ["Big Soft"], True, []),
    ("IT companies in Lyon",
     ["Bénard Infogérance", "Pichon et Associés", "Infra Services Lyon", "Data Lyon"], False, []),
    ("sociétés informatiques à Rennes", [], True, []),
    # 5. bare department numbers and headcount shorthand
    ("ESN 92", ["Nanterre Conseil"], True, []),
    ("ESN 92 et 75", ["Big Soft", "Cloud Ops", "Nanterre Conseil"], False, []),
    ("ESN +100 salariés à Paris", ["Big Soft", "Cloud Ops"], True, []),
    # 6. the INSEE band 200–249 reaches past "50 à 200": included, and said
    ("ESN de 50 à 200 salariés à Lyon",
     ["Bénard Infogérance", "Pichon et Associés", "Infra Services Lyon", "Data Lyon"][:3], False,
     ["band_straddles"]),
    # 7. sort phrases
    ("ESN à Lyon, les plus petites d'abord",
     ["Infra Services Lyon", "Pichon et Associés", "Bénard Infogérance"], True, []),
    ("ESN à Lyon par ordre alphabétique",
     ["Bénard Infogérance", "Infra Services Lyon", "Pichon et Associés"], True, []),
    ("ESN à Lyon, les plus récentes d'abord",
     ["Infra Services Lyon", "Pichon et Associés", "Bénard Infogérance"], True, []),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected", "ordered", "codes"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
async def test_what_reps_typed_finds_these_companies(
    source: LocalSource, request_text: str, expected: list[str], ordered: bool, codes: list[str]
) -> None:
    page = await run(source, request_text)
    found = names(page)
    assert (found if ordered else sorted(found)) == (expected if ordered else sorted(expected))
    assert page.total == len(expected)
    assert [notice.code for notice in page.notices] == codes


async def test_name_notice_names_the_company_and_counts_the_other_reading(
    source: LocalSource,
) -> None:
    page = await run(source, "Bénard Infogérance")
    notice = page.notices[0]
    assert notice.values == {
        "name": "Bénard Infogérance",
        "siren": BENARD,
        "named": 2,
        "others": 3,
        "words": ["Infogérance"],
    }


async def test_no_notice_when_the_name_reading_finds_nothing(source: LocalSource) -> None:
    page = await run(source, "Dupont Infogérance")
    assert page.notices[0].code == "dropped_words"  # "Dupont" set aside: every 62.03Z company
    assert sorted(names(page)) == ["Cloud Ops", "Infra Services Lyon", "Run It"]


async def test_pages_of_a_name_first_search_never_overlap(source: LocalSource) -> None:
    everything = await run(source, "Bénard Infogérance", limit=50)
    paged = []
    for offset in range(everything.total):
        page = await run(source, "Bénard Infogérance", limit=1, offset=offset)
        assert page.total == everything.total
        paged += names(page)
    assert paged == names(everything)
    two = await run(source, "Bénard Infogérance", limit=2, offset=1)
    assert names(two) == names(everything)[1:3]


async def test_a_wrong_check_digit_is_a_clear_error(source: LocalSource) -> None:
    with pytest.raises(InvalidIdentifier) as error:
        await run(source, "SIREN 583692990")
    assert (error.value.kind, error.value.value) == ("SIREN", "583692990")


async def test_a_name_alone_is_a_plain_name_filter(source: LocalSource) -> None:
    page = await find_companies(source, CompanyQuery(name="benard"))
    assert sorted(names(page)) == ["Atelier Bénard Infogérance", "Bénard Infogérance",
                                   "Bénard Plomberie"]  # fmt: skip
    assert page.notices == []


@pytest.mark.parametrize(
    ("low", "high", "bands"),
    [
        (50, 200, [(200, 249)]),
        (101, None, []),  # "plus de 100": 100–199 misses by one, not worth a word
        (30, None, [(20, 49)]),
        (None, 10, [(10, 19)]),
        (None, 15_000, [(10_000, None)]),
        (20, 49, []),
        (None, None, []),
    ],
)
def test_bands_straddling_the_range_are_said(
    low: int | None, high: int | None, bands: list[tuple[int, int | None]]
) -> None:
    notices = band_notices(CompanyQuery(headcount_min=low, headcount_max=high))
    assert [(n.values["band_min"], n.values["band_max"]) for n in notices] == bands
    assert all(n.values["asked_min"] == low and n.values["asked_max"] == high for n in notices)


def test_the_seed_has_valid_sirens() -> None:
    assert SIREN_OF["Bénard Infogérance"] == BENARD and siren(2) != BENARD


class ForgetfulSource:
    """A source that ignores `name` (as the public API does): it answers the other filters."""

    name = "api"

    def __init__(self, inner: LocalSource) -> None:
        self.inner = inner

    async def search(self, query: CompanyQuery) -> SourcePage:
        return await self.inner.search(query.model_copy(update={"name": None}))


async def test_a_source_that_ignores_names_pins_nothing_wrong(source: LocalSource) -> None:
    query = parse_company_query("Bénard Infogérance", today=TODAY)
    page = await find_companies(ForgetfulSource(source), query)  # type: ignore[arg-type]
    assert names(page)[0] == "Bénard Infogérance"
    assert [notice.values["named"] for notice in page.notices] == [2]
    assert "Run It" in names(page)  # the sector reading, after the two so named

"""The BODACC signal source against a fake Opendatasoft speaking the documented contract:
the queries it writes, paging, halving a period past the API's 10 000-record window,
notices read as signals (families, JSON-in-string fields, corrections, personal data,
untrusted text), unreadable notices counted, and faults (429, 5xx, malformed pages)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from bodacc_fake import BASE_URL, FakeBodacc, company, notice, ods_error, person, previous
from enrich_servers import mock_api
from recherche_fakes import FakeClock

from agent.http import ApiMalformed, ApiRejected, ApiUnavailable
from agent.signals.bodacc import BodaccSource
from agent.signals.ports import FoundSignal, SignalSource, SourceBatch
from store.demo.sirens import siren_at
from store.models import SignalKind

ONDILAB = "833310592"
ORDER = "dateparution, id"


def source(fake: FakeBodacc, clock: FakeClock | None = None, **options: Any) -> BodaccSource:
    api = mock_api("bodacc", fake, clock or FakeClock())
    return BodaccSource(api, base_url=BASE_URL, today=lambda: date(2026, 11, 30), **options)


async def company_signals(*records: dict[str, Any]) -> SourceBatch:
    return await source(FakeBodacc(list(records))).for_companies([ONDILAB], since=None)


def only(batch: SourceBatch) -> FoundSignal:
    [signal] = batch.signals
    return signal


def days(first: date, count: int) -> list[str]:
    return [(first + timedelta(days=n)).isoformat() for n in range(count)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- queries --------------------------------------------------------------------------------


async def test_a_company_is_asked_by_siren_since_a_day_in_a_stable_order() -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-10-02", 12), notice(ONDILAB, "2026-09-01", 7)])
    adapter: SignalSource = source(fake)
    batch = await adapter.for_companies(["833 310 592"], since=date(2026, 10, 1))

    assert [signal.external_id for signal in batch.signals] == ["A2026027512"]
    [request] = fake.requests
    assert request.url.path == "/api/explore/v2.1/catalog/datasets/annonces-commerciales/records"
    assert dict(request.url.params) == {
        "where": "(registre like \"833310592\") AND dateparution>=date'2026-10-01'",
        "order_by": ORDER,
        "limit": "100",
        "offset": "0",
    }


async def test_without_since_every_notice_of_the_company_is_asked() -> None:
    fake = FakeBodacc(
        [notice(ONDILAB, "2012-03-05", 1), notice(siren_at(1, seed=3), "2026-01-05", 2)]
    )
    batch = await source(fake).for_companies([ONDILAB], since=None)

    assert fake.wheres == ['(registre like "833310592")']
    assert [signal.occurred_on for signal in batch.signals] == [date(2012, 3, 5)]


async def test_sirens_are_asked_twenty_to_a_request() -> None:
    sirens = [siren_at(n, seed=3) for n in range(45)]
    fake = FakeBodacc([notice(siren, "2026-10-05", n) for n, siren in enumerate(sirens)])
    batch = await source(fake).for_companies(sirens, since=date(2026, 10, 1))

    assert [where.count("registre like") for where in fake.wheres] == [20, 20, 5]
    assert f'registre like "{sirens[0]}" OR registre like "{sirens[1]}"' in fake.wheres[0]
    assert sorted(signal.siren for signal in batch.signals) == sorted(sirens)


async def test_a_notice_naming_two_asked_companies_is_one_signal_about_an_asked_one() -> None:
    seller, buyer, other = siren_at(1, seed=5), siren_at(2, seed=5), siren_at(3, seed=5)
    sale = notice([other, buyer, seller], "2026-10-05", 40, "vente")
    fake = FakeBodacc([sale])
    batch = await source(fake, sirens_per_request=1).for_companies([seller, buyer], since=None)

    assert len(fake.requests) == 2
    assert only(batch).siren == seller  # found first by the seller's request, then kept


async def test_a_department_is_asked_between_two_days() -> None:
    fake = FakeBodacc(
        [
            notice(ONDILAB, "2026-10-15", 1),
            notice(ONDILAB, "2026-11-15", 2),
            notice(ONDILAB, "2026-10-16", 3, department="38"),
        ]
    )
    batch = await source(fake).for_department(
        "69", since=date(2026, 10, 1), until=date(2026, 10, 31)
    )

    assert fake.wheres == [
        "numerodepartement=\"69\" AND dateparution>=date'2026-10-01' "
        "AND dateparution<=date'2026-10-31'"
    ]
    assert [signal.external_id for signal in batch.signals] == ["A202602881"]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.for_companies(["83331059"], since=None),
        lambda s: s.for_companies(['833310592" OR registre like "'], since=None),
        lambda s: s.for_department('69" OR numerodepartement="75', since=date(2026, 1, 1)),
        lambda s: s.for_department("69", since=date(2026, 2, 1), until=date(2026, 1, 1)),
    ],
)
async def test_what_cannot_be_asked_is_refused_before_any_request(call: Any) -> None:
    fake = FakeBodacc()
    with pytest.raises(ValueError):
        await call(source(fake))
    assert fake.requests == []


async def test_no_sirens_no_request() -> None:
    fake = FakeBodacc()
    assert await source(fake).for_companies([], since=None) == SourceBatch()
    assert fake.requests == []


# --- paging and the 10 000-record window ------------------------------------------------------


async def test_pages_are_walked_by_offset() -> None:
    records = [notice(ONDILAB, day, n) for n, day in enumerate(days(date(2026, 10, 1), 25) * 10)]
    fake = FakeBodacc(records)
    batch = await source(fake).for_department("69", since=date(2026, 10, 1))

    assert fake.pages == [(0, 100), (100, 100), (200, 100)]
    assert len(batch.signals) == 250 and batch.skipped == 0 and not batch.truncated
    assert [s.occurred_on for s in batch.signals] == sorted(s.occurred_on for s in batch.signals)


async def test_the_real_window_of_10_000_records_is_the_default() -> None:
    # Bare notices (what a signal needs, nothing more) keep 10 020 of them quick to serve.
    records = [
        {
            "id": f"C{n}",
            "dateparution": day,
            "familleavis": "dpc",
            "registre": [ONDILAB],
            "numerodepartement": "69",
        }
        for n, day in enumerate(days(date(2026, 10, 1), 2) * 5_010)
    ]
    fake = FakeBodacc(records)  # the API's own window: offset + limit <= 10 000
    adapter = BodaccSource(mock_api("bodacc", fake, FakeClock()), base_url=BASE_URL)
    batch = await adapter.for_department("69", since=date(2026, 10, 1), until=date(2026, 10, 2))

    assert len(batch.signals) == 10_020 and not batch.truncated
    assert len(fake.requests) == 1 + 2 * 51  # the whole period once, then each day's pages
    assert {limit for _, limit in fake.pages} == {100}
    assert max(offset for offset, _ in fake.pages) == 5_000


async def test_a_period_holding_more_than_the_window_is_halved_until_each_part_fits() -> None:
    records = [notice(ONDILAB, day, n) for n, day in enumerate(days(date(2026, 10, 1), 20) * 6)]
    fake = FakeBodacc(records, window=30)  # the fake refuses offset + limit > 30, as ODS > 10 000
    batch = await source(fake, max_window=30, page_size=10).for_department(
        "69", since=date(2026, 10, 1), until=date(2026, 10, 20)
    )

    assert len(batch.signals) == 120 and not batch.truncated
    assert len({signal.external_id for signal in batch.signals}) == 120
    assert all(offset + limit <= 30 for offset, limit in fake.pages)
    assert "dateparution<=date'2026-10-10'" in fake.wheres[1]  # the first half, first
    second_half = "dateparution>=date'2026-10-11' AND dateparution<=date'2026-10-20'"
    assert any(where.endswith(second_half) for where in fake.wheres)


async def test_an_open_period_is_halved_without_losing_its_open_ends() -> None:
    records = [notice(ONDILAB, day, n) for n, day in enumerate(days(date(2026, 11, 1), 10) * 5)]
    records.append(notice(ONDILAB, "2001-05-04", 999))  # older than the open data's start
    fake = FakeBodacc(records, window=20)
    batch = await source(fake, max_window=20, page_size=10).for_companies([ONDILAB], since=None)

    assert len(batch.signals) == 51 and not batch.truncated
    assert date(2001, 5, 4) in {signal.occurred_on for signal in batch.signals}


async def test_a_single_day_holding_more_than_the_window_is_read_up_to_it_and_truncated() -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-10-05", n) for n in range(45)], window=30)
    batch = await source(fake, max_window=30, page_size=10).for_department(
        "69", since=date(2026, 10, 5), until=date(2026, 10, 5)
    )

    assert batch.truncated
    assert len(batch.signals) == 30
    assert fake.pages == [(0, 10), (10, 10), (20, 10)]


async def test_an_ods_refusal_is_rejected_with_its_message() -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-10-05", n) for n in range(45)], window=30)
    with pytest.raises(ApiRejected, match="offset \\+ limit") as caught:
        # An adapter believing in a larger window than the API's meets the API's refusal.
        await source(fake, max_window=100, page_size=20).for_department(
            "69", since=date(2026, 10, 5), until=date(2026, 10, 5)
        )
    assert caught.value.status_code == 400


# --- notices as signals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "kind", "title", "strength"),
    [
        (
            "collective",
            SignalKind.insolvency,
            "Jugement d'ouverture d'une procédure de redressement judiciaire",
            0.9,
        ),
        ("conciliation", SignalKind.insolvency, "Procédure de conciliation", 0.9),
        (
            "retablissement_professionnel",
            SignalKind.insolvency,
            "Rétablissement professionnel",
            0.9,
        ),
        ("radiation", SignalKind.deregistration, "Radiation du RCS", 0.9),
        ("vente", SignalKind.sale, "Vente / cession du fonds", 0.7),
        ("creation", SignalKind.creation, "Création d'un établissement secondaire", 0.6),
        ("immatriculation", SignalKind.creation, "Immatriculation d'une PM", 0.6),
        ("modification", SignalKind.modification, "Modification survenue sur le capital.", 0.3),
        ("divers", SignalKind.modification, "Annonces diverses", 0.3),
        ("dpc", SignalKind.accounts_filed, "Dépôt des comptes annuels", 0.1),
    ],
)
async def test_each_family_is_a_kind_with_a_title_and_a_strength(
    family: str, kind: SignalKind, title: str, strength: float
) -> None:
    signal = only(await company_signals(notice(ONDILAB, "2026-10-05", 77, family)))

    assert (signal.kind, signal.title, signal.strength) == (kind, title, strength)
    assert signal.negative is (kind in (SignalKind.insolvency, SignalKind.deregistration))
    assert (signal.siren, signal.occurred_on, signal.source) == (
        ONDILAB,
        date(2026, 10, 5),
        "bodacc",
    )
    assert signal.external_id == "A2026027877"
    assert signal.url == (
        "https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:A2026027877"
    )
    assert (signal.corrects, signal.cancels) == (None, False)


async def test_json_in_string_fields_are_read_into_title_detail_and_payload() -> None:
    signal = only(await company_signals(notice(ONDILAB, "2026-10-05", 77, "collective")))

    assert signal.detail == "jugement du 01/10/2026 · TRIBUNAL DE COMMERCE DE LYON · Lyon (69003)"
    assert signal.payload == {
        "famille": "collective",
        "famille_lib": "Procédures collectives",
        "typeavis": "annonce",
        "publication": "A",
        "parution": "20260278",
        "numeroannonce": "77",
        "tribunal": "TRIBUNAL DE COMMERCE DE LYON",
        "ville": "Lyon",
        "departement": "69",
        "jugement_famille": "Jugement d'ouverture",
        "jugement_nature": "Jugement d'ouverture d'une procédure de redressement judiciaire",
        "jugement_date": "2026-10-01",
        "denomination": "ONDILAB",
        "personne_morale": True,
    }


async def test_filed_accounts_sales_and_deregistrations_say_what_in_their_detail() -> None:
    batch = await company_signals(
        notice(ONDILAB, "2026-10-05", 1, "dpc"),
        notice(ONDILAB, "2026-10-06", 2, "vente"),
        notice(ONDILAB, "2026-10-07", 3, "radiation"),
        notice(
            ONDILAB,
            "2026-10-08",
            4,
            "radiation",
            radiationaurcs={"radiationPP": {"dateCessationActivitePP": "2026-09-30"}},
        ),
    )
    filed, sale, company_gone, trader_gone = batch.signals

    assert filed.detail is not None and filed.detail.startswith(
        "Comptes annuels et rapports, exercice clos le 31/12/2025 · TRIBUNAL"
    )
    assert filed.payload["depot_cloture"] == "2025-12-31"
    assert sale.detail is not None and sale.detail.startswith("Vente · ")
    assert sale.payload["vente"] == "Vente"
    assert company_gone.detail == "TRIBUNAL DE COMMERCE DE LYON · Lyon (69003)"
    assert trader_gone.detail is not None and trader_gone.detail.startswith(
        "cessation d'activité le 30/09/2026 · "
    )
    assert trader_gone.payload["cessation"] == "2026-09-30"


@pytest.mark.parametrize(
    ("descriptif", "kind", "title"),
    [
        (
            "Modification survenue sur l'administration.",
            SignalKind.leadership_change,
            "Changement de dirigeant",
        ),
        ("Nomination du gérant.", SignalKind.leadership_change, "Changement de dirigeant"),
        (
            "Modification survenue sur la dénomination, le capital.",
            SignalKind.modification,
            "Modification survenue sur la dénomination, le capital.",
        ),
        ("Établissement donné en location-gérance.", SignalKind.modification, None),
    ],
)
async def test_a_change_of_managers_is_a_leadership_change(
    descriptif: str, kind: SignalKind, title: str | None
) -> None:
    record = notice(
        ONDILAB, "2026-10-05", 3, "modification", modificationsgenerales={"descriptif": descriptif}
    )
    signal = only(await company_signals(record))

    assert signal.kind is kind
    assert signal.title == (title or descriptif)
    assert signal.payload["modification"] == descriptif


async def test_a_rectification_corrects_the_notice_it_names() -> None:
    record = notice(
        ONDILAB,
        "2026-10-05",
        12,
        typeavis="rectificatif",
        parutionavisprecedent=previous("A", "20262441", "1525"),
    )
    signal = only(await company_signals(record))

    assert (signal.corrects, signal.cancels) == ("A202624411525", False)
    assert signal.kind is SignalKind.insolvency  # it replaces the earlier one: still a signal


async def test_a_cancellation_cancels_the_notice_it_names() -> None:
    record = notice(
        ONDILAB,
        "2026-10-05",
        13,
        "modification",
        publication="B",
        typeavis="annulation",
        parutionavisprecedent=previous("B", "20250104", "0042"),
    )
    signal = only(await company_signals(record))

    assert (signal.corrects, signal.cancels) == ("B2025010442", True)


@pytest.mark.parametrize(
    "earlier", ["not json", "[1, 2]", {"nomPublication": "BODACC A"}, {"numeroAnnonce": "x1"}]
)
async def test_a_correction_naming_no_readable_notice_stays_a_signal(earlier: Any) -> None:
    record = notice(
        ONDILAB, "2026-10-05", 14, typeavis="rectificatif", parutionavisprecedent=earlier
    )
    signal = only(await company_signals(record))

    assert (signal.corrects, signal.cancels) == (None, False)


async def test_no_natural_person_is_read_into_a_signal() -> None:
    sole_trader = notice(ONDILAB, "2026-10-05", 21, "creation", people=[person()])
    managed = notice(
        ONDILAB,
        "2026-10-06",
        22,
        "modification",
        people=[company(), person("MARTIN", "Paul")],
        modificationsgenerales={"descriptif": "Modification survenue sur l'administration."},
    )
    judged = notice(ONDILAB, "2026-10-07", 23)  # complementJugement names the administrator
    batch = await company_signals(sole_trader, managed, judged)

    assert len(batch.signals) == 3
    for signal in batch.signals:
        written = json.dumps([signal.title, signal.detail, signal.payload], ensure_ascii=False)
        for name in ("DUPONT", "Jeanne", "MARTIN", "Paul", "Lilas", "RIVIERE"):
            assert name not in written
    assert batch.signals[0].payload["personne_morale"] is False
    assert "denomination" not in batch.signals[0].payload
    assert batch.signals[1].payload["denomination"] == "ONDILAB"


async def test_untrusted_text_loses_control_characters_and_is_capped() -> None:
    record = notice(
        ONDILAB,
        "2026-10-05",
        31,
        "modification",
        modificationsgenerales={"descriptif": "Modification\x00 sur\u202e le\n\tcapital " * 40},
        tribunal="TRIBUNAL\x1b[31m DE COMMERCE " * 60,
        url_complete="javascript:alert(1)",
    )
    signal = only(await company_signals(record))

    assert len(signal.title) == 200 and signal.title.endswith("…")
    assert signal.title.startswith("Modification sur le capital Modification")
    assert signal.detail is not None and len(signal.detail) <= 500
    everything = json.dumps([signal.title, signal.detail, signal.payload])
    assert not any(bad in everything for bad in ("\\u0000", "\\u202e", "\\u001b", "\\n", "\\t"))
    assert all(len(value) <= 300 for value in signal.payload.values() if isinstance(value, str))
    assert signal.url is None


# --- unreadable notices -----------------------------------------------------------------------


async def test_notices_without_what_a_signal_needs_are_skipped_and_counted() -> None:
    good = notice(ONDILAB, "2026-10-05", 1)
    unreadable = [
        notice(ONDILAB, "2026-10-05", 2, registre=[]),
        notice(ONDILAB, "2026-10-05", 3, registre=["833 310 591", "833310591"]),  # check digit
        notice(ONDILAB, "2026-10-05", 4, registre="not a list"),
        notice(ONDILAB, "2026-10-05", 5, dateparution="2026-13-45"),
        notice(ONDILAB, "2026-10-05", 6, familleavis="inconnue"),
        notice(ONDILAB, "2026-10-05", 7, familleavis=None),
        notice(ONDILAB, "2026-10-05", 8, id=None),
    ]
    fake = FakeBodacc([good, *unreadable])
    batch = await source(fake).for_department("69", since=date(2026, 10, 1))

    assert [signal.external_id for signal in batch.signals] == ["A202602781"]
    assert batch.skipped == 7


async def test_malformed_json_in_a_field_leaves_the_rest_of_the_notice_readable() -> None:
    records = [
        notice(ONDILAB, "2026-10-05", 1, jugement='{"nature": "Jugement d\'ouv'),
        notice(ONDILAB, "2026-10-06", 2, jugement='["not", "an", "object"]'),
        notice(ONDILAB, "2026-10-07", 3, jugement={"nature": {"deep": 1}, "date": 20261001}),
        notice(ONDILAB, "2026-10-08", 4, "vente", acte={"vente": "Vente"}, listepersonnes="{"),
        notice(ONDILAB, "2026-10-09", 5, "dpc", depot=42),
    ]
    batch = await company_signals(*records)

    assert batch.skipped == 0
    titles = [signal.title for signal in batch.signals]
    assert titles == [
        "Procédure collective",
        "Procédure collective",
        "Procédure collective",
        "Vente / cession du fonds",
        "Dépôt des comptes annuels",
    ]
    assert batch.signals[2].payload["jugement_date"] == "20261001"
    assert batch.signals[3].payload["personne_morale"] is False


# --- faults -----------------------------------------------------------------------------------


async def test_429_waits_for_retry_after_then_succeeds(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={"error_code": "TooMany"})
    fake = FakeBodacc([notice(ONDILAB, "2026-10-05", 1)], faults=[limited])
    batch = await source(fake, clock).for_companies([ONDILAB], since=None)

    assert len(batch.signals) == 1
    assert clock.sleeps == [3.0] and len(fake.requests) == 2


async def test_a_5xx_is_tried_again(clock: FakeClock) -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-10-05", 1)], faults=[httpx.Response(502)])
    batch = await source(fake, clock).for_companies([ONDILAB], since=None)

    assert len(batch.signals) == 1
    assert clock.sleeps == [0.5]


async def test_a_5xx_that_persists_is_unavailable(clock: FakeClock) -> None:
    down = [httpx.Response(503, text="<html>Service Unavailable</html>") for _ in range(3)]
    fake = FakeBodacc([notice(ONDILAB, "2026-10-05", 1)], faults=down)
    with pytest.raises(ApiUnavailable, match="HTTP 503"):
        await source(fake, clock).for_companies([ONDILAB], since=None)

    assert clock.sleeps == [0.5, 1.0] and len(fake.requests) == 3


async def test_a_fault_on_a_later_page_fails_the_batch_rather_than_return_part_of_it(
    clock: FakeClock,
) -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-10-05", n) for n in range(15)])

    def then_down(request: httpx.Request) -> httpx.Response:
        return fake(request) if not fake.requests else httpx.Response(500)

    adapter = BodaccSource(mock_api("bodacc", then_down, clock), base_url=BASE_URL, page_size=10)
    with pytest.raises(ApiUnavailable):
        await adapter.for_department("69", since=date(2026, 10, 1))


@pytest.mark.parametrize(
    "page",
    [
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json={"results": []}),
        httpx.Response(200, json={"total_count": -1, "results": []}),
        httpx.Response(200, json={"total_count": 1, "results": {"id": "A1"}}),
        httpx.Response(200, json={"total_count": 1, "results": ["A1"]}),
        httpx.Response(200, json=[{"total_count": 0}]),
    ],
)
async def test_a_page_that_is_not_the_documented_document_is_malformed(
    page: httpx.Response,
) -> None:
    fake = FakeBodacc(faults=[page])
    with pytest.raises(ApiMalformed):
        await source(fake).for_companies([ONDILAB], since=None)


async def test_a_refused_query_is_rejected_with_the_api_message() -> None:
    fake = FakeBodacc(faults=[ods_error("Unknown field: registres", code="ODSQLError")])
    with pytest.raises(ApiRejected, match="Unknown field: registres"):
        await source(fake).for_companies([ONDILAB], since=None)

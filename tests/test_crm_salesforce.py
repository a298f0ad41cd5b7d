"""The Salesforce adapter against a fake org: one Lead and one Note per Filon lead, written
again without duplicates (stored ids, in doubt, after a crash), its OAuth token kept and
renewed, faults (429, 5xx, timeouts, resets, refusals, malformed answers), hostile values
kept as data, and the real HTTP client through a loopback server."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from crm_salesforce_fake import (
    CLIENT_ID,
    CLIENT_SECRET,
    INSTANCE_URL,
    KEY_FIELD,
    LOGIN_URL,
    SIREN_FIELD,
    FakeSalesforce,
    Fault,
    SalesforceOrg,
    salesforce_server,
    sf_error,
    too_many_requests,
    unavailable,
)
from enrich_servers import mock_api, socket_settings
from recherche_fakes import FakeClock

from agent.crm.adapters.salesforce import (
    NOT_PROVIDED,
    SalesforceCrm,
    soql_field,
    soql_literal,
)
from agent.crm.adapters.salesforce_session import SalesforceRejected
from agent.crm.ports import CrmClient
from agent.crm.records import CrmCompany, CrmContact, CrmDeal, CrmIds, CrmNote, CrmRecord, Written
from agent.http import (
    ApiMalformed,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    OutsideApi,
    RetryPolicy,
    make_http_client,
)

LEADS = "/services/data/v61.0/sobjects/Lead/"
NOTES = "/services/data/v61.0/sobjects/Note"
UPSERT = f"PATCH {LEADS}"
CREATE_NOTE = f"POST {NOTES}"
CLAIRE = CrmContact(
    email="claire.martin@ondilab.fr",
    first_name="Claire",
    last_name="Martin",
    properties={"Email": "claire.martin@ondilab.fr", "Title": "Directrice financière"},
)
NOTE = "filon-note-42\nBANT: budget ok, autorité ok\nScore 82/100"


def lead(
    *,
    contact: CrmContact | None = CLAIRE,
    company: str = "Ondilab",
    key: str = "filon-lead-42",
    key_property: str = KEY_FIELD,
    status: str = "Open - Not Contacted",
    note_key: str = "filon-note-42",
    note: str = NOTE,
    **deal_properties: Any,
) -> CrmRecord:
    """One Filon lead as the mapping hands it to the Salesforce adapter."""
    return CrmRecord(
        lead_id=42,
        company=CrmCompany(
            siren="355512575",
            name=company,
            key_property=SIREN_FIELD,
            properties={"Website": "https://ondilab.fr", "City": "Lyon"},
        ),
        contact=contact,
        deal=CrmDeal(
            key=key,
            title="Ondilab — Filon",
            key_property=key_property,
            properties={"Status": status, "LeadSource": "Filon", **deal_properties},
        ),
        note=CrmNote(key=note_key, body=note),
    )


def salesforce(
    fake: FakeSalesforce, clock: FakeClock, policy: RetryPolicy | None = None
) -> SalesforceCrm:
    api = mock_api("salesforce", fake, clock, policy)
    return on(api)


def on(api: OutsideApi) -> SalesforceCrm:
    return SalesforceCrm(
        api, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, login_url=LOGIN_URL + "/"
    )


async def push(
    crm: CrmClient, record: CrmRecord, ids: CrmIds | None = None
) -> tuple[CrmIds, list[Written | None]]:
    """The four steps in order, each id stored before the next, as the sync does."""
    ids = ids or CrmIds()
    steps = (crm.upsert_company, crm.upsert_contact, crm.upsert_deal, crm.add_note)
    written: list[Written | None] = []
    for step, write in zip(("company", "contact", "deal", "note"), steps, strict=True):
        result = await write(record, ids)
        written.append(result)
        if result is not None:
            setattr(ids, step, result.id)
    return ids, written


def only_lead(org: SalesforceOrg) -> tuple[str, dict[str, Any]]:
    [(lead_id, fields)] = org.leads.items()
    return lead_id, fields


def only_note(org: SalesforceOrg) -> dict[str, Any]:
    [note] = org.notes.values()
    return note


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake() -> FakeSalesforce:
    return FakeSalesforce()


# --- writing, again, and in doubt ---------------------------------------------------------


async def test_a_first_push_writes_one_lead_and_its_note(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    ids, written = await push(salesforce(fake, clock), lead())

    lead_id, fields = only_lead(fake.org)
    assert written[:2] == [None, None]  # company and person are on the Lead
    assert written[2:] == [Written(lead_id, created=True), Written(ids.note or "", created=True)]
    assert fields == {
        "Company": "Ondilab",
        SIREN_FIELD: "355512575",
        "Website": "https://ondilab.fr",
        "City": "Lyon",
        "FirstName": "Claire",
        "LastName": "Martin",
        "Email": "claire.martin@ondilab.fr",
        "Title": "Directrice financière",
        "Status": "Open - Not Contacted",
        "LeadSource": "Filon",
        KEY_FIELD: "filon-lead-42",
    }
    assert only_note(fake.org) == {
        "ParentId": lead_id,
        "Title": "filon-note-42",
        "Body": NOTE,
        "IsPrivate": False,
    }
    [token] = fake.token_requests
    assert token.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert dict(httpx.QueryParams(token.content.decode())) == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    assert str(token.url) == f"{LOGIN_URL}/services/oauth2/token"
    upsert, create = fake.data_requests()  # no search: the upsert and a first note need none
    assert (upsert.method, str(upsert.url)) == (
        "PATCH",
        f"{INSTANCE_URL}{LEADS}{KEY_FIELD}/filon-lead-42",
    )
    assert upsert.headers["Authorization"].startswith("Bearer 00DFAKE")
    assert (create.method, create.url.path) == ("POST", NOTES)
    assert CLIENT_SECRET not in str(upsert.url) + str(token.url)


async def test_a_second_push_with_the_stored_ids_updates_both(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    ids, _ = await push(crm, lead())
    stored = CrmIds.from_dict(ids.as_dict())
    fake.requests.clear()

    again, written = await push(
        crm, lead(status="Working - Contacted", note="filon-note-42\nv2"), stored
    )

    assert again.as_dict() == ids.as_dict()
    assert written[2:] == [Written(ids.deal or "", False), Written(ids.note or "", False)]
    _, fields = only_lead(fake.org)
    assert fields["Status"] == "Working - Contacted"
    assert only_note(fake.org)["Body"] == "filon-note-42\nv2"
    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("PATCH", f"{LEADS}{KEY_FIELD}/filon-lead-42"),
        ("PATCH", f"{NOTES}/{ids.note}"),
    ]  # the token was kept, nothing was searched


async def test_a_push_in_doubt_without_ids_finds_everything_and_creates_nothing(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    first, _ = await push(crm, lead())

    again, written = await push(crm, lead(), CrmIds(in_doubt=True))

    assert again.as_dict() == first.as_dict()
    assert [w.created for w in written if w] == [False, False]
    assert (len(fake.org.leads), len(fake.org.notes)) == (1, 1)
    [search] = fake.data_requests("GET", "/query")
    assert search.url.params["q"] == (
        f"SELECT Id FROM Note WHERE ParentId = '{first.deal}' AND Title = 'filon-note-42'"
    )


@pytest.mark.parametrize("stored", [True, False], ids=["id-stored", "no-id"])
async def test_an_update_answered_204_takes_the_stored_id_or_asks_for_it(
    stored: bool, clock: FakeClock
) -> None:
    fake = FakeSalesforce(SalesforceOrg(update_status=204))
    crm = salesforce(fake, clock)
    lead_id = (await crm.upsert_deal(lead(), CrmIds())).id
    fake.requests.clear()

    written = await crm.upsert_deal(lead(), CrmIds(deal=lead_id if stored else None))

    assert written == Written(lead_id, created=False)
    queries = fake.data_requests("GET", "/query")
    if stored:
        assert queries == []
    else:
        [query] = queries
        assert query.url.params["q"] == f"SELECT Id FROM Lead WHERE {KEY_FIELD} = 'filon-lead-42'"


async def test_an_upsert_answer_without_created_says_it_by_its_status(clock: FakeClock) -> None:
    before_46 = {"id": "00Q000000000000777", "success": True, "errors": []}
    fake = FakeSalesforce(
        SalesforceOrg(),
        Fault(on=UPSERT, after=httpx.Response(201, json=before_46)),
        Fault(on=UPSERT, after=httpx.Response(200, json=before_46)),
    )
    crm = salesforce(fake, clock)

    assert await crm.upsert_deal(lead(), CrmIds()) == Written("00Q000000000000777", True)
    assert await crm.upsert_deal(lead(), CrmIds()) == Written("00Q000000000000777", False)


async def test_a_lead_without_a_person_gets_salesforces_placeholder_name(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    await push(salesforce(fake, clock), lead(contact=None))

    _, fields = only_lead(fake.org)
    assert fields["LastName"] == NOT_PROVIDED == "[not provided]"
    assert "Email" not in fields and "FirstName" not in fields
    assert fields["Company"] == "Ondilab"


async def test_a_person_without_a_last_name_and_a_blank_company_are_not_provided(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    nameless = CrmContact("c@ondilab.fr", "Claire", None, {"Email": "c@ondilab.fr"})
    await push(salesforce(fake, clock), lead(contact=nameless, company="  "))

    _, fields = only_lead(fake.org)
    assert (fields["FirstName"], fields["LastName"], fields["Company"]) == (
        "Claire",
        NOT_PROVIDED,
        NOT_PROVIDED,
    )


async def test_a_long_note_is_cut_to_the_fields_limits(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    key = "filon-note-" + "9" * 100
    await push(salesforce(fake, clock), lead(note_key=key, note=key + "\n" + "x" * 40_000))

    note = only_note(fake.org)
    assert note["Title"] == key[:80]
    assert len(note["Body"]) == 32_000 and note["Body"].endswith("…")


async def test_a_note_needs_its_lead(fake: FakeSalesforce, clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="Lead's id"):
        await salesforce(fake, clock).add_note(lead(), CrmIds())
    assert fake.requests == []


async def test_aclose_leaves_the_shared_client_open(fake: FakeSalesforce, clock: FakeClock) -> None:
    crm = salesforce(fake, clock)
    await crm.aclose()

    await push(crm, lead())
    assert len(fake.org.leads) == 1


# --- crashes between the org's write and the caller's store ------------------------------


async def test_a_lead_written_whose_answers_were_lost_is_found_by_the_next_attempt(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [
        Fault(on=UPSERT, after=httpx.ReadTimeout("lost")),
        Fault(on=UPSERT, instead=httpx.ReadTimeout("lost")),
        Fault(on=UPSERT, instead=httpx.ReadTimeout("lost")),
    ]
    crm = salesforce(fake, clock)
    with pytest.raises(ApiUnavailable):
        await push(crm, lead())
    assert len(fake.org.leads) == 1  # written, never confirmed

    ids, written = await push(crm, lead(), CrmIds(in_doubt=True))

    lead_id, _ = only_lead(fake.org)
    assert written[2] == Written(lead_id, created=False)
    assert only_note(fake.org)["ParentId"] == lead_id == ids.deal


async def test_a_lost_answer_to_an_upsert_is_retried_at_once_without_a_duplicate(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [Fault(on=UPSERT, after=unavailable(500))]

    _, written = await push(salesforce(fake, clock), lead())

    lead_id, _ = only_lead(fake.org)
    assert written[2] == Written(lead_id, created=False)  # the retry found what the first wrote
    assert len(fake.data_requests("PATCH", "/Lead/")) == 2


@pytest.mark.parametrize(
    "lost",
    [
        unavailable(500),
        unavailable(503),
        httpx.ReadTimeout("lost"),
        httpx.RemoteProtocolError("reset"),
    ],
    ids=["500", "503", "timeout", "reset"],
)
async def test_a_note_created_whose_answer_was_lost_is_never_created_twice(
    lost: httpx.Response | Exception, fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [Fault(on=CREATE_NOTE, after=lost)]
    crm = salesforce(fake, clock)
    with pytest.raises(ApiUnavailable):
        await push(crm, lead())
    assert len(fake.data_requests("POST", "/Note")) == 1  # a create is not sent again blindly

    await push(crm, lead(note="filon-note-42\nv2"), CrmIds(in_doubt=True))

    lead_id, _ = only_lead(fake.org)
    assert only_note(fake.org) == {
        "ParentId": lead_id,
        "Title": "filon-note-42",
        "Body": "filon-note-42\nv2",
        "IsPrivate": False,
    }


async def test_a_caller_that_crashed_after_each_answer_ends_with_one_of_each(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    for _ in range(3):  # every attempt wrote everything, and stored nothing
        await push(crm, lead(), CrmIds(in_doubt=True))

    assert (len(fake.org.leads), len(fake.org.notes)) == (1, 1)


# --- objects gone, duplicates, races ------------------------------------------------------


async def test_a_stored_note_deleted_in_salesforce_is_written_again(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    ids, _ = await push(crm, lead())
    fake.org.notes.clear()

    again, written = await push(crm, lead(), CrmIds.from_dict(ids.as_dict()))

    assert written[3] is not None and written[3].created
    assert again.note != ids.note and list(fake.org.notes) == [again.note]


async def test_a_stored_lead_deleted_in_salesforce_is_created_again_with_its_note(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    ids, _ = await push(crm, lead())
    fake.org.delete_lead(ids.deal or "")

    again, written = await push(crm, lead(), CrmIds.from_dict(ids.as_dict()))

    lead_id, _ = only_lead(fake.org)
    assert [w.created for w in written if w] == [True, True]
    assert again.deal == lead_id != ids.deal
    assert only_note(fake.org)["ParentId"] == lead_id


async def test_a_stored_note_that_is_gone_but_found_by_its_title_is_reused(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    ids, _ = await push(crm, lead())

    _, written = await push(crm, lead(), CrmIds(deal=ids.deal, note="002000000000009999"))

    assert written[3] == Written(ids.note or "", created=False)
    assert len(fake.org.notes) == 1


async def test_a_key_several_leads_hold_is_a_dead_letter_naming_them(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    first = fake.org.add_lead({KEY_FIELD: "filon-lead-42", "LastName": "A", "Company": "X"})
    second = fake.org.add_lead({KEY_FIELD: "filon-lead-42", "LastName": "B", "Company": "X"})

    with pytest.raises(ApiRejected) as caught:
        await push(salesforce(fake, clock), lead())

    assert caught.value.status_code == 300
    assert first in caught.value.message and second in caught.value.message
    assert "merge them in Salesforce" in caught.value.message
    assert fake.org.leads[first]["LastName"] == "A" and fake.org.notes == {}


async def test_a_concurrent_create_of_the_same_key_becomes_an_update(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    def other_writer_won(created: httpx.Response) -> httpx.Response:
        existing = created.json()["id"]
        message = (
            f"duplicate value found: {KEY_FIELD} duplicates value on record with id: {existing}"
        )
        return sf_error(400, "DUPLICATE_VALUE", message, [KEY_FIELD])

    fake.faults = [Fault(on=UPSERT, after=other_writer_won)]

    written = await salesforce(fake, clock).upsert_deal(lead(), CrmIds())

    lead_id, _ = only_lead(fake.org)
    assert written == Written(lead_id, created=False)


async def test_a_duplicate_value_that_persists_is_a_dead_letter(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    duplicate = sf_error(400, "DUPLICATE_VALUE", "duplicate value found: Email__c", ["Email__c"])
    fake.faults = [Fault(on=UPSERT, instead=duplicate), Fault(on=UPSERT, instead=duplicate)]

    with pytest.raises(ApiRejected, match="DUPLICATE_VALUE: duplicate value found: Email__c"):
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())
    assert len(fake.data_requests("PATCH")) == 2


# --- the token ----------------------------------------------------------------------------


async def test_an_expired_token_is_renewed_once_and_the_request_sent_again(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    ids, _ = await push(crm, lead())
    fake.faults = [Fault(on=UPSERT, expire=True)]

    await push(crm, lead(), ids)

    assert len(fake.token_requests) == 2
    assert len(fake.data_requests("PATCH", "/Lead/")) == 3  # first push, refused, sent again
    assert len(fake.org.leads) == 1


async def test_requests_that_find_the_token_expired_together_ask_for_one_new_token(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    crm = salesforce(fake, clock)
    await crm.upsert_deal(lead(), CrmIds())
    fake.org.expire_tokens()

    await asyncio.gather(
        *(crm.upsert_deal(lead(key=f"filon-lead-{i}"), CrmIds()) for i in range(5))
    )

    assert len(fake.token_requests) == 2 and len(fake.org.leads) == 6


async def test_a_session_refused_again_after_renewal_is_a_dead_letter(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    refused = sf_error(401, "INVALID_SESSION_ID", "Session expired or invalid")
    fake.faults = [Fault(on=UPSERT, instead=refused), Fault(on=UPSERT, instead=refused)]

    with pytest.raises(ApiRejected) as caught:
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())

    assert caught.value.status_code == 401
    assert caught.value.message == "INVALID_SESSION_ID: Session expired or invalid"
    assert len(fake.token_requests) == 2


async def test_wrong_credentials_are_refused_with_salesforces_description(
    clock: FakeClock,
) -> None:
    fake = FakeSalesforce(SalesforceOrg(client_secret="another secret"))

    with pytest.raises(ApiRejected) as caught:
        await push(salesforce(fake, clock), lead())

    assert (caught.value.status_code, caught.value.message) == (
        400,
        "invalid_client: invalid client credentials",
    )
    assert CLIENT_SECRET not in str(caught.value) and fake.data_requests() == []


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (unavailable(503), ApiUnavailable),
        (httpx.ReadTimeout("slow"), ApiUnavailable),
        (httpx.ConnectError("no route"), ApiUnavailable),
        (too_many_requests(3), ApiRateLimited),
        (httpx.Response(200, json={"token_type": "Bearer"}), ApiMalformed),
        (httpx.Response(200, text="<html>login</html>"), ApiMalformed),
    ],
    ids=["503", "timeout", "offline", "429", "no-token", "not-json"],
)
async def test_a_token_endpoint_failing_is_a_typed_error(
    answer: httpx.Response | Exception, error: type[Exception], clock: FakeClock
) -> None:
    # failing every time: the shared layer's retries (a token request may be sent again) end
    fake = FakeSalesforce(
        SalesforceOrg(), *(Fault(on="/oauth2/token", instead=answer) for _ in range(5))
    )

    with pytest.raises(error):
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())
    assert fake.data_requests() == []


async def test_the_circuit_breaker_also_guards_the_token_endpoint(clock: FakeClock) -> None:
    fake = FakeSalesforce(
        SalesforceOrg(), *(Fault(on="/oauth2/token", instead=unavailable(503)) for _ in range(15))
    )
    crm = salesforce(fake, clock)
    for _ in range(5):
        with pytest.raises(ApiUnavailable):
            await crm.upsert_deal(lead(), CrmIds())

    with pytest.raises(ApiUnavailable) as caught:
        await crm.upsert_deal(lead(), CrmIds())
    # five requests, each tried three times (the token request is safe to send again)
    assert caught.value.reason == "circuit_open" and len(fake.token_requests) == 15


# --- faults -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limited", "waited"),
    [(too_many_requests(7), [7.0]), (too_many_requests(), [1.0])],
    ids=["retry-after", "no-retry-after"],
)
async def test_a_429_waits_then_succeeds(
    limited: httpx.Response, waited: list[float], fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [Fault(on=UPSERT, instead=limited)]

    _, written = await push(salesforce(fake, clock), lead())

    assert written[2] is not None and written[2].created
    assert clock.sleeps == waited


async def test_429s_that_go_on_are_rate_limited(fake: FakeSalesforce, clock: FakeClock) -> None:
    fake.faults = [Fault(on=UPSERT, instead=too_many_requests(2)) for _ in range(3)]

    with pytest.raises(ApiRateLimited) as caught:
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())
    assert caught.value.retry_after == 2.0 and fake.org.leads == {}


async def test_the_orgs_spent_api_allowance_is_rate_limited(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    spent = sf_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
    fake.faults = [Fault(on=UPSERT, instead=spent)]

    with pytest.raises(ApiRateLimited) as caught:
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())
    assert caught.value.message == "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded."


@pytest.mark.parametrize("status", [500, 503])
async def test_a_5xx_is_tried_again(status: int, fake: FakeSalesforce, clock: FakeClock) -> None:
    fake.faults = [Fault(on=UPSERT, instead=unavailable(status))]

    _, written = await push(salesforce(fake, clock), lead())

    assert written[2] is not None and len(fake.org.leads) == 1
    assert clock.sleeps == [0.5]


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (httpx.ReadTimeout("slow"), "timeout"),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), "network"),
        (httpx.ReadError("Connection reset by peer"), "network"),
        (unavailable(503), "server"),
    ],
    ids=["timeout", "disconnected", "reset", "503"],
)
async def test_failures_that_go_on_are_unavailable_after_the_retries(
    fault: httpx.Response | Exception, reason: str, fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [Fault(on=UPSERT, instead=fault) for _ in range(3)]

    with pytest.raises(ApiUnavailable) as caught:
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())

    assert caught.value.reason == reason
    assert len(fake.data_requests("PATCH")) == 3 and fake.org.leads == {}


@pytest.mark.parametrize(
    ("record", "status", "message"),
    [
        (
            lead(contact=CrmContact("c@ondilab.fr", "Claire", "M" * 81, {})),
            400,
            "STRING_TOO_LONG: Lead LastName: data value too large",
        ),
        (
            lead(Budget__c="50k€"),
            400,
            "INVALID_FIELD: No such column 'Budget__c' on sobject of type Lead",
        ),
        (
            lead(key_property="Missing_Key__c"),
            404,
            "NOT_FOUND: Provided external ID field does not exist or is not accessible: "
            "Missing_Key__c",
        ),
    ],
    ids=["too-long", "unknown-field", "no-such-external-id"],
)
async def test_a_refused_lead_is_a_dead_letter_in_salesforces_words(
    record: CrmRecord, status: int, message: str, fake: FakeSalesforce, clock: FakeClock
) -> None:
    with pytest.raises(ApiRejected) as caught:
        await push(salesforce(fake, clock), record)

    assert caught.value.status_code == status
    assert caught.value.message.startswith(message)
    assert fake.org.leads == {}


async def test_a_missing_required_field_says_which(fake: FakeSalesforce, clock: FakeClock) -> None:
    missing = sf_error(
        400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", ["LastName"]
    )
    fake.faults = [Fault(on=UPSERT, instead=missing)]

    with pytest.raises(ApiRejected) as caught:
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())
    assert caught.value.message == "REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            sf_error(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Le SIREN doit avoir 9 chiffres"),
            "FIELD_CUSTOM_VALIDATION_EXCEPTION: Le SIREN doit avoir 9 chiffres",
        ),
        (
            sf_error(
                400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "L'administrateur dit : " + "non " * 120
            ),
            "FIELD_CUSTOM_VALIDATION_EXCEPTION: L'administrateur dit : non non",
        ),
        (
            httpx.Response(
                400,
                json=[
                    {
                        "message": "Email: invalid email address: x",
                        "errorCode": "INVALID_EMAIL_ADDRESS",
                    },
                    {"message": "Phone: too long", "errorCode": "STRING_TOO_LONG"},
                ],
            ),
            "INVALID_EMAIL_ADDRESS: Email: invalid email address: x; STRING_TOO_LONG: Phone: too long",
        ),
        (httpx.Response(400, text="Bad Request"), "Bad Request"),
    ],
    ids=["validation-rule", "cut-long-message", "two-errors", "not-json"],
)
async def test_a_refusal_keeps_salesforces_words(
    answer: httpx.Response, message: str, fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [Fault(on=UPSERT, instead=answer)]

    with pytest.raises(SalesforceRejected) as caught:
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())

    assert caught.value.message.startswith(message)
    assert "{" not in caught.value.message
    if "non non" in message:  # cut by `vendor_message`, and said so; the code kept
        assert caught.value.message.endswith("…")
        assert caught.value.error_code == "FIELD_CUSTOM_VALIDATION_EXCEPTION"


@pytest.mark.parametrize(
    ("on", "answer"),
    [
        (UPSERT, httpx.Response(200, json={"unexpected": True})),
        (UPSERT, httpx.Response(201, json={"id": "not an id", "success": True, "errors": []})),
        (UPSERT, httpx.Response(200, text="<html>maintenance</html>")),
        (UPSERT, httpx.Response(202)),
        (CREATE_NOTE, httpx.Response(201, json={"id": None, "success": True})),
        (CREATE_NOTE, httpx.Response(201, json={"id": "002000000000000001", "success": False})),
        ("GET /services/data/v61.0/query", httpx.Response(200, json={"records": "none"})),
    ],
    ids=[
        "upsert-shape",
        "upsert-id",
        "upsert-html",
        "upsert-202",
        "note-id",
        "note-failed",
        "query",
    ],
)
async def test_a_2xx_that_is_not_the_documented_answer_is_malformed(
    on: str, answer: httpx.Response, fake: FakeSalesforce, clock: FakeClock
) -> None:
    fake.faults = [Fault(on=on, instead=answer)]

    with pytest.raises(ApiMalformed):
        await push(salesforce(fake, clock), lead(), CrmIds(in_doubt=True))


async def test_a_204_for_a_lead_the_query_cannot_find_is_malformed(clock: FakeClock) -> None:
    fake = FakeSalesforce(SalesforceOrg(), Fault(on=UPSERT, instead=httpx.Response(204)))

    with pytest.raises(ApiMalformed, match="not found"):
        await salesforce(fake, clock).upsert_deal(lead(), CrmIds())


# --- hostile values -----------------------------------------------------------------------

HOSTILE_KEY = "filon-lead-42' OR Name != '\\/x?y#z"
HOSTILE_NOTE_KEY = "note'); DELETE \\' \"\n\t"
HOSTILE = CrmContact(
    email="o'brien+x@ondilab.fr",
    first_name="=cmd|' /C calc'!A0",
    last_name="O'Brien\nDROP TABLE Lead;--",
    properties={"Email": "o'brien+x@ondilab.fr", "Title": "<script>alert('x')</script>"},
)


async def test_hostile_values_arrive_intact_and_cannot_break_a_query(clock: FakeClock) -> None:
    fake = FakeSalesforce(SalesforceOrg(update_status=204))
    decoy = fake.org.add_lead({KEY_FIELD: "filon-lead-7", "LastName": "D", "Company": "D"})
    record = lead(
        contact=HOSTILE,
        company='Ondilab "&" <b>Fils</b> \\',
        key=HOSTILE_KEY,
        note_key=HOSTILE_NOTE_KEY,
        note=f'{HOSTILE_NOTE_KEY}\n<img src=x onerror=alert(1)> =HYPERLINK("http://x")',
        Description="=1+1\r\n@SUM(A1)",
    )
    crm = salesforce(fake, clock)
    await push(crm, record)

    # Again without ids, in doubt: both queries carry the hostile keys as literals.
    ids, written = await push(crm, record, CrmIds(in_doubt=True))

    assert [w.created for w in written if w] == [False, False]
    assert set(fake.org.leads) == {decoy, ids.deal}
    fields = fake.org.leads[ids.deal or ""]
    assert fields[KEY_FIELD] == HOSTILE_KEY
    assert fields["FirstName"] == "=cmd|' /C calc'!A0"
    assert fields["LastName"] == "O'Brien\nDROP TABLE Lead;--"
    assert fields["Title"] == "<script>alert('x')</script>"
    assert fields["Company"] == 'Ondilab "&" <b>Fils</b> \\'
    assert fields["Description"] == "=1+1\r\n@SUM(A1)"
    note = only_note(fake.org)
    assert note["Title"] == HOSTILE_NOTE_KEY  # plain text: nothing to escape, nothing escaped
    assert note["Body"].endswith('<img src=x onerror=alert(1)> =HYPERLINK("http://x")')
    lead_query, note_query = (r.url.params["q"] for r in fake.data_requests("GET", "/query"))
    assert lead_query == (
        f"SELECT Id FROM Lead WHERE {KEY_FIELD} = 'filon-lead-42\\' OR Name != \\'\\\\/x?y#z'"
    )
    assert note_query.endswith("AND Title = 'note\\'); DELETE \\\\\\' \"\\n\\t'")


def test_soql_literals_escape_what_soql_escapes() -> None:
    assert soql_literal("a'b\\c\nd\re\tf\bg\fh") == "'a\\'b\\\\c\\nd\\re\\tf\\bg\\fh'"
    assert soql_literal("") == "''"
    assert soql_field("Filon_Key__c") == "Filon_Key__c"
    for bad in ("Name OR Id != null", "x'", "", "Key__c--", "1Field"):
        with pytest.raises(ValueError, match="field name"):
            soql_field(bad)


async def test_the_fake_refuses_a_query_it_does_not_know(
    fake: FakeSalesforce, clock: FakeClock
) -> None:
    api = mock_api("salesforce", fake, clock)
    crm = on(api)
    await crm.upsert_deal(lead(), CrmIds())

    with pytest.raises(ApiRejected, match="MALFORMED_QUERY"):
        await crm.session.request(
            "GET", "query", params={"q": "SELECT Id FROM Lead WHERE Name = 'x"}
        )


def test_an_api_version_must_look_like_one(fake: FakeSalesforce, clock: FakeClock) -> None:
    api = mock_api("salesforce", fake, clock)
    with pytest.raises(ValueError, match="API version"):
        SalesforceCrm(api, client_id="i", client_secret="s", login_url=LOGIN_URL, api_version="61")


# --- through a socket ---------------------------------------------------------------------


async def test_a_push_through_the_real_client_and_a_loopback_server(tmp_path: Path) -> None:
    org = SalesforceOrg(instance_url=None, update_status=204)
    fake = FakeSalesforce(org)
    async with make_http_client(socket_settings(tmp_path / "home")) as client:
        with salesforce_server(fake) as base_url:
            crm = on_server(client, base_url)
            ids, written = await push(crm, lead(contact=HOSTILE))
            port = int(base_url.rsplit(":", 1)[1])
        # The server restarts on the same port with the same org: the token still holds.
        with salesforce_server(FakeSalesforce(org), port=port):
            again, rewritten = await push(
                crm, lead(contact=HOSTILE, status="Qualified"), CrmIds(in_doubt=True)
            )

    assert [w.created for w in written if w] == [True, True]
    assert [w.created for w in rewritten if w] == [False, False]
    assert again.as_dict() == ids.as_dict()
    lead_id, fields = only_lead(org)
    assert (fields["Status"], fields["LastName"]) == ("Qualified", "O'Brien\nDROP TABLE Lead;--")
    assert only_note(org)["ParentId"] == lead_id
    assert len(fake.token_requests) == 1


async def test_a_server_that_resets_the_connection_is_unavailable(tmp_path: Path) -> None:
    fake = FakeSalesforce(
        SalesforceOrg(instance_url=None),
        *(Fault(on=UPSERT, instead=httpx.RemoteProtocolError("reset")) for _ in range(2)),
    )
    policy = RetryPolicy(timeout=2.0, budget=6.0, retries=1, backoff=0.01)
    async with make_http_client(socket_settings(tmp_path / "home")) as client:
        with salesforce_server(fake) as base_url:
            crm = on_server(client, base_url, policy)
            with pytest.raises(ApiUnavailable) as caught:
                await crm.upsert_deal(lead(), CrmIds())

    assert caught.value.reason == "network" and len(fake.data_requests("PATCH")) == 2


async def test_a_server_that_never_answers_times_out(tmp_path: Path) -> None:
    fake = FakeSalesforce(
        SalesforceOrg(instance_url=None), Fault(on=UPSERT, instead=httpx.ReadTimeout("held"))
    )
    policy = RetryPolicy(timeout=0.3, budget=0.5, retries=0)
    async with make_http_client(socket_settings(tmp_path / "home")) as client:
        with salesforce_server(fake) as base_url:
            crm = on_server(client, base_url, policy)
            with pytest.raises(ApiUnavailable) as caught:
                await crm.upsert_deal(lead(), CrmIds())

    assert caught.value.reason == "timeout" and fake.org.leads == {}


def on_server(
    client: httpx.AsyncClient, base_url: str, policy: RetryPolicy | None = None
) -> SalesforceCrm:
    api = OutsideApi("salesforce", client, policy=policy)
    return SalesforceCrm(api, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, login_url=base_url)

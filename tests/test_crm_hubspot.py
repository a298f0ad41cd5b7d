"""The HubSpot adapter against a fake HubSpot: what the portal holds after a push, a push
again with the stored ids and without them, the crash between HubSpot's write and the
store's commit, HubSpot's refusals and faults, hostile values, and the real HTTP client
through a loopback server (restarted mid-run with its state)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from crm_hubspot_fake import (
    TOKEN,
    FakeHubSpot,
    Fault,
    HubSpotServer,
    HubSpotState,
    answer,
    disconnect,
    hubspot_error,
    lost_response,
    rate_limited,
    reset,
    serve,
    server_error,
    timeout,
)
from enrich_servers import local_server, mock_api, socket_settings
from recherche_fakes import FakeClock

from agent.crm.adapters.hubspot import HubSpotCrm
from agent.crm.adapters.hubspot_bodies import carries_key, note_html
from agent.crm.ports import CrmClient
from agent.crm.records import (
    STEPS,
    CrmCompany,
    CrmContact,
    CrmDeal,
    CrmIds,
    CrmNote,
    CrmRecord,
    Step,
    Written,
)
from agent.http import (
    ApiMalformed,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    OutsideApi,
    RetryPolicy,
    make_http_client,
)

BASE_URL = "https://api.hubapi.test"
SIREN = "552081317"
EMAIL = "claire.martin@ondilab.fr"


def lead(
    lead_id: int = 7,
    *,
    siren: str = SIREN,
    name: str = "Ondilab",
    email: str | None = EMAIL,
    first_name: str = "Claire",
    title: str = "Ondilab — 12 licences",
    text: str = "BANT: budget validé, décision en mars",
    company: dict[str, object] | None = None,
    deal: dict[str, object] | None = None,
) -> CrmRecord:
    """One lead as the mapping gives it to HubSpot."""
    contact = None
    if email is not None:
        contact = CrmContact(
            email, first_name, "Martin", {"email": email, "jobtitle": "Directrice financière"}
        )
    note_key = f"filon-note-{lead_id}"
    return CrmRecord(
        lead_id=lead_id,
        company=CrmCompany(
            siren,
            name,
            "filon_siren",
            company if company is not None else {"city": "Lyon", "domain": "ondilab.fr"},
        ),
        contact=contact,
        deal=CrmDeal(
            f"filon-lead-{lead_id}",
            title,
            "filon_lead_key",
            deal if deal is not None else {"pipeline": "default", "amount": 12000},
        ),
        note=CrmNote(note_key, f"{note_key}\n{text}"),
    )


def hubspot(fake: FakeHubSpot, clock: FakeClock, policy: RetryPolicy | None = None) -> HubSpotCrm:
    return HubSpotCrm(mock_api("hubspot", fake, clock, policy), token=TOKEN, base_url=BASE_URL)


async def push(
    crm: CrmClient, record: CrmRecord, ids: CrmIds | None = None
) -> tuple[CrmIds, dict[Step, Written | None]]:
    """The four steps in order, each id stored before the next step, as the sync does."""
    ids = ids if ids is not None else CrmIds()
    steps = {
        "company": crm.upsert_company,
        "contact": crm.upsert_contact,
        "deal": crm.upsert_deal,
        "note": crm.add_note,
    }
    written: dict[Step, Written | None] = {}
    for step in STEPS:
        written[step] = result = await steps[step](record, ids)
        if result is not None:
            setattr(ids, step, result.id)
    return ids, written


def assert_one_of_each(state: HubSpotState, *, email: str = EMAIL) -> None:
    """One company with the SIREN, one contact with the email, one deal associated with both,
    one note on all three."""
    [company] = state.find("companies", "filon_siren", SIREN)
    [contact] = state.find("contacts", "email", email)
    [deal] = state.find("deals", "filon_lead_key", "filon-lead-7")
    [note] = state.all("notes")
    assert len(state.all("companies")) == len(state.all("contacts")) == len(state.all("deals")) == 1
    assert state.associated("contacts", contact.id, "companies") == [company.id]
    assert state.associated("deals", deal.id, "companies") == [company.id]
    assert state.associated("deals", deal.id, "contacts") == [contact.id]
    for kind, obj in (("deals", deal), ("companies", company), ("contacts", contact)):
        assert state.associated("notes", note.id, kind) == [obj.id]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake() -> FakeHubSpot:
    return FakeHubSpot()


# --- a push, again with the ids, again without them -------------------------------------------


async def test_a_first_push_creates_each_object_once_and_associates_them(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    crm: CrmClient = hubspot(fake, clock)
    ids, written = await push(crm, lead())

    assert all(w is not None and w.created for w in written.values())
    assert_one_of_each(fake.state)
    company = fake.state.get("companies", ids.company or "")
    assert company.properties == {
        "name": "Ondilab",
        "city": "Lyon",
        "domain": "ondilab.fr",
        "filon_siren": SIREN,
    }
    contact = fake.state.get("contacts", ids.contact or "")
    assert contact.properties["firstname"] == "Claire"
    assert contact.properties["jobtitle"] == "Directrice financière"
    deal = fake.state.get("deals", ids.deal or "")
    assert deal.properties["dealname"] == "Ondilab — 12 licences"
    assert deal.properties["amount"] == "12000"
    note = fake.state.get("notes", ids.note or "")
    assert note.properties["hs_note_body"] == (
        "filon-note-7<br>BANT: budget validé, décision en mars"
    )
    assert note.properties["hs_timestamp"].endswith("Z")
    # The two key properties were made unique ones, once each, in their groups.
    assert fake.state.properties["companies"]["filon_siren"].unique
    assert fake.state.properties["companies"]["filon_siren"].group == "companyinformation"
    assert fake.state.properties["deals"]["filon_lead_key"].unique
    assert fake.paths("POST").count("/crm/v3/properties/companies") == 1
    assert fake.paths("POST").count("/crm/v3/properties/deals") == 1
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in fake.requests)


async def test_a_push_with_the_stored_ids_updates_and_creates_nothing(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    crm = hubspot(fake, clock)
    first, _ = await push(crm, lead())
    fake.requests.clear()

    again = CrmIds(**first.as_dict())
    ids, written = await push(crm, lead(title="Ondilab — 20 licences", text="Relancé le 3"), again)

    assert ids.as_dict() == first.as_dict()
    assert all(w is not None and not w.created for w in written.values())
    assert_one_of_each(fake.state)
    assert fake.state.get("deals", ids.deal or "").properties["dealname"] == "Ondilab — 20 licences"
    assert "Relancé le 3" in fake.state.get("notes", ids.note or "").properties["hs_note_body"]
    assert [p for p in fake.paths("PATCH")] == [
        f"/crm/v3/objects/companies/{ids.company}",
        f"/crm/v3/objects/contacts/{ids.contact}",
        f"/crm/v3/objects/deals/{ids.deal}",
        f"/crm/v3/objects/notes/{ids.note}",
    ]
    assert fake.paths("POST") == []  # no upsert, no property, no note created


async def test_a_push_in_doubt_without_ids_finds_everything(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    first, _ = await push(hubspot(fake, clock), lead())
    fake.requests.clear()

    # A new adapter (another worker): it does not know the key properties exist.
    ids, written = await push(hubspot(fake, clock), lead(), CrmIds(in_doubt=True))

    assert ids.as_dict() == first.as_dict()
    assert all(w is not None and not w.created for w in written.values())
    assert_one_of_each(fake.state)
    assert not any("/search" in path for path in fake.paths())  # its index lags writes
    assert "/crm/v3/properties/companies" not in fake.paths()
    assert f"/crm/v4/objects/deals/{ids.deal}/associations/notes" in fake.paths("GET")
    assert "/crm/v3/objects/notes/batch/read" in fake.paths("POST")


async def test_a_lead_without_contact_writes_no_person(fake: FakeHubSpot, clock: FakeClock) -> None:
    ids, written = await push(hubspot(fake, clock), lead(email=None))

    assert written["contact"] is None and ids.contact is None
    assert fake.state.all("contacts") == []
    [deal] = fake.state.all("deals")
    [note] = fake.state.all("notes")
    assert fake.state.associated("deals", deal.id, "contacts") == []
    assert fake.state.associated("notes", note.id, "deals") == [deal.id]


async def test_a_known_key_property_is_not_created_again(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.state.add_property("companies", "filon_siren", unique=True)
    crm = hubspot(fake, clock)
    await crm.upsert_company(lead(), CrmIds())
    await crm.upsert_company(lead(2, siren="356000000"), CrmIds())

    assert "/crm/v3/properties/companies" not in fake.paths()
    assert len(fake.state.all("companies")) == 2


async def test_the_mappings_own_key_property_names_are_used(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    record = lead()
    record = CrmRecord(
        record.lead_id,
        CrmCompany(SIREN, "Ondilab", "", {}),
        None,
        CrmDeal("filon-lead-7", "Ondilab", "", {}),
        record.note,
    )
    ids, _ = await push(hubspot(fake, clock), record)

    assert fake.state.get("companies", ids.company or "").properties["filon_siren"] == SIREN
    assert fake.state.get("deals", ids.deal or "").properties["filon_lead_key"] == "filon-lead-7"


async def test_aclose_leaves_the_client_open(fake: FakeHubSpot, clock: FakeClock) -> None:
    crm = hubspot(fake, clock)
    await crm.aclose()
    await crm.upsert_company(lead(), CrmIds())

    assert len(fake.state.all("companies")) == 1


# --- the crash between HubSpot's write and the store's commit ----------------------------------


async def test_the_caller_crashing_after_every_answer_leaves_one_of_each(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    await push(hubspot(fake, clock), lead())  # HubSpot wrote; the ids never reached the store

    await push(hubspot(fake, clock), lead(), CrmIds(in_doubt=True))

    assert_one_of_each(fake.state)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/crm/v3/objects/companies/batch/upsert"),
        ("POST", "/crm/v3/objects/contacts/batch/upsert"),
        ("PUT", "/crm/v4/objects/contacts/"),
        ("POST", "/crm/v3/objects/deals/batch/upsert"),
        ("POST", "/crm/v3/objects/notes"),
    ],
    ids=["company", "contact", "contact-company", "deal", "note"],
)
async def test_a_write_whose_answer_is_lost_is_found_by_the_next_attempt(
    fake: FakeHubSpot, clock: FakeClock, method: str, path: str
) -> None:
    fake.faults = [lost_response(method=method, path=path) for _ in range(3)]
    with pytest.raises(ApiUnavailable) as caught:
        await push(hubspot(fake, clock), lead())
    assert caught.value.reason == "network"
    fake.faults.clear()

    await push(hubspot(fake, clock), lead(), CrmIds(in_doubt=True))

    assert_one_of_each(fake.state)


async def test_a_note_create_is_not_retried_where_it_may_have_been_written(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.faults = [server_error(503, after_write=True, method="POST", path="/objects/notes")]
    with pytest.raises(ApiUnavailable) as caught:
        await push(hubspot(fake, clock), lead())

    assert caught.value.reason == "server"
    assert fake.paths("POST").count("/crm/v3/objects/notes") == 1
    assert len(fake.state.all("notes")) == 1


async def test_an_upsert_whose_answer_is_lost_is_retried_at_once(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.state.add_property("companies", "filon_siren", unique=True)
    fake.faults = [lost_response(method="POST", path="companies/batch/upsert")]
    written = await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    [company] = fake.state.all("companies")
    assert written == Written(company.id, created=False)  # the retry found it
    assert fake.paths("POST").count("/crm/v3/objects/companies/batch/upsert") == 2


async def test_in_doubt_the_note_is_found_on_a_later_page_among_others(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.association_page = 2
    crm = hubspot(fake, clock)
    ids = CrmIds()
    for step in ("company", "contact", "deal"):
        written = await getattr(crm, f"upsert_{step}")(lead(), ids)
        setattr(ids, step, written.id)
    for body in ("filon-note-70<br>another lead", "filon-note-7x", "notes by hand", "x"):
        decoy = fake.state.create("notes", {"hs_note_body": body, "hs_timestamp": "1"})
        fake.state.associate("notes", decoy.id, "deals", ids.deal or "")
    note = await crm.add_note(lead(), ids)
    assert note is not None
    fake.requests.clear()

    lost = CrmIds(company=ids.company, contact=ids.contact, deal=ids.deal, in_doubt=True)
    again = await crm.add_note(lead(), lost)

    assert again == Written(note.id, created=False)
    assert len(fake.state.all("notes")) == 5
    assert len(list(fake.paths("GET"))) == 3  # five notes, two a page


async def test_in_doubt_a_note_the_batch_read_says_is_gone_is_skipped(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    crm = hubspot(fake, clock)
    first, _ = await push(crm, lead())
    fake.state.associations.add(("deals", first.deal or "", "notes", "424242"))  # a stale link
    fake.requests.clear()

    lost = CrmIds(company=first.company, contact=first.contact, deal=first.deal, in_doubt=True)
    written = await crm.add_note(lead(), lost)

    assert written == Written(first.note or "", created=False)
    [read] = [r for r in fake.requests if r.url.path.endswith("/notes/batch/read")]
    assert json.loads(read.content) == {
        "properties": ["hs_note_body"],
        "inputs": [{"id": first.note}, {"id": "424242"}],
    }
    assert len(fake.state.all("notes")) == 1


# --- stored ids HubSpot no longer has, conflicts ------------------------------------------------


async def test_objects_deleted_in_hubspot_are_found_again_or_created(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    crm = hubspot(fake, clock)
    first, _ = await push(crm, lead())
    state = fake.state
    state.delete("companies", first.company or "")
    state.delete("notes", first.note or "")
    stale_contact = CrmIds(**first.as_dict() | {"contact": "999999"})

    ids, written = await push(crm, lead(), stale_contact)

    assert written["company"] is not None and written["company"].created
    assert written["contact"] == Written(first.contact or "", created=False)  # by email
    assert written["note"] is not None and written["note"].created
    [company] = state.all("companies")
    assert company.id == ids.company != first.company
    assert len(state.all("contacts")) == len(state.all("notes")) == 1
    assert state.associated("deals", ids.deal or "", "companies") == [company.id]


async def test_a_conflict_on_upsert_updates_the_existing_object(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    existing = fake.state.create("contacts", {"email": EMAIL, "firstname": "C."})
    conflict = hubspot_error(409, f"Contact already exists. Existing ID: {existing.id}", "CONFLICT")
    fake.faults = [answer(conflict, method="POST", path="contacts/batch/upsert")]
    crm = hubspot(fake, clock)

    written = await crm.upsert_contact(lead(), CrmIds())

    assert written == Written(existing.id, created=False)
    assert fake.state.all("contacts") == [existing]
    assert existing.properties["firstname"] == "Claire"


async def test_a_stored_id_whose_key_another_object_holds_updates_that_one(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.state.add_property("companies", "filon_siren", unique=True)
    holder = fake.state.create("companies", {"name": "Ondilab SA", "filon_siren": SIREN})
    other = fake.state.create("companies", {"name": "Autre", "filon_siren": "356000000"})

    written = await hubspot(fake, clock).upsert_company(lead(), CrmIds(company=other.id))

    assert written == Written(holder.id, created=False)
    assert holder.properties["name"] == "Ondilab"
    assert other.properties == {"name": "Autre", "filon_siren": "356000000"}


async def test_a_207_input_error_is_rejected_with_hubspots_words(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    with pytest.raises(ApiRejected) as caught:
        await hubspot(fake, clock).upsert_contact(lead(email="claire@"), CrmIds())

    assert caught.value.status_code == 400
    assert "INVALID_EMAIL" in caught.value.message and "claire@" in caught.value.message
    assert fake.state.all("contacts") == []


async def test_an_unknown_property_is_rejected_with_hubspots_words(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    with pytest.raises(ApiRejected) as caught:
        await hubspot(fake, clock).upsert_company(lead(company={"industrie": "x"}), CrmIds())

    assert caught.value.status_code == 400
    assert 'Property \\"industrie\\" does not exist' in caught.value.message
    assert "industrie" not in fake.state.properties["companies"]
    assert fake.state.all("companies") == []


async def test_a_key_property_that_is_not_unique_is_rejected(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.state.add_property("companies", "filon_siren", unique=False)
    with pytest.raises(ApiRejected) as caught:
        await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.message == (
        "Unable to perform update/upsert by non-unique 0-2 property filon_siren in portal ID 4242"
    )
    assert fake.paths("POST").count("/crm/v3/properties/companies") == 1  # tried once: 409
    assert fake.state.all("companies") == []


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ({"token": "pat-eu1-revoked"}, "Authentication credentials not found"),
        ({"expired": frozenset({TOKEN})}, "expired 2 day(s) ago"),
    ],
    ids=["invalid", "expired"],
)
async def test_a_refused_token_is_rejected_and_never_shown(
    clock: FakeClock, setup: dict[str, Any], words: str
) -> None:
    fake = FakeHubSpot(**setup)
    with pytest.raises(ApiRejected) as caught:
        await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.status_code == 401 and words in caught.value.message
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value.args)


# --- faults -----------------------------------------------------------------------------------


async def test_429_waits_for_retry_after_then_succeeds(fake: FakeHubSpot, clock: FakeClock) -> None:
    fake.faults = [rate_limited(3)]
    written = await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    assert written is not None and written.created
    assert clock.sleeps == [3.0]


async def test_429_without_retry_after_waits_the_default(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.faults = [rate_limited()]
    await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    assert clock.sleeps == [1.0]
    assert len(fake.state.all("companies")) == 1


async def test_429_that_persists_is_rate_limited_with_hubspots_words(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    fake.faults = [rate_limited(2, daily=True) for _ in range(3)]
    with pytest.raises(ApiRateLimited) as caught:
        await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.retry_after == 2.0
    assert caught.value.message == "You have reached your daily limit."
    assert fake.state.all("companies") == []


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_retried_then_succeeds(
    fake: FakeHubSpot, clock: FakeClock, status: int
) -> None:
    fake.faults = [server_error(status), server_error(status)]
    await push(hubspot(fake, clock), lead())

    assert clock.sleeps == [0.5, 1.0]
    assert_one_of_each(fake.state)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [(timeout, "timeout"), (reset, "network"), (disconnect, "network")],
    ids=["timeout", "reset", "disconnect"],
)
async def test_a_fault_that_persists_is_unavailable(
    fake: FakeHubSpot, clock: FakeClock, fault: Callable[[], Fault], reason: str
) -> None:
    fake.plan = lambda request: fault()
    with pytest.raises(ApiUnavailable) as caught:
        await hubspot(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.reason == reason
    assert len(fake.requests) == 3 and clock.sleeps == [0.5, 1.0]


async def test_a_single_timeout_is_retried(fake: FakeHubSpot, clock: FakeClock) -> None:
    fake.faults = [timeout(method="PUT")]
    await push(hubspot(fake, clock), lead())

    assert_one_of_each(fake.state)


@pytest.mark.parametrize(
    ("where", "body", "field"),
    [
        ("companies/batch/upsert", "<html>Bad gateway page</html>", None),
        (
            "companies/batch/upsert",
            {"status": "COMPLETE", "results": [{"new": True}]},
            "results.0.id",
        ),
        ("companies/batch/upsert", {"results": []}, "status"),
        ("companies/batch/upsert", {"status": "COMPLETE", "results": []}, "results"),
        ("/objects/companies/", {"properties": {}}, "id"),
        ("/associations/default/", ["COMPLETE"], None),
    ],
    ids=["html", "no-id", "no-status", "no-result", "patch-no-id", "association-list"],
)
async def test_a_malformed_answer_is_malformed(
    fake: FakeHubSpot, clock: FakeClock, where: str, body: object, field: str | None
) -> None:
    crm = hubspot(fake, clock)
    first, _ = await push(crm, lead())
    content = body if isinstance(body, str) else None
    response = httpx.Response(200, text=content) if content else httpx.Response(200, json=body)
    fake.faults = [answer(response, path=where)]
    ids = CrmIds(**first.as_dict()) if where.startswith("/objects/") else CrmIds()
    with pytest.raises(ApiMalformed) as caught:
        await push(crm, lead(), ids)

    assert caught.value.field == field


# --- hostile values ---------------------------------------------------------------------------

HOSTILE = "O'Brien \"& Fils\" <script>alert('x')</script>\n=cmd|' /C calc'!A0 ; DROP TABLE--"


async def test_hostile_values_arrive_intact_as_data(fake: FakeHubSpot, clock: FakeClock) -> None:
    record = lead(
        name=HOSTILE,
        first_name='=HYPERLINK("http://evil")',
        title=HOSTILE,
        text=f"{HOSTILE}\n<img src=x onerror=alert(1)>",
        company={"description": HOSTILE},
        deal={"description": "{{ 7*7 }} ${jndi:ldap://x}"},
    )
    ids, _ = await push(hubspot(fake, clock), record)
    _, written = await push(hubspot(fake, clock), record, CrmIds(in_doubt=True))

    company = fake.state.get("companies", ids.company or "")
    assert company.properties["name"] == company.properties["description"] == HOSTILE
    assert fake.state.get("contacts", ids.contact or "").properties["firstname"] == (
        '=HYPERLINK("http://evil")'
    )
    deal = fake.state.get("deals", ids.deal or "")
    assert deal.properties["dealname"] == HOSTILE
    assert deal.properties["description"] == "{{ 7*7 }} ${jndi:ldap://x}"
    body = fake.state.get("notes", ids.note or "").properties["hs_note_body"]
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert body.count("<br>") == 3
    assert all(w is not None and not w.created for w in written.values())
    assert len(fake.state.all("notes")) == 1


async def test_a_hostile_stored_id_stays_one_path_segment(
    fake: FakeHubSpot, clock: FakeClock
) -> None:
    crm = hubspot(fake, clock)
    written = await crm.upsert_company(lead(), CrmIds(company="1/../../properties/companies"))

    [patch] = [r for r in fake.requests if r.method == "PATCH"]
    assert patch.url.raw_path == b"/crm/v3/objects/companies/1%2F..%2F..%2Fproperties%2Fcompanies"
    [company] = fake.state.all("companies")
    assert written == Written(company.id, created=True)  # 404: upserted by key


def test_note_html_escapes_breaks_and_cuts_between_entities() -> None:
    assert note_html("a < b & c\nd\r\ne") == "a &lt; b &amp; c<br>d<br>e"
    cut = note_html("&" * 40, limit=22)
    assert cut == "&amp;&amp;&amp;&amp;…" and len(cut) <= 22
    assert note_html("x" * 10 + "\n" + "y", limit=13) == "xxxxxxxxxx…"


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("filon-note-7<br>text", True),
        ("<p>filon-note-7</p>", True),
        ("BANT<br/>filon-note-7", True),
        ("filon-note-70<br>text", False),
        ("filon-note-7x", False),
        ("prefilon-note-7", False),
    ],
)
def test_a_note_carries_its_key_alone(body: str, found: bool) -> None:
    assert carries_key(body, "filon-note-7") is found


# --- the fake's own contract ------------------------------------------------------------------


async def test_the_fake_refuses_batches_over_100_and_unknown_routes() -> None:
    fake = FakeHubSpot()
    fake.state.add_property("companies", "filon_siren", unique=True)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    inputs = [
        {"idProperty": "filon_siren", "id": str(n), "properties": {"name": "x"}} for n in range(101)
    ]
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url=BASE_URL) as client:
        too_many = await client.post(
            "/crm/v3/objects/companies/batch/upsert", json={"inputs": inputs}, headers=headers
        )
        search = await client.post("/crm/v3/objects/companies/searches", json={}, headers=headers)

    assert too_many.status_code == 400 and "limit of 100" in too_many.json()["message"]
    assert too_many.headers["X-HubSpot-RateLimit-Max"] == "100"
    assert search.status_code == 404
    assert fake.state.all("companies") == []


def test_the_fakes_state_survives_a_snapshot() -> None:
    state = HubSpotState()
    state.add_property("deals", "filon_lead_key", unique=True)
    deal = state.create("deals", {"dealname": "Ondilab", "filon_lead_key": "filon-lead-7"})
    company = state.create("companies", {"name": "Ondilab"})
    state.associate("deals", deal.id, "companies", company.id)

    copy = HubSpotState.from_snapshot(state.snapshot())

    assert copy.snapshot() == state.snapshot()
    assert copy.associated("companies", company.id, "deals") == [deal.id]
    assert copy.create("notes", {}).id == str(int(company.id) + 1)


# --- a real socket ----------------------------------------------------------------------------


def socket_api(client: httpx.AsyncClient, policy: RetryPolicy | None = None) -> OutsideApi:
    return OutsideApi("hubspot", client, policy=policy or RetryPolicy.for_timeout(5))


async def test_real_client_pushes_through_a_server_restarted_mid_run(tmp_path: Path) -> None:
    state = HubSpotState()
    server = serve(state)
    port = server.port
    async with make_http_client(socket_settings(tmp_path)) as client:
        crm = HubSpotCrm(socket_api(client), token=TOKEN, base_url=server.base_url)
        try:
            ids = CrmIds()
            await crm.upsert_company(lead(), ids)
            ids.company = state.all("companies")[0].id
            server.stop()
            server = serve(state, port)  # same state, same port
            ids, written = await push(crm, lead(), ids)
            _, again = await push(crm, lead(), CrmIds(in_doubt=True))
        finally:
            server.stop()

    assert written["company"] == Written(ids.company or "", created=False)
    assert all(w is not None and not w.created for w in again.values())
    assert_one_of_each(state)


async def test_real_client_recovers_from_a_reset_and_a_lost_answer(tmp_path: Path) -> None:
    state = HubSpotState()
    faults = [
        reset(method="POST", path="companies/batch/upsert"),
        lost_response(method="POST", path="contacts/batch/upsert"),
        lost_response(method="POST", path="/objects/notes"),
    ]
    policy = RetryPolicy(timeout=2, budget=6, backoff=0.01)
    with serve(state, faults=faults) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            crm = HubSpotCrm(socket_api(client, policy), token=TOKEN, base_url=server.base_url)
            with pytest.raises(ApiUnavailable):
                await push(crm, lead())  # the note's create is not retried
            await push(crm, lead(), CrmIds(in_doubt=True))

    assert server.handler.faults == []
    assert_one_of_each(state)


async def test_real_client_gives_up_on_a_silent_server(tmp_path: Path) -> None:
    with serve(HubSpotState(), plan=lambda request: timeout()) as server:
        server.hang = 5.0
        async with make_http_client(socket_settings(tmp_path)) as client:
            policy = RetryPolicy(timeout=0.2, budget=0.6, retries=1, backoff=0.05)
            crm = HubSpotCrm(socket_api(client, policy), token=TOKEN, base_url=server.base_url)
            with pytest.raises(ApiUnavailable) as caught:
                await crm.upsert_company(lead(), CrmIds())

    assert caught.value.reason == "timeout"
    assert TOKEN not in str(caught.value)


async def test_the_fake_also_answers_behind_local_server(tmp_path: Path) -> None:
    fake = FakeHubSpot()
    with local_server(fake) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            crm = HubSpotCrm(socket_api(client), token=TOKEN, base_url=server.base_url)
            written = await crm.upsert_company(lead(), CrmIds())

    [company] = fake.state.all("companies")
    assert written == Written(company.id, created=True)


def test_a_server_is_a_context_manager_that_frees_its_port() -> None:
    with HubSpotServer(FakeHubSpot()).start() as server:
        port = server.port
    with serve(HubSpotState(), port) as again:
        assert again.port == port


async def test_leads_sent_at_once_to_a_new_portal_create_the_key_property_once(
    tmp_path: Path,
) -> None:
    import asyncio

    records = [
        lead(lead_id, siren=siren, email=f"c{lead_id}@ondilab.fr")
        for lead_id, siren in ((1, "552081317"), (2, "356000000"), (3, "732829320"))
    ]
    with serve(HubSpotState()) as server:
        fake = server.handler
        async with make_http_client(socket_settings(tmp_path)) as client:
            crm = HubSpotCrm(socket_api(client), token=TOKEN, base_url=server.base_url)
            await asyncio.gather(*(push(crm, record) for record in records))

    assert sorted(o.properties["filon_siren"] for o in fake.state.all("companies")) == sorted(
        record.company.siren for record in records
    )
    assert len(fake.state.all("deals")) == 3
    assert fake.paths("POST").count("/crm/v3/properties/companies") == 1
    assert fake.paths("POST").count("/crm/v3/properties/deals") == 1


def test_a_429_without_retry_after_waits_what_hubspots_headers_say(clock: FakeClock) -> None:
    from agent.crm.adapters.hubspot_bodies import DAILY_WAIT, rate_limit_wait

    window = rate_limited().response
    daily = rate_limited(daily=True).response
    assert window is not None and daily is not None
    assert rate_limit_wait(window) == 10.0  # X-HubSpot-RateLimit-Interval-Milliseconds
    assert rate_limit_wait(daily) == DAILY_WAIT
    assert rate_limit_wait(httpx.Response(429, json={"message": "slow down"})) is None


async def test_the_factorys_hubspot_waits_the_window_then_goes_on(tmp_path: Path) -> None:
    from agent.crm.factory import build_crm
    from agent.settings import Settings

    state = HubSpotState()
    with serve(state, faults=[rate_limited(path="/companies/batch/upsert")]) as server:
        settings = Settings(
            FILON_HOME=tmp_path, HUBSPOT_TOKEN=TOKEN, FILON_HUBSPOT_BASE_URL=server.base_url,
            FILON_HTTP_TIMEOUT=20,
        )  # fmt: skip
        async with make_http_client(settings) as client:
            crm = build_crm("hubspot", settings, client)
            assert isinstance(crm, HubSpotCrm)
            slept: list[float] = []

            async def sleep(seconds: float) -> None:
                slept.append(seconds)

            crm.api.sleep = sleep
            await crm.upsert_company(lead(), CrmIds())
    assert slept == [10.0]
    assert len(state.all("companies")) == 1

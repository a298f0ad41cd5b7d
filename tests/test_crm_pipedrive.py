"""The Pipedrive adapter against a fake Pipedrive: each step found before it is created, then
updated by id; what a crash leaves behind found again, never doubled; the faults of a real
API (429, 5xx, timeouts, resets, refusals, 409, a dead token, malformed answers, deleted
objects); hostile values kept as data; the real HTTP client through a loopback server."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from crm_pipedrive_fake import (
    DEAL_KEY_FIELD,
    SIREN_FIELD,
    TOKEN,
    FakePipedrive,
    Fault,
    PipedriveState,
    rate_limited,
)
from enrich_servers import local_server, mock_api, socket_settings
from recherche_fakes import FakeClock, Recorder

from agent.crm.adapters.pipedrive import PipedriveCrm
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

BASE_URL = "https://ondilab.pipedrive.test/api/v2"
SIREN = "355512575"
EMAIL = "claire.martin@ondilab.fr"
HOSTILE = "Ondilab \"SAS\" l'atelier <script>alert(1)</script>\n=cmd|' /C calc'!A0 & co"


def lead(
    lead_id: int = 7,
    *,
    name: str = "Ondilab",
    title: str = "Ondilab — Filon",
    email: str | None = EMAIL,
    keyed: bool = True,
    note: str = "BANT: budget validé\nScore: 82",
    company: dict[str, Any] | None = None,
    deal: dict[str, Any] | None = None,
) -> CrmRecord:
    """One lead as the mapping hands it to Pipedrive (custom key fields unless `keyed=False`)."""
    key = f"filon-lead-{lead_id}"
    contact = (
        CrmContact(
            email,
            "Claire",
            "Martin",
            {
                "first_name": "Claire",
                "last_name": "Martin",
                "emails": email,
                "phones": "+33 4 72 00 00 00",
            },
        )
        if email
        else None
    )
    return CrmRecord(
        lead_id=lead_id,
        company=CrmCompany(
            SIREN,
            name,
            SIREN_FIELD if keyed else "",
            {"name": name, "address": "Lyon", **(company or {})},
        ),
        contact=contact,
        deal=CrmDeal(
            key,
            title,
            DEAL_KEY_FIELD if keyed else "",
            {"title": title, "value": 12000, "currency": "EUR", "stage_id": 2, **(deal or {})},
        ),
        note=CrmNote(f"filon-note-{lead_id}", f"filon-note-{lead_id}\n{note}"),
    )


def pipedrive(fake: FakePipedrive | Recorder, clock: FakeClock) -> PipedriveCrm:
    return PipedriveCrm(mock_api("pipedrive", fake, clock), token=TOKEN, base_url=BASE_URL)


def step_of(crm: PipedriveCrm, step: Step) -> Callable[[CrmRecord, CrmIds], Awaitable[Any]]:
    """The adapter's method for one step of the sync."""
    method: Callable[[CrmRecord, CrmIds], Awaitable[Any]] = (
        crm.add_note if step == "note" else getattr(crm, f"upsert_{step}")
    )
    return method


async def push(crm: PipedriveCrm, record: CrmRecord, ids: CrmIds) -> dict[str, Written | None]:
    """The four steps in order, each id stored before the next, as the sync does."""
    written: dict[str, Written | None] = {}
    for step in STEPS:
        written[step] = result = await step_of(crm, step)(record, ids)
        if result is not None:
            setattr(ids, step, result.id)
    return written


_TABLES = {"company": "organizations", "contact": "persons", "deal": "deals", "note": "notes"}


def only(table: dict[int, dict[str, Any]]) -> dict[str, Any]:
    [stored] = table.values()
    return stored


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake() -> FakePipedrive:
    return FakePipedrive()


# --- create, update, find -----------------------------------------------------------------------


async def test_a_first_push_creates_one_of_each_linked(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    written = await push(pipedrive(fake, clock), lead(), CrmIds())

    assert all(w is not None and w.created for w in written.values())
    state = fake.state
    org, person, deal, note = (
        only(t) for t in (state.organizations, state.persons, state.deals, state.notes)
    )
    assert (org["name"], org["address"], org["custom_fields"]) == (
        "Ondilab",
        {"value": "Lyon"},
        {SIREN_FIELD: SIREN},
    )
    assert person["name"] == "Claire Martin" and person["org_id"] == org["id"]
    assert person["emails"] == [{"value": EMAIL, "primary": True, "label": "work"}]
    assert person["phones"] == [{"value": "+33 4 72 00 00 00", "primary": True, "label": "work"}]
    assert (deal["title"], deal["org_id"], deal["person_id"]) == (
        "Ondilab — Filon",
        org["id"],
        person["id"],
    )
    assert (deal["value"], deal["stage_id"], deal["custom_fields"]) == (
        12000,
        2,
        {DEAL_KEY_FIELD: "filon-lead-7"},
    )
    assert (note["deal_id"], note["org_id"], note["person_id"]) == (
        deal["id"],
        org["id"],
        person["id"],
    )
    assert note["content"] == "filon-note-7<br>BANT: budget validé<br>Score: 82"
    assert {k: w.id for k, w in written.items() if w} == {
        "company": str(org["id"]), "contact": str(person["id"]),
        "deal": str(deal["id"]), "note": str(note["id"]),
    }  # fmt: skip
    # Each object was looked for before it was created; the note only when in doubt.
    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("GET", "/api/v2/organizations/search"),
        ("POST", "/api/v2/organizations"),
        ("GET", "/api/v2/persons/search"),
        ("POST", "/api/v2/persons"),
        ("GET", "/api/v2/deals/search"),
        ("POST", "/api/v2/deals"),
        ("POST", "/v1/notes"),
    ]
    assert all(r.headers["x-api-token"] == TOKEN and TOKEN not in str(r.url) for r in fake.requests)
    assert dict(fake.requests[0].url.params) == {
        "term": SIREN, "fields": "custom_fields", "exact_match": "true", "limit": "100"
    }  # fmt: skip
    assert dict(fake.requests[2].url.params)["term"] == EMAIL


async def test_a_second_push_with_the_stored_ids_updates_and_creates_nothing(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    crm = pipedrive(fake, clock)
    ids = CrmIds()
    await push(crm, lead(), ids)
    first = ids.as_dict()
    fake.requests.clear()

    changed = lead(
        name="Ondilab SA", title="Ondilab — relance", note="Score: 91", deal={"value": 15000}
    )
    written = await push(crm, changed, ids)

    assert all(w is not None and not w.created for w in written.values())
    assert ids.as_dict() == first
    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}
    assert only(fake.state.organizations)["name"] == "Ondilab SA"
    assert (only(fake.state.deals)["title"], only(fake.state.deals)["value"]) == (
        "Ondilab — relance",
        15000,
    )
    assert only(fake.state.notes)["content"] == "filon-note-7<br>Score: 91"
    assert [(r.method, r.url.path.rsplit("/", 1)[0]) for r in fake.requests] == [
        ("PATCH", "/api/v2/organizations"),
        ("PATCH", "/api/v2/persons"),
        ("PATCH", "/api/v2/deals"),
        ("PUT", "/v1/notes"),
    ]


async def test_an_update_leaves_the_persons_other_emails_and_phones(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    crm = pipedrive(fake, clock)
    ids = CrmIds()
    await push(crm, lead(), ids)
    person = only(fake.state.persons)
    person["emails"].append({"value": "claire@gmail.test", "primary": False, "label": "home"})

    await crm.upsert_contact(lead(), ids)

    assert [e["value"] for e in only(fake.state.persons)["emails"]] == [EMAIL, "claire@gmail.test"]
    assert "emails" not in fake.sent("PATCH")[-1].read().decode()


async def test_a_push_without_ids_in_doubt_finds_everything(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    crm = pipedrive(fake, clock)
    stored = CrmIds()
    await push(crm, lead(), stored)
    fake.requests.clear()

    again = CrmIds(in_doubt=True)
    written = await push(crm, lead(), again)

    assert all(w is not None and not w.created for w in written.values())
    assert again.as_dict() == stored.as_dict()
    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}
    assert fake.sent("POST") == []
    assert [r.url.path for r in fake.sent("GET")] == [
        "/api/v2/organizations/search",
        "/api/v2/persons/search",
        "/api/v2/deals/search",
        "/v1/notes",
    ]
    assert fake.sent("GET", "/v1/notes")[0].url.params["deal_id"] == stored.deal


async def test_without_ids_and_not_in_doubt_the_objects_are_still_found(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    """Pipedrive has no unique field: the search runs whenever no id is stored. The note is
    looked for only when in doubt, as the port says."""
    crm = pipedrive(fake, clock)
    await push(crm, lead(), CrmIds())
    await push(crm, lead(), CrmIds())

    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 2}


async def test_without_key_fields_the_exact_name_and_the_title_in_the_organization_match(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.state.add("organizations", {"name": "Ondilab Group"})  # a near name is not a match
    crm = pipedrive(fake, clock)
    first = CrmIds()
    await push(crm, lead(keyed=False), first)
    fake.requests.clear()

    again = CrmIds(in_doubt=True)
    await push(crm, lead(keyed=False), again)

    assert again.as_dict() == first.as_dict()
    assert fake.state.counts() == {"organizations": 2, "persons": 1, "deals": 1, "notes": 1}
    [search] = fake.sent("GET", "/organizations/search")
    assert dict(search.url.params)["fields"] == "name"
    [listing] = fake.sent("GET", "/api/v2/deals")
    assert dict(listing.url.params) == {"org_id": first.company, "limit": "100"}
    assert (
        "custom_fields" not in only(fake.state.deals) or not only(fake.state.deals)["custom_fields"]
    )


async def test_several_exact_names_take_the_oldest_before_a_case_variant(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.state.add("organizations", {"name": "ONDILAB"})
    exact = fake.state.add("organizations", {"name": "Ondilab"})
    fake.state.add("organizations", {"name": "Ondilab"})

    written = await pipedrive(fake, clock).upsert_company(lead(keyed=False), CrmIds())

    assert written == Written(str(exact["id"]), created=False)


async def test_a_name_equal_but_for_case_is_the_same_organization(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    upper = fake.state.add("organizations", {"name": "ONDILAB"})

    written = await pipedrive(fake, clock).upsert_company(lead(keyed=False), CrmIds())

    assert written == Written(str(upper["id"]), created=False)
    assert fake.state.counts()["organizations"] == 1


async def test_several_organizations_with_the_siren_take_the_oldest(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    older = fake.state.add(
        "organizations", {"name": "Ondilab", "custom_fields": {SIREN_FIELD: SIREN}}
    )
    newer = fake.state.add(
        "organizations", {"name": "Ondilab", "custom_fields": {SIREN_FIELD: SIREN}}
    )

    written = await pipedrive(fake, clock).upsert_company(lead(), CrmIds())

    assert written == Written(str(older["id"]), created=False)
    assert fake.state.organizations[newer["id"]]["address"] is None  # untouched


async def test_a_key_equal_but_for_case_is_another_deal(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    """Pipedrive's exact match ignores case; a key is matched to the letter."""
    other = fake.state.add(
        "deals", {"title": "x", "custom_fields": {DEAL_KEY_FIELD: "FILON-LEAD-7"}}
    )

    written = await pipedrive(fake, clock).upsert_deal(lead(), CrmIds())

    assert written.created and written.id != str(other["id"])
    assert fake.state.counts()["deals"] == 2


async def test_the_deal_title_is_found_across_pages_of_the_organizations_deals(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    org = fake.state.add("organizations", {"name": "Ondilab"})
    for index in range(230):
        fake.state.add("deals", {"title": f"Autre affaire {index}", "org_id": org["id"]})
    ours = fake.state.add("deals", {"title": "Ondilab — Filon", "org_id": org["id"]})

    written = await pipedrive(fake, clock).upsert_deal(
        lead(keyed=False), CrmIds(company=str(org["id"]))
    )

    assert written == Written(str(ours["id"]), created=False)
    pages = fake.sent("GET", "/api/v2/deals")
    assert len(pages) == 3 and "cursor" not in pages[0].url.params
    assert all("cursor" in page.url.params for page in pages[1:])


async def test_an_earlier_note_is_found_across_pages_of_the_deals_notes(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    deal = fake.state.add("deals", {"title": "Ondilab — Filon"})
    for index in range(150):
        fake.state.add("notes", {"content": f"appel {index}", "deal_id": deal["id"]})
    ours = fake.state.add("notes", {"content": "filon-note-7<br>old", "deal_id": deal["id"]})

    written = await pipedrive(fake, clock).add_note(
        lead(), CrmIds(deal=str(deal["id"]), in_doubt=True)
    )

    assert written == Written(str(ours["id"]), created=False)
    assert fake.state.notes[ours["id"]]["content"].endswith("Score: 82")
    assert [r.url.params["start"] for r in fake.sent("GET", "/v1/notes")] == ["0", "100"]


async def test_a_lead_without_contact_sends_no_person(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    written = await push(pipedrive(fake, clock), lead(email=None), CrmIds())

    assert written["contact"] is None
    assert fake.state.counts() == {"organizations": 1, "persons": 0, "deals": 1, "notes": 1}
    assert only(fake.state.deals)["person_id"] is None
    assert fake.sent("GET", "/persons/search") == []


async def test_numbers_the_mapping_gives_as_text_are_sent_as_numbers(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    record = lead(
        deal={"value": "1500.50", "stage_id": "3", "owner_id": "12"}, company={"owner_id": "12"}
    )
    await push(pipedrive(fake, clock), record, CrmIds())

    deal = only(fake.state.deals)
    assert (deal["value"], deal["stage_id"], deal["owner_id"]) == (1500.5, 3, 12)
    assert only(fake.state.organizations)["owner_id"] == 12


# --- crashes --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/organizations", "/persons", "/deals", "/v1/notes"])
@pytest.mark.parametrize("kind", ["write_then_fail", "write_then_timeout"])
async def test_a_create_whose_answer_is_lost_is_found_not_doubled(
    fake: FakePipedrive, clock: FakeClock, path: str, kind: Any
) -> None:
    fake.inject(Fault(kind, method="POST", path=path))
    ids = CrmIds()
    written = await push(pipedrive(fake, clock), lead(), ids)

    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}
    assert all(w is not None and w.created for w in written.values())
    assert len(fake.sent("POST", path)) == 1  # never posted again blind
    assert clock.sleeps == []


async def test_a_create_that_failed_before_writing_is_left_to_a_later_attempt(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.inject(Fault("unavailable", method="POST", path="/organizations"))
    crm = pipedrive(fake, clock)
    with pytest.raises(ApiUnavailable) as caught:
        await push(crm, lead(), CrmIds())

    assert caught.value.reason == "server"
    assert fake.state.counts()["organizations"] == 0
    assert len(fake.sent("POST", "/organizations")) == 1

    written = await push(crm, lead(), CrmIds(in_doubt=True))
    assert written["company"] is not None and written["company"].created
    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}


@pytest.mark.parametrize("crashed", STEPS)
async def test_after_a_crash_the_next_attempt_in_doubt_ends_with_one_of_each(
    fake: FakePipedrive, clock: FakeClock, crashed: Step
) -> None:
    """Pipedrive answered the `crashed` step, then the worker died before storing its id."""
    crm = pipedrive(fake, clock)
    record = lead()
    ids = CrmIds()
    for step in STEPS[: STEPS.index(crashed) + 1]:
        written = await step_of(crm, step)(record, ids)
        if step != crashed:
            setattr(ids, step, written.id)

    resumed = CrmIds(**ids.as_dict(), in_doubt=True)
    written = await push(crm, record, resumed)

    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}
    assert written[crashed] == Written(
        str(getattr(fake.state, _TABLES[crashed]).popitem()[0]), False
    )


async def test_a_409_on_a_create_is_resolved_as_an_update(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.inject(Fault("conflict", method="POST", path="/organizations"))

    written = await pipedrive(fake, clock).upsert_company(lead(company={"owner_id": 9}), CrmIds())

    org = only(fake.state.organizations)
    assert written == Written(str(org["id"]), created=False)
    assert org["owner_id"] == 9
    assert len(fake.sent("PATCH", f"/organizations/{org['id']}")) == 1


async def test_a_409_with_nothing_to_find_is_refused_with_pipedrives_words(
    clock: FakeClock,
) -> None:
    empty = {"success": True, "data": {"items": []}, "additional_data": {"next_cursor": None}}
    conflict = httpx.Response(
        409, json={"success": False, "error": "Duplicate entry", "errorCode": 409}
    )
    recorder = Recorder(httpx.Response(200, json=empty), conflict, httpx.Response(200, json=empty))

    with pytest.raises(ApiRejected) as caught:
        await pipedrive(recorder, clock).upsert_company(lead(), CrmIds())

    assert (caught.value.status_code, caught.value.message) == (409, "Duplicate entry")


# --- stale ids ------------------------------------------------------------------------------


async def test_a_stored_id_pipedrive_deleted_is_created_again(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    crm = pipedrive(fake, clock)
    ids = CrmIds()
    await push(crm, lead(), ids)
    fake.state.organizations.clear()
    fake.state.notes.clear()

    gone = ids.as_dict()
    company = await crm.upsert_company(lead(), ids)
    ids.company = company.id
    note = await crm.add_note(lead(), ids)

    assert company.created and company.id != gone["company"]
    assert note.created and note.id != gone["note"]
    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}


async def test_a_stored_id_merged_away_finds_the_survivor(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    """Merging two deals in Pipedrive deletes one: its stored id answers 404, the key finds
    the other."""
    survivor = fake.state.add(
        "deals", {"title": "Ondilab — Filon", "custom_fields": {DEAL_KEY_FIELD: "filon-lead-7"}}
    )

    written = await pipedrive(fake, clock).upsert_deal(lead(), CrmIds(deal="999"))

    assert written == Written(str(survivor["id"]), created=False)
    assert fake.state.counts()["deals"] == 1


async def test_a_stale_note_id_finds_the_note_by_its_key(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    crm = pipedrive(fake, clock)
    ids = CrmIds()
    await push(crm, lead(), ids)
    [note] = fake.state.notes.values()
    fake.state.notes = {note["id"] + 100: {**note, "id": note["id"] + 100}}  # re-created by hand

    written = await crm.add_note(lead(), ids)

    assert written == Written(str(note["id"] + 100), created=False)
    assert fake.state.counts()["notes"] == 1


# --- faults ---------------------------------------------------------------------------------


async def test_429_waits_for_retry_after_then_succeeds(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.inject(Fault("rate_limited", method="GET"), Fault("rate_limited", method="POST"))

    await push(pipedrive(fake, clock), lead(), CrmIds())

    assert clock.sleeps == [2.0, 2.0]
    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}


async def test_429_without_retry_after_waits_the_default(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.inject(Fault("rate_limited_bare", path="/organizations/search"))

    await pipedrive(fake, clock).upsert_company(lead(), CrmIds())

    assert clock.sleeps == [1.0] and fake.state.counts()["organizations"] == 1


async def test_429_that_persists_is_rate_limited(fake: FakePipedrive, clock: FakeClock) -> None:
    fake.inject(*[Fault("rate_limited_bare")] * 3)

    with pytest.raises(ApiRateLimited) as caught:
        await pipedrive(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.retry_after is None and caught.value.message == "Request over limit"


@pytest.mark.parametrize("kind", ["server_error", "unavailable", "timeout", "reset"])
async def test_a_failed_search_or_update_is_retried(
    fake: FakePipedrive, clock: FakeClock, kind: Any
) -> None:
    crm = pipedrive(fake, clock)
    ids = CrmIds()
    fake.inject(Fault(kind, method="GET"))
    ids.company = (await crm.upsert_company(lead(), ids)).id
    fake.inject(Fault(kind, method="PATCH"))
    written = await crm.upsert_company(lead(name="Ondilab SA"), ids)

    assert written == Written(ids.company, created=False)
    assert only(fake.state.organizations)["name"] == "Ondilab SA"
    assert clock.sleeps == [0.5, 0.5]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("unavailable", "server"), ("timeout", "timeout"), ("reset", "network")],
)
async def test_failures_that_persist_are_unavailable(
    fake: FakePipedrive, clock: FakeClock, kind: Any, reason: str
) -> None:
    fake.inject(*[Fault(kind)] * 3)

    with pytest.raises(ApiUnavailable) as caught:
        await pipedrive(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.reason == reason and clock.sleeps == [0.5, 1.0]
    assert fake.state.counts()["organizations"] == 0


async def test_a_refused_create_carries_pipedrives_message(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    with pytest.raises(ApiRejected) as caught:
        await pipedrive(fake, clock).upsert_deal(lead(title="  ", deal={"title": ""}), CrmIds())

    assert caught.value.status_code == 400
    assert caught.value.message == "Validation failed: title: Parameter is required"
    assert fake.state.counts()["deals"] == 0


async def test_an_unknown_custom_field_is_refused_with_its_key(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    record = lead(company={"0123456789abcdef0123456789abcdef01234567": "ETI"})

    with pytest.raises(ApiRejected) as caught:
        await pipedrive(fake, clock).upsert_company(record, CrmIds())

    assert "unknown field 0123456789abcdef0123456789abcdef01234567" in caught.value.message


async def test_a_dead_token_is_refused_and_never_shown(clock: FakeClock) -> None:
    fake = FakePipedrive(token="another token")

    with pytest.raises(ApiRejected) as caught:
        await pipedrive(fake, clock).upsert_company(lead(), CrmIds())

    assert (caught.value.status_code, caught.value.message) == (401, "unauthorized access")
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value.args)


async def test_a_malformed_create_answer_is_malformed(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    fake.inject(Fault("malformed", method="POST"))

    with pytest.raises(ApiMalformed) as caught:
        await pipedrive(fake, clock).upsert_company(lead(), CrmIds())

    assert caught.value.field == "data.id"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("<html>Wi-Fi login</html>", None),
        ({"success": False, "data": {"items": []}}, "success"),
        (
            {"success": True, "data": {"items": [{"item": {"name": "no id"}}]}},
            "data.items.0.item.id",
        ),
        ({"success": True, "data": None}, "data"),
    ],
    ids=["html", "not-success", "no-id", "no-data"],
)
async def test_a_malformed_search_answer_is_malformed(
    clock: FakeClock, body: Any, field: str | None
) -> None:
    answer = (
        httpx.Response(200, text=body) if isinstance(body, str) else httpx.Response(200, json=body)
    )

    with pytest.raises(ApiMalformed) as caught:
        await pipedrive(Recorder(answer), clock).upsert_company(lead(), CrmIds())

    assert caught.value.field == field


async def test_a_cursor_that_comes_back_is_malformed_not_an_endless_loop(clock: FakeClock) -> None:
    page = {"success": True, "data": {"items": []}, "additional_data": {"next_cursor": "abc"}}
    recorder = Recorder(httpx.Response(200, json=page))

    with pytest.raises(ApiMalformed):
        await pipedrive(recorder, clock).upsert_company(lead(), CrmIds())

    assert len(recorder.requests) == 2


# --- hostile values -------------------------------------------------------------------------


async def test_hostile_values_arrive_as_data_and_are_found_again(
    fake: FakePipedrive, clock: FakeClock
) -> None:
    email = 'o\'brien+"x"@ondilab.fr'
    record = lead(name=HOSTILE, title=HOSTILE, email=email, keyed=False, note=HOSTILE)
    crm = pipedrive(fake, clock)
    first = CrmIds()
    await push(crm, record, first)

    again = CrmIds(in_doubt=True)
    await push(crm, record, again)

    assert again.as_dict() == first.as_dict()
    assert fake.state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}
    assert only(fake.state.organizations)["name"] == HOSTILE
    assert only(fake.state.deals)["title"] == HOSTILE
    assert only(fake.state.persons)["emails"][0]["value"] == email
    assert fake.sent("GET", "/organizations/search")[0].url.params["term"] == HOSTILE
    content = only(fake.state.notes)["content"]
    assert "<script>" not in content and "\n" not in content
    assert html.escape(
        "<script>alert(1)</script>"
    ) in content and "=cmd|' /C calc'!A0" in html.unescape(content)


# --- the module's edges ---------------------------------------------------------------------


def test_the_base_url_must_be_the_v2_root(clock: FakeClock) -> None:
    api = mock_api("pipedrive", FakePipedrive(), clock)
    with pytest.raises(ValueError, match="api/v2"):
        PipedriveCrm(api, token=TOKEN, base_url="https://ondilab.pipedrive.test/v1")


async def test_closing_leaves_the_shared_client_open(fake: FakePipedrive, clock: FakeClock) -> None:
    api = mock_api("pipedrive", fake, clock)
    crm = PipedriveCrm(api, token=TOKEN, base_url=BASE_URL + "/")
    await crm.aclose()

    assert not api.client.is_closed
    await crm.upsert_company(lead(), CrmIds())
    assert fake.requests[0].url.host == "ondilab.pipedrive.test"


# --- a real socket --------------------------------------------------------------------------


async def test_real_client_against_a_local_pipedrive_restarted_mid_push(tmp_path: Path) -> None:
    """A first server takes the company and the person; a second one, over the same state,
    the rest; the adapter's requests cross a real socket."""
    state = PipedriveState()
    ids = CrmIds()
    record = lead()
    async with make_http_client(socket_settings(tmp_path)) as client:
        api = OutsideApi("pipedrive", client, policy=RetryPolicy.for_timeout(5))
        first = FakePipedrive(state)
        with local_server(first) as server:
            crm = PipedriveCrm(api, token=TOKEN, base_url=server.base_url + "/api/v2")
            for step, method in (("company", crm.upsert_company), ("contact", crm.upsert_contact)):
                written = await method(record, ids)
                assert written is not None
                setattr(ids, step, written.id)
        second = FakePipedrive(state)
        with local_server(second) as server:
            crm = PipedriveCrm(api, token=TOKEN, base_url=server.base_url + "/api/v2")
            ids.deal = (await crm.upsert_deal(record, ids)).id
            ids.note = (await crm.add_note(record, ids)).id
            with pytest.raises(ApiRejected) as caught:
                await crm.upsert_deal(lead(title="", deal={"title": ""}, lead_id=8), CrmIds())

    assert state.counts() == {"organizations": 1, "persons": 1, "deals": 1, "notes": 1}
    assert only(state.deals)["org_id"] == int(ids.company or 0)
    assert caught.value.message == "Validation failed: title: Parameter is required"
    assert all(r.headers["x-api-token"] == TOKEN for r in first.requests + second.requests)
    assert [r.url.path for r in second.requests[:3]] == [
        "/api/v2/deals/search",
        "/api/v2/deals",
        "/v1/notes",
    ]


async def test_real_client_gives_up_on_a_pipedrive_too_slow(tmp_path: Path) -> None:
    with local_server(FakePipedrive(), delay=2.0) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            policy = RetryPolicy(timeout=0.2, budget=0.5, retries=1, backoff=0.05)
            api = OutsideApi("pipedrive", client, policy=policy)
            crm = PipedriveCrm(api, token=TOKEN, base_url=server.base_url + "/api/v2")
            with pytest.raises(ApiUnavailable) as caught:
                await crm.upsert_company(lead(), CrmIds())

    assert caught.value.reason == "timeout"
    assert TOKEN not in str(caught.value)


def test_a_429_without_retry_after_waits_for_pipedrives_reset() -> None:
    from agent.crm.adapters.pipedrive_bodies import rate_limit_wait

    assert rate_limit_wait(rate_limited(retry_after=None)) == 2.0  # x-ratelimit-reset
    assert rate_limit_wait(httpx.Response(429)) is None
    assert rate_limit_wait(httpx.Response(429, headers={"x-ratelimit-reset": "soon"})) is None

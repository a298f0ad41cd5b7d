"""Slack's request signatures: the worked example of Slack's documentation verifies, and an
unsigned, badly signed, tampered or stale request is refused, saying which."""

from __future__ import annotations

import pytest
from slack_fake import sign

from agent.slack.signature import MAX_AGE, BadSignature, signature, verify

# docs.slack.dev/authentication/verifying-requests-from-slack, "a worked example"
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = "1531420618"
DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&"
    b"channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&"
    b"command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    b"%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015."
    b"47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
NOW = 1_531_420_618 + 30


def test_slacks_worked_example_verifies() -> None:
    assert signature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY) == DOC_SIGNATURE
    verify(DOC_SECRET, timestamp=DOC_TIMESTAMP, signed=DOC_SIGNATURE, body=DOC_BODY, now=NOW)


def test_the_tests_own_signer_agrees() -> None:
    body = b'{"type":"event_callback","event_id":"Ev1"}'
    assert sign(body, DOC_SECRET, NOW) == signature(DOC_SECRET, str(NOW), body)


def _problem(**request: object) -> str:
    given = {
        "timestamp": DOC_TIMESTAMP,
        "signed": DOC_SIGNATURE,
        "body": DOC_BODY,
        "now": NOW,
        **request,
    }
    with pytest.raises(BadSignature) as refused:
        verify(DOC_SECRET, **given)  # type: ignore[arg-type]
    return refused.value.problem


def test_a_request_without_its_headers_is_unsigned() -> None:
    assert _problem(signed=None) == "unsigned"
    assert _problem(timestamp=None) == "unsigned"
    assert _problem(timestamp="") == "unsigned"
    assert _problem(timestamp="yesterday") == "unsigned"


def test_another_secret_another_body_or_a_mangled_signature_does_not_match() -> None:
    assert _problem(body=DOC_BODY + b"&admin=true") == "bad_signature"
    assert _problem(signed="v0=" + "0" * 64) == "bad_signature"
    assert _problem(signed=DOC_SIGNATURE.upper()) == "bad_signature"
    assert _problem(signed=DOC_SIGNATURE.replace("v0=", "v1=")) == "bad_signature"
    other = signature("another-secret", DOC_TIMESTAMP, DOC_BODY)
    assert _problem(signed=other) == "bad_signature"


def test_a_signature_more_than_five_minutes_away_is_stale_either_way() -> None:
    sent = int(DOC_TIMESTAMP)
    verify(
        DOC_SECRET, timestamp=DOC_TIMESTAMP, signed=DOC_SIGNATURE, body=DOC_BODY, now=sent + MAX_AGE
    )
    assert _problem(now=sent + MAX_AGE + 1) == "stale"
    assert _problem(now=sent - MAX_AGE - 1) == "stale"

"""`filon search --source api` against a local server that misbehaves: one line on stderr,
a non-zero exit, no traceback, and never a wait longer than promised. The worst cases run the
real command in its own process (what a user sees); the others run it in this process."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from recherche_fakes import fixture_page
from recherche_server import recherche_server
from typer.testing import CliRunner

from agent.cli import app

FILON = str(Path(sys.executable).with_name("filon"))


def run_search(base_url: str, *, timeout: str = "5", language: str = "en") -> tuple[int, str]:
    """Run the real command in its own process; its exit code and stderr."""
    env = {
        **os.environ,
        "FILON_RECHERCHE_BASE_URL": base_url,
        "FILON_HTTP_TIMEOUT": timeout,
        "FILON_LANGUAGE": language,
    }
    done = subprocess.run(
        [FILON, "search", "--source", "api", "ondilab"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stderr


def invoke_search(
    base_url: str, monkeypatch: pytest.MonkeyPatch, *, language: str = "en"
) -> tuple[int, str]:
    """Run the command in this process (quicker); its exit code and stderr."""
    monkeypatch.setenv("FILON_RECHERCHE_BASE_URL", base_url)
    monkeypatch.setenv("FILON_HTTP_TIMEOUT", "5")
    monkeypatch.setenv("FILON_LANGUAGE", language)
    result = CliRunner().invoke(app, ["search", "--source", "api", "ondilab"])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stderr


def without_siren() -> bytes:
    body = fixture_page()
    del body["results"][1]["siren"]
    return json.dumps(body).encode()


def with_total(value: object) -> bytes:
    body = copy.deepcopy(fixture_page())
    body["total_results"] = value
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("body", "detail"),
    [(without_siren(), "results.1.siren"), (with_total("many"), "total_results")],
    ids=["siren-missing", "total-not-a-number"],
)
def test_a_malformed_answer_is_one_line_on_stderr(body: bytes, detail: str) -> None:
    with recherche_server(body=body) as server:
        code, stderr = run_search(server.base_url)

    assert code != 0
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("filon: ")
    assert "Recherche d'entreprises API" in stderr
    assert detail in stderr


def test_an_answer_that_is_not_json_is_one_line_in_french(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with recherche_server(body=b"<html>Wi-Fi login</html>") as server:
        code, stderr = invoke_search(server.base_url, monkeypatch, language="fr")

    assert code != 0
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.strip() == (
        "filon: Réponse inattendue (API Recherche d'entreprises) : ce n'est pas du JSON "
        "(un portail Wi-Fi ou un proxy ?). Réessayez plus tard."
    )


def test_a_drip_fed_answer_is_given_up_within_the_deadline() -> None:
    # One byte every 0.4 s: each read is quick, so a per-read timeout never fires.
    with recherche_server(drip_every=0.4) as server:
        started = time.monotonic()
        code, stderr = run_search(server.base_url, timeout="1")
        elapsed = time.monotonic() - started

    assert code != 0
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "in time" in stderr
    # 1 s per attempt, 3 s for the whole request with its retries, plus the process start.
    assert elapsed < 8, elapsed
    assert len(server.seen) >= 1


def test_a_rejected_search_is_one_line_with_the_api_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refusal = json.dumps({"erreur": "Veuillez indiquer au moins un paramètre"}).encode()
    with recherche_server(body=refusal, status=400) as server:
        code, stderr = invoke_search(server.base_url, monkeypatch)

    assert code != 0
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "au moins un paramètre" in stderr


def test_an_unreachable_api_is_one_line_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    with recherche_server() as server:
        base_url = server.base_url  # the port is free again once the server is gone
    attempts: list[str] = []
    send = httpx.AsyncClient.request

    async def counted(self: httpx.AsyncClient, method: str, url: object, **options: object):
        attempts.append(str(url))
        return await send(self, method, url, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.AsyncClient, "request", counted)
    code, stderr = invoke_search(base_url, monkeypatch)

    assert len(attempts) == 1, attempts  # offline is known at once: no retries to wait for
    assert code != 0
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "FILON_COMPANY_SOURCE=local" in stderr

"""`filon ui`: start the Chainlit web UI on the store (seeding the demo data when it is empty).

Chainlit writes files into its app root (`.files/`, `.chainlit/`, `chainlit.md`) as soon as it
is imported, so it runs in a child process whose app root and working folder is a folder
Filon owns, `$FILON_HOME/ui`, filled from the configuration shipped in the `ui` package.
Settings are read here, before Chainlit exists, and passed down explicitly; the LLM key
travels in FILON_UI_OPENAI_API_KEY because Chainlit's CI mode overwrites OPENAI_API_KEY.

Who is there: once the store has users (or FILON_UI_AUTH_HEADER names a proxy's header), the
UI asks for a login (`ui.logins.login_mode`, handed to the app in FILON_UI_LOGIN) and may listen
beyond this machine; Chainlit signs its login cookies with the secret `ui.login_secret` keeps,
given to the Chainlit process only. Without login it is one person's on their own machine: a
loopback --host only. Either way it serves only its own pages (see `ui.origins`); the origins
allowed are written into Chainlit's config and handed to the app in FILON_UI_ALLOWED_ORIGINS.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from agent.cli.common import fail, load_settings, say, store_engine, terminal_language
from agent.i18n import t
from agent.qualification.demo import score_demo
from agent.settings import LoginMode, Settings
from agent.signals.intent import refresh
from agent.signals.scores import weights_in_force
from agent.slack import events_missing
from agent.users import has_users
from store.demo import DemoReport, count_companies, seed_demo_if_empty
from ui.login_secret import login_secret
from ui.logins import login_mode
from ui.origins import is_loopback, origin_policy, ui_address

APP_FOLDER = "ui"
DEFAULT_README = "chainlit_fr-FR.md"
_ALLOW_ORIGINS = re.compile(r"^allow_origins = .*$", re.MULTILINE)
# Variables `filon ui` decides for the Chainlit process, never inherited: Chainlit asks for a
# login whenever CHAINLIT_AUTH_SECRET or CHAINLIT_CUSTOM_AUTH says so, and the team's own
# secret reaches it as CHAINLIT_AUTH_SECRET only; Chainlit mounts its own Slack handler (which
# needs slack_bolt) on SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or starts Slack's socket mode
# on SLACK_WEBSOCKET_TOKEN: Filon's own handler gets them as FILON_UI_SLACK_*.
_DECIDED_HERE = frozenset(
    {
        "OPENAI_API_KEY",
        "CHAINLIT_APP_ROOT",
        "CHAINLIT_AUTH_SECRET",
        "CHAINLIT_CUSTOM_AUTH",
        "FILON_UI_AUTH_SECRET",
        "FILON_UI_LOGIN",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_WEBSOCKET_TOKEN",
        "FILON_UI_SLACK_BOT_TOKEN",
        "FILON_UI_SLACK_SIGNING_SECRET",
    }
)


def ui(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Start the web UI (http://127.0.0.1:8000); an empty store gets the demo data first."""
    host = host.strip().removeprefix("[").removesuffix("]")
    if not 0 < port < 65536:
        say("cli.ui.port", port=port)
    settings = load_settings()
    login = _prepare_store(settings, host)
    check_port(host, port)
    origins = sorted(origin_policy(host, port, settings.ui_allowed_origins).origins)
    root = prepare_app_root(settings, origins)
    secret = login_secret(settings) if login != "off" else None
    started = "cli.ui.started_offline" if settings.offline else "cli.ui.started_llm"
    address = ui_address(host, port)
    typer.echo(t(started, terminal_language(), address=address, model=settings.model))
    typer.echo(t(f"ui_login.started_{login}", terminal_language(), header=settings.ui_auth_header))
    _say_slack(settings, address)
    with as_file(files("ui") / "app.py") as app_file:
        command = [
            sys.executable, "-m", "chainlit", "run", str(app_file),
            "--headless", "--host", host, "--port", str(port),
        ]  # fmt: skip
        env = child_environment(settings, root, origins, login=login, secret=secret)
        code = _run_until_stopped(command, root, env)
    if code not in (0, 130, -signal.SIGINT, -signal.SIGTERM):
        exit_code = code if code > 0 else 1
        fail(t("cli.ui.stopped", terminal_language(), code=code), exit_code)


def _say_slack(settings: Settings, address: str) -> None:
    """Where Slack's events are answered, or which Slack setting is still missing."""
    missing = events_missing(settings)
    if not missing:
        typer.echo(t("slack.cli.events_at", terminal_language(), url=f"{address}/slack/events"))
    elif len(missing) == 1:
        typer.echo(t("slack.cli.events_missing", terminal_language(), missing=missing[0]))


def _run_until_stopped(command: list[str], root: Path, env: dict[str, str]) -> int:
    """Run the Chainlit process; SIGTERM or Ctrl+C here stops it too (no orphan server)."""
    child = subprocess.Popen(command, cwd=root, env=env)
    previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        child.wait()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _prepare_store(settings: Settings, host: str) -> LoginMode:
    """How people will log in, from the store; a --host beyond this machine refused without
    login (before any seeding); then the demo data on an empty store."""
    with store_engine(settings) as engine:
        login = login_mode(settings, has_users=has_users(engine))
        if login == "off" and not is_loopback(host):
            fail(t("ui_security.host_not_local", terminal_language(), host=host))
        report = _seed_if_empty(settings, engine)
    if report is not None:
        _say_seeded(report)
    return login


def _seed_if_empty(settings: Settings, engine: Engine) -> DemoReport | None:
    if count_companies(engine):
        return None
    typer.echo(t("cli.ui.seeding", terminal_language()))
    report = seed_demo_if_empty(engine)
    refresh(engine, weights_in_force(settings), today=date.today())
    if report is not None:
        score_demo(engine, settings, today=report.reference or date.today())
    return report


def _say_seeded(report: DemoReport) -> None:
    seconds = f"{report.seconds:.1f}"
    typer.echo(
        t(
            "cli.ui.seeded",
            terminal_language(),
            companies=report.companies,
            leads=report.leads,
            seconds=seconds,
        )
    )


def check_port(host: str, port: int) -> None:
    """Refuse, in one line, a port this address cannot listen on (taken, not allowed)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            say("cli.ui.busy_port", host=host, port=port, reason=error.strerror or str(error))


def prepare_app_root(settings: Settings, origins: Sequence[str]) -> Path:
    """$FILON_HOME/ui with Filon's Chainlit config (allowing `origins`), translations, readmes
    and public files (logo, avatar, favicon, fonts, styles, custom elements), all refreshed."""
    root = settings.ensure_home() / APP_FOLDER
    translations = root / ".chainlit" / "translations"
    translations.mkdir(parents=True, exist_ok=True)
    assets = files("ui") / "assets"
    config = (assets / "config.toml").read_text(encoding="utf-8")
    # Origins are plain ASCII (normalised), so JSON writes them as TOML strings.
    config, found = _ALLOW_ORIGINS.subn(f"allow_origins = {json.dumps(list(origins))}", config)
    if found != 1:
        raise RuntimeError(f"ui/assets/config.toml should set allow_origins once (found {found})")
    (root / ".chainlit" / "config.toml").write_text(config, encoding="utf-8")
    for item in (assets / "translations").iterdir():
        if item.name.endswith(".json"):
            _copy(item, translations / item.name)
    for item in assets.iterdir():
        if item.name.endswith(".md"):
            _copy(item, root / item.name)
    # Chainlit falls back on chainlit.md for a language without its own readme (and writes its
    # own "Welcome to Chainlit" there when the file is missing): French, like the UI's default.
    _copy(assets / DEFAULT_README, root / "chainlit.md")
    _copy_tree(assets / "public", root / "public")
    return root


def _copy(source: Traversable, target: Path) -> None:
    with as_file(source) as path:
        shutil.copyfile(path, target)


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.is_dir():
            _copy_tree(item, target / item.name)
        elif not item.name.startswith("."):
            _copy(item, target / item.name)


def child_environment(
    settings: Settings,
    root: Path,
    origins: Sequence[str],
    *,
    login: LoginMode = "off",
    secret: str | None = None,
) -> dict[str, str]:
    """The Chainlit process's environment: the settings read here, made explicit; with login,
    the secret signing its cookies (Chainlit's CHAINLIT_AUTH_SECRET), given to it only."""
    env = {k: v for k, v in os.environ.items() if k not in _DECIDED_HERE}
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    env.update(
        CHAINLIT_APP_ROOT=str(root),
        FILON_HOME=str(settings.home),
        FILON_DATABASE_URL=settings.database_url,
        FILON_COMPANY_SOURCE=settings.company_source,
        FILON_UI="1",
        FILON_UI_OPENAI_API_KEY=key,
        FILON_UI_ALLOWED_ORIGINS=",".join(origins),
        FILON_UI_LOGIN=login,
    )
    for name, value in (
        ("FILON_UI_SLACK_BOT_TOKEN", settings.slack_bot_token),
        ("FILON_UI_SLACK_SIGNING_SECRET", settings.slack_signing_secret),
    ):
        if value is not None:
            env[name] = value.get_secret_value()
    if login != "off":
        if not secret:
            raise ValueError("a login needs the secret that signs its cookies")
        env["CHAINLIT_AUTH_SECRET"] = secret
    return env

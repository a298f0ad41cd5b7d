"""A fake Slack Web API speaking the documented contract of the methods Filon calls, and a
signer of Events API requests, for the Slack tests.

- `SlackState`: the workspace — its members (profile, email, locale, deleted, bot), channels
  (public or private, archived, whether Filon is in them), the scopes the token was granted,
  and every message posted, with its blocks.
- `FakeSlack`: an httpx handler over a state, for a `MockTransport` or the loopback server.
  It checks the bot token (`Authorization: Bearer`, else `not_authed`, a wrong one
  `invalid_auth`), the method's scope (`missing_scope` with `needed`), and what Slack checks of
  a message: a channel by id or name, one Filon may post in (`channel_not_found` for a private
  channel it is not in, `not_in_channel`, `is_archived`), text or blocks (`no_text`), at most
  50 blocks whose texts are within Slack's lengths (`invalid_blocks`). Errors are HTTP 200
  `{"ok": false, "error": …}`, as Slack answers; `faults` answer the next matching calls
  instead (a 429 `ratelimited` with Retry-After, a 5xx, anything).
- `serve(state)`: the handler behind a real loopback HTTP server; `base_url` ends in `/api/`.
- `signed(body, secret)`: the headers Slack sends with an event (`X-Slack-Signature`,
  `X-Slack-Request-Timestamp`), and `event_callback(...)` the events themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import httpx

TOKEN = "xoxb-4242-1717-filonTestToken"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0FILON01"
BOT_USER = "U0FILONBOT"
BOT_ID = "B0FILON01"
ALL_SCOPES = frozenset(
    {"app_mentions:read", "chat:write", "im:history", "users:read", "users:read.email"}
)
SCOPE_OF = {"auth.test": None, "users.info": "users:read", "chat.postMessage": "chat:write"}
MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_CONTEXT = 2000


@dataclass
class Member:
    id: str
    name: str
    email: str | None = None
    locale: str = "fr-FR"
    deleted: bool = False
    is_bot: bool = False


@dataclass
class Channel:
    id: str
    name: str
    private: bool = False
    archived: bool = False
    filon_in: bool = True
    im: bool = False


@dataclass
class Posted:
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None
    ts: str

    def block_texts(self) -> list[str]:
        """Every text of its blocks, in order (sections' and context elements')."""
        texts = []
        for block in self.blocks:
            if "text" in block:
                texts.append(block["text"]["text"])
            texts += [element["text"] for element in block.get("elements", [])]
        return texts

    def all_text(self) -> str:
        return "\n".join(self.block_texts())


@dataclass
class SlackState:
    """A workspace as the fake API serves it."""

    members: dict[str, Member] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    scopes: frozenset[str] = ALL_SCOPES
    posted: list[Posted] = field(default_factory=list)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add_member(self, member_id: str, name: str, **options: Any) -> Member:
        self.members[member_id] = Member(member_id, name, **options)
        return self.members[member_id]

    def add_channel(self, channel_id: str, name: str, **options: Any) -> Channel:
        self.channels[channel_id] = Channel(channel_id, name, **options)
        return self.channels[channel_id]

    def find_channel(self, value: str) -> Channel | None:
        if value in self.channels:
            return self.channels[value]
        name = value.removeprefix("#")
        return next((c for c in self.channels.values() if c.name == name and not c.im), None)

    def next_ts(self) -> str:
        return f"1764000000.{next(self._ts):06d}"

    def posted_to(self, channel: str) -> list[Posted]:
        return [message for message in self.posted if message.channel == channel]


def slack_error(error: str, status: int = 200, **extra: Any) -> httpx.Response:
    """An error the way the Web API writes them."""
    return httpx.Response(status, json={"ok": False, "error": error, **extra})


def rate_limited(retry_after: int = 1) -> httpx.Response:
    """Slack's 429: `ratelimited`, with the seconds to wait."""
    return httpx.Response(
        429,
        json={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": str(retry_after)},
    )


@dataclass
class Fault:
    """An answer given instead of the next call of `method` (any method when None)."""

    response: httpx.Response
    method: str | None = None


@dataclass
class FakeSlack:
    """The Web API over `state`, for the bot token `token`."""

    state: SlackState = field(default_factory=SlackState)
    token: str = TOKEN
    faults: list[Fault] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            method = request.url.path.rsplit("/", 1)[-1]
            for fault in self.faults:
                if fault.method in (None, method):
                    self.faults.remove(fault)
                    return fault.response
            return self._answer(method, request)

    def calls(self, method: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/" + method)]

    def _answer(self, method: str, request: httpx.Request) -> httpx.Response:
        routes: dict[str, Callable[[dict[str, Any]], httpx.Response]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "chat.postMessage": self._post_message,
        }
        if method not in routes:
            return httpx.Response(404, text="Not Found")
        authorization = request.headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return slack_error("not_authed")
        if authorization.removeprefix("Bearer ") != self.token:
            return slack_error("invalid_auth")
        scope = SCOPE_OF[method]
        if scope is not None and scope not in self.state.scopes:
            return slack_error("missing_scope", needed=scope, provided=",".join(self.state.scopes))
        arguments = _arguments(request)
        if arguments is None:
            return slack_error("invalid_json")
        return routes[method](arguments)

    def _auth_test(self, arguments: dict[str, Any]) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "ok": True,
                "url": "https://filon-test.slack.com/",
                "team": "Filon Test",
                "user": "filon",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
            },
        )

    def _users_info(self, arguments: dict[str, Any]) -> httpx.Response:
        member = self.state.members.get(str(arguments.get("user") or ""))
        if member is None:
            return slack_error("user_not_found")
        profile: dict[str, Any] = {"real_name": member.name, "display_name": member.name}
        if member.email and "users:read.email" in self.state.scopes:
            profile["email"] = member.email
        user: dict[str, Any] = {
            "id": member.id,
            "team_id": TEAM,
            "name": member.name.lower().replace(" ", "."),
            "deleted": member.deleted,
            "real_name": member.name,
            "is_bot": member.is_bot,
            "profile": profile,
        }
        if str(arguments.get("include_locale")).lower() == "true":
            user["locale"] = member.locale
        return httpx.Response(200, json={"ok": True, "user": user})

    def _post_message(self, arguments: dict[str, Any]) -> httpx.Response:
        channel = self.state.find_channel(str(arguments.get("channel") or ""))
        if channel is None or (channel.private and not channel.filon_in):
            return slack_error("channel_not_found")
        if channel.archived:
            return slack_error("is_archived")
        if not channel.filon_in and not channel.im:
            return slack_error("not_in_channel")
        text, blocks = arguments.get("text"), arguments.get("blocks")
        if not text and not blocks:
            return slack_error("no_text")
        problem = _block_problem(blocks or [])
        if problem:
            return slack_error("invalid_blocks", errors=[problem])
        thread_ts = arguments.get("thread_ts")
        ts = self.state.next_ts()
        self.state.posted.append(Posted(channel.id, str(text or ""), blocks or [], thread_ts, ts))
        message = {"type": "message", "text": text, "ts": ts, "bot_id": BOT_ID}
        return httpx.Response(
            200, json={"ok": True, "channel": channel.id, "ts": ts, "message": message}
        )


def _arguments(request: httpx.Request) -> dict[str, Any] | None:
    """A call's arguments: the query string, a form, or a JSON body."""
    arguments: dict[str, Any] = {k: v for k, v in request.url.params.items()}
    body = request.content
    if not body:
        return arguments
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            document = json.loads(body)
        except ValueError:
            return None
        return {**arguments, **document} if isinstance(document, dict) else None
    form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
    return {**arguments, **form}


def _block_problem(blocks: Any) -> str | None:
    """What Slack would refuse in `blocks` (its invalid_blocks), or None."""
    if not isinstance(blocks, list):
        return "blocks must be an array"
    if len(blocks) > MAX_BLOCKS:
        return f"no more than {MAX_BLOCKS} items allowed [json-pointer:/blocks]"
    for index, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "section":
            text = block.get("text") or {}
            if text.get("type") not in ("mrkdwn", "plain_text") or not text.get("text"):
                return f"invalid section text [json-pointer:/blocks/{index}/text]"
            if len(text["text"]) > MAX_SECTION:
                return f"must be less than {MAX_SECTION + 1} characters [/blocks/{index}/text]"
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                return f"context needs 1 to 10 elements [/blocks/{index}/elements]"
            if any(len(element.get("text", "")) > MAX_CONTEXT for element in elements):
                return f"must be less than {MAX_CONTEXT + 1} characters [/blocks/{index}]"
        elif kind != "divider":
            return f"unsupported block type {kind!r} [/blocks/{index}]"
    return None


class SlackServer:
    """A fake Slack on a loopback port: `base_url` is the Web API's (…/api/)."""

    def __init__(self, handler: FakeSlack, host: str = "127.0.0.1", port: int = 0) -> None:
        self.handler = handler
        self.httpd = ThreadingHTTPServer((host, port), _http_handler(self))
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}/api/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def state(self) -> SlackState:
        return self.handler.state

    def start(self) -> SlackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def wait_for_posts(self, count: int, timeout: float = 30.0) -> list[Posted]:
        """The messages posted, once there are `count` of them (or the timeout is up)."""
        deadline = time.monotonic() + timeout
        while len(self.state.posted) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.state.posted)

    def __enter__(self) -> SlackServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(state: SlackState | None = None, **options: Any) -> SlackServer:
    """A running fake Slack over `state` (`options` go to `FakeSlack`)."""
    return SlackServer(FakeSlack(state or SlackState(), **options)).start()


def _http_handler(server: SlackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = httpx.Request(
                self.command,
                f"http://{self.headers.get('Host')}{self.path}",
                headers=list(self.headers.items()),
                content=self.rfile.read(length),
            )
            response = server.handler(request)
            body = response.content
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

    return Handler


# --- what Slack sends: signed events --------------------------------------------------------


def sign(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> str:
    """The `X-Slack-Signature` of `body` at `timestamp`, computed here independently."""
    when = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + when.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed(
    body: bytes,
    secret: str = SIGNING_SECRET,
    *,
    timestamp: int | None = None,
    retry: int | None = None,
) -> dict[str, str]:
    """The headers Slack sends with `body`: signed now (or at `timestamp`); a retry's too."""
    when = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(when),
        "X-Slack-Signature": sign(body, secret, when),
    }
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return headers


_EVENT_IDS = itertools.count(1)


def event_callback(event: dict[str, Any], *, event_id: str | None = None) -> bytes:
    """An Events API delivery of `event`, as Slack writes it."""
    payload = {
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
        "team_id": TEAM,
        "api_app_id": "A0FILON01",
        "event": {"event_ts": event.get("ts", "1764000000.000100"), **event},
        "type": "event_callback",
        "event_id": event_id or f"Ev0FILON{next(_EVENT_IDS):04d}",
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": TEAM, "user_id": BOT_USER, "is_bot": True, "is_enterprise_install": False}
        ],
    }
    return json.dumps(payload).encode()


def mention(
    user: str, text: str, *, channel: str, ts: str, thread_ts: str | None = None
) -> dict[str, Any]:
    """An `app_mention` event: `text` after the mention of Filon."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": channel,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(user: str, text: str, *, channel: str, ts: str) -> dict[str, Any]:
    """A `message` event in Filon's direct messages with `user`."""
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
    }

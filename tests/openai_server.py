"""A local OpenAI-compatible server for tests: POST /v1/chat/completions, scripted replies.

Speaks the documented contract: JSON when `stream` is false, server-sent events otherwise
(`data: {chunk}` lines, tool-call arguments in pieces, an optional usage chunk, `data: [DONE]`).
Faults are scripted too: an HTTP status with an error body, or a delay before answering.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from langchain_openai import ChatOpenAI


@dataclass
class Reply:
    """One scripted answer: text, tool calls (arguments as a dict, or as raw text to send
    malformed JSON), an HTTP error status (with `retry_after`), a delay, or a stream cut off
    after `cut_after` chunks (the connection closes with no `[DONE]`)."""

    text: str = ""
    tool_calls: list[tuple[str, dict[str, Any] | str]] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    retry_after: str | None = None
    cut_after: int | None = None


def _arguments(args: dict[str, Any] | str) -> str:
    return args if isinstance(args, str) else json.dumps(args)


@dataclass
class FakeOpenAI:
    """The script and what the server received."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""
    # How many requests were being answered at once, at most (delayed replies overlap).
    most_at_once: int = 0
    _at_once: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)


def _completion(reply: Reply, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    if reply.tool_calls:
        message["tool_calls"] = [
            {
                "id": f"call_{index}",
                "type": "function",
                "function": {"name": name, "arguments": _arguments(args)},
            }
            for index, (name, args) in enumerate(reply.tool_calls)
        ]
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if reply.tool_calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def _chunks(reply: Reply, model: str, usage: bool) -> Iterator[dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    yield chunk({"role": "assistant", "content": ""})
    words = reply.text.split(" ") if reply.text else []
    for index, word in enumerate(words):
        yield chunk({"content": word if index == 0 else f" {word}"})
    for index, (name, args) in enumerate(reply.tool_calls):
        arguments = _arguments(args)
        half = len(arguments) // 2
        yield chunk(
            {
                "tool_calls": [
                    {
                        "index": index,
                        "id": f"call_{index}",
                        "type": "function",
                        "function": {"name": name, "arguments": arguments[:half]},
                    }
                ]
            }
        )
        yield chunk({"tool_calls": [{"index": index, "function": {"arguments": arguments[half:]}}]})
    yield chunk({}, "tool_calls" if reply.tool_calls else "stop")
    if usage:
        yield {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path != "/v1/chat/completions":
                return self._json(404, {"error": {"message": f"no route {self.path}"}})
            reply = state.replies.pop(0) if state.replies else Reply(status=500)
            if reply.delay:
                with state._lock:
                    state._at_once += 1
                    state.most_at_once = max(state.most_at_once, state._at_once)
                time.sleep(reply.delay)
                with state._lock:
                    state._at_once -= 1
            if reply.status != 200:
                extra = {"Retry-After": reply.retry_after} if reply.retry_after else {}
                return self._json(
                    reply.status,
                    {"error": {"message": f"scripted {reply.status}", "type": "test"}},
                    extra,
                )
            model = body.get("model", "test-model")
            if not body.get("stream"):
                return self._json(200, _completion(reply, model))
            usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            for sent, piece in enumerate(_chunks(reply, model, usage)):
                if reply.cut_after is not None and sent >= reply.cut_after:
                    self.close_connection = True
                    return  # the connection drops mid-stream: no more chunks, no [DONE]
                self.wfile.write(f"data: {json.dumps(piece)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

        def _json(
            self, status: int, document: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    """A running server on 127.0.0.1 (a free port); `base_url` ends with /v1."""
    state = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def chat_model(server: FakeOpenAI) -> ChatOpenAI:
    """The real ChatOpenAI on `server`: streamed, no retries (a test scripts its faults)."""
    return ChatOpenAI(
        model="filon-test-model",
        api_key="sk-test",  # type: ignore[arg-type]
        base_url=server.base_url,
        max_retries=0,
        streaming=True,
    )

"""AI-column benchmark: 1,000 leads × 3 columns against a local OpenAI-compatible server that
answers every call in 200 ms, with 16 calls at once.

    python bench/columns.py [--leads 1000] [--concurrency 16] [--latency 0.2]

The ideal is concurrency / latency cells per second (80 at 16 and 200 ms); the run is measured
against it (target ≥ 90 %). The process's resident memory (RSS) is read at 1/4, 1/2 and the end of the
run, to show it stays flat while leads stream in pages. A second run on the same store must
make no model call (every cell cached). Real ChatOpenAI and the real runner; the server
(in its own process) answers a valid value for the column's type read from the request's schema.
Prints the figures and writes them to bench/out/columns.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from columns_store import seed_list  # noqa: E402

from agent.columns.define import add_column  # noqa: E402
from agent.columns.runner import run_columns  # noqa: E402
from agent.llm.columns import column_filler, run_options  # noqa: E402
from agent.settings import Settings  # noqa: E402
from store.db import open_store  # noqa: E402

COLUMNS = (
    ("Utilise Salesforce", "Est-ce que $company_name ($naf_label, $city) utilise Salesforce ?",
     "boolean", ()),
    ("Maturité", "Maturité d'achat de $company_name vu $signals et $headcount ?", "score", ()),
    ("Segment", "Segment de $company_name ($headcount) ?", "enum", ("PME", "ETI", "GE")),
)  # fmt: skip


def _value(schema: dict[str, Any]) -> Any:
    value = schema["properties"]["value"]
    if "enum" in value:
        return value["enum"][0]
    kinds = value["type"]
    return True if "boolean" in kinds else 7 if "integer" in kinds else "oui"


def serve(latency: float) -> tuple[multiprocessing.Process, str]:
    """A server in its own process (not competing with the run for the GIL), answering any
    chat completion after `latency` seconds; its base URL."""
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve, args=(latency, ports), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{ports.get(timeout=10)}/v1"


def _serve(latency: float, ports: multiprocessing.Queue[int]) -> None:

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as OpenAI-compatible APIs answer: a run reuses its connections. Headers
        # and body leave in two writes: without TCP_NODELAY, Nagle's algorithm holds the body
        # until the client's delayed ACK (40 ms a call), a cost of this server, not of the run.
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(latency)
            schema = body["response_format"]["json_schema"]["schema"]
            content = {"status": "answered", "value": _value(schema), "rationale": "bench",
                       "confidence": 0.7}  # fmt: skip
            document = {
                "id": "b", "object": "chat.completion", "created": 0, "model": body["model"],
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": json.dumps(content)}}],
                "usage": {"prompt_tokens": 300, "completion_tokens": 30, "total_tokens": 330},
            }  # fmt: skip
            data = json.dumps(document).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ports.put(server.server_address[1])
    server.serve_forever()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    server, base_url = serve(args.latency)
    home = Path(tempfile.mkdtemp(prefix="filon-bench-columns-"))
    settings = Settings(FILON_HOME=home, OPENAI_API_KEY="bench", OPENAI_BASE_URL=base_url,
                        FILON_MODEL="gpt-4.1-mini")  # fmt: skip
    engine = open_store(settings.database_url)
    seed_list(engine, args.leads, owner="bench")
    for name, prompt, kind, options in COLUMNS:
        add_column(engine, list_name="ESN Lyon", name=name, prompt=prompt, kind=kind,
                   options=options, user="bench")  # fmt: skip
    filler = column_filler(settings, "fr")
    options = run_options(settings, args.concurrency)
    peaks: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        for label, share in (("quarter", 0.25), ("half", 0.5)):
            if label not in peaks and total and done >= total * share:
                peaks[label] = _rss_mb()

    def run() -> Any:
        return asyncio.run(run_columns(engine, list_name="ESN Lyon", user="bench", filler=filler,
                                       language="fr", options=options, progress=progress))  # fmt: skip

    first = run()
    peaks["end"] = _rss_mb()
    again = run()
    server.terminate()
    ideal = args.concurrency / args.latency
    figures = {
        "leads": args.leads, "columns": len(COLUMNS), "concurrency": args.concurrency,
        "latency_s": args.latency, "cells": first.cells, "filled": first.filled,
        "failed": first.failed, "seconds": round(first.seconds, 2),
        "cells_per_second": round(first.cells_per_second, 1), "ideal_cells_per_second": ideal,
        "ratio": round(first.cells_per_second / ideal, 3),
        "rss_mb": {k: round(v, 1) for k, v in peaks.items()},
        "cost_usd": round(first.cost, 4), "rerun_model_calls": again.model_calls,
        "rerun_cached": again.cached, "rerun_seconds": round(again.seconds, 2),
    }  # fmt: skip
    print(json.dumps(figures, indent=2))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "columns.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

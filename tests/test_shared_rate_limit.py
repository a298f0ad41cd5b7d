"""The API Recherche d'entreprises allows 7 requests/s per IP: that must hold for the whole
machine, however many `filon` processes search at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from recherche_server import recherche_server

RATE = 7
PROCESSES = 4
SEARCHES = 5  # per process: 20 requests in all, which 7/s spreads over about 3 s

# Each process builds its source the way the CLI does, says it is ready, and fires its
# searches when the test says go: all at once, as shells running `filon search` together would.
SEARCHER = """
import asyncio, sys
from pathlib import Path
from agent.http import make_http_client
from agent.search.factory import build_company_source
from agent.settings import Settings
from store.search.query import CompanyQuery

async def main(ready, go, searches):
    settings = Settings(FILON_COMPANY_SOURCE="api")
    async with make_http_client(settings) as client:
        source = build_company_source(settings, None, client)
        ready.touch()
        while not go.exists():
            await asyncio.sleep(0.01)
        queries = [CompanyQuery(text="ondilab") for _ in range(searches)]
        await asyncio.gather(*(source.search(query) for query in queries))

asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
"""


def busiest_second(arrivals: list[float]) -> int:
    """The most requests that arrived within any one-second window."""
    arrivals = sorted(arrivals)
    most = 0
    for index, start in enumerate(arrivals):
        most = max(most, sum(1 for at in arrivals[index:] if at < start + 1.0))
    return most


def test_seven_requests_per_second_hold_across_processes(tmp_path: Path) -> None:
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{index}" for index in range(PROCESSES)]
    with recherche_server() as server:
        env = {**os.environ, "FILON_RECHERCHE_BASE_URL": server.base_url}
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", SEARCHER, str(flag), str(go), str(SEARCHES)],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for flag in ready
        ]
        give_up = time.monotonic() + 60
        while not all(flag.exists() for flag in ready) and time.monotonic() < give_up:
            time.sleep(0.01)
        go.touch()
        for process in processes:
            _, stderr = process.communicate(timeout=60)
            assert process.returncode == 0, stderr

    assert len(server.seen) == PROCESSES * SEARCHES
    arrivals = server.arrivals
    assert busiest_second(arrivals) <= RATE, [round(at - arrivals[0], 3) for at in arrivals]

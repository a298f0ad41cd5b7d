"""`filon ui` in a child process for the UI tests: a temporary FILON_HOME, a free port, no LLM
key and CI=true (Chainlit's CI mode fakes OPENAI_API_KEY: the UI must stay offline anyway),
the local store only, and the whole process group stopped at the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

FILON = Path(sys.executable).with_name("filon")
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class UiServer:
    """A running `filon ui`."""

    url: str
    port: int
    home: Path
    cwd: Path
    log: Path
    pid: int  # of `filon ui`, which leads its process group (Chainlit's process is in it)

    def output(self) -> str:
        """What `filon ui` and Chainlit printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """Kill `filon ui` and Chainlit at once (SIGKILL), as a crash or a power cut would."""
        with suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running_ui(
    folder: Path, *, host: str = "127.0.0.1", env: Mapping[str, str] | None = None
) -> Iterator[UiServer]:
    """Start `filon ui --host HOST` with FILON_HOME=folder/home from folder/cwd (and `env` on
    top of the test environment); stop it afterwards."""
    home, cwd, log = folder / "home", folder / "cwd", folder / "ui.log"
    cwd.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("FILON_", "OPENAI_", "CHAINLIT_"))
    }
    environment.update(
        FILON_HOME=str(home),
        FILON_COMPANY_SOURCE="local",
        FILON_RECHERCHE_BASE_URL="http://127.0.0.1:9",
        CI="true",
        **(env or {}),
    )
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(FILON), "ui", "--host", host, "--port", str(port)],
            cwd=cwd,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = UiServer(f"http://127.0.0.1:{port}", port, home, cwd, log, process.pid)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if process.poll() is not None:
                raise RuntimeError(f"filon ui exited with {process.returncode}:\n{server.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"filon ui did not listen within {START_TIMEOUT} s:\n{server.output()}"
                )
            time.sleep(0.2)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # filon ui forwards SIGTERM to Chainlit; make sure no grandchild outlives the test.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)

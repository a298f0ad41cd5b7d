"""Asking a mail server whether it would take mail for an address, without sending any.

One connection per check: greeting, EHLO (HELO when refused), MAIL FROM, a `RCPT TO` a random
address first (a server that accepts it is catch-all: its 250 proves nothing), then each
address in turn until one is accepted, then QUIT. DATA is never sent. Many networks block
port 25 and servers greylist strangers, so every failure becomes "unknown" with a reason,
within the timeout, and never an exception.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["accepted", "rejected", "unknown"]

# What may go into a command: no space, no control character, no angle bracket, so an address
# read from an imported file cannot smuggle a second command onto the line.
_SAFE = re.compile(r"^[!-~]+$")
_ADDRESS = re.compile(r"^[^<>@\s]+@[^<>@\s]+$")
_MAX_REPLY_LINES = 64


@dataclass(frozen=True, slots=True)
class SmtpVerdict:
    """What the server said of each address asked (absent: not asked), whether the domain is
    catch-all, and why the check stopped short (None when it went through)."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    catch_all: bool = False
    reason: str | None = None
    host: str | None = None

    def of(self, address: str) -> Outcome:
        """The outcome for one address ("unknown" when it was not asked)."""
        return self.outcomes.get(address, "unknown")


class _Stop(Exception):
    """The conversation ends here, for `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SmtpProbe:
    """RCPT TO verification against a domain's mail hosts (see the module docstring)."""

    def __init__(self, *, port: int = 25, timeout: float = 8.0, helo: str, sender: str) -> None:
        if not _SAFE.match(helo) or not (_SAFE.match(sender) and _ADDRESS.match(sender)):
            raise ValueError(
                f"SMTP helo {helo!r} / sender {sender!r}: expected a name and an address"
            )
        self.port = port
        self.timeout = timeout
        self._helo = helo
        self._sender = sender

    async def check(self, hosts: Sequence[str], addresses: Sequence[str]) -> SmtpVerdict:
        """Ask the first host that answers about `addresses` (same domain), in order."""
        asked = [a for a in addresses if _SAFE.match(a) and _ADDRESS.match(a)]
        if not asked or not hosts:
            return SmtpVerdict(reason="nothing to ask" if hosts else "no mail host")
        outcomes: dict[str, Outcome] = {}
        state: dict[str, str] = {}
        try:
            async with asyncio.timeout(self.timeout):
                reader, writer = await self._connect(hosts, state)
                try:
                    catch_all = await self._converse(reader, writer, asked, outcomes)
                finally:
                    writer.close()
            return SmtpVerdict(outcomes, catch_all=catch_all, host=state["host"])
        except _Stop as stop:
            reason = stop.reason
        except TimeoutError:
            reason = "timeout"
        except (OSError, EOFError, ValueError):  # reset, closed mid-reply, line too long
            reason = "connection lost"
        return SmtpVerdict(outcomes, reason=reason, host=state.get("host"))

    async def _connect(
        self, hosts: Sequence[str], state: dict[str, str]
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reason = f"port {self.port} unreachable"
        for host in hosts[:3]:
            try:
                # Half the time at most per host, so a silent first MX leaves time for the next.
                async with asyncio.timeout(self.timeout / 2):
                    reader, writer = await asyncio.open_connection(host, self.port)
            except TimeoutError:
                reason = f"port {self.port} timed out"
                continue
            except OSError:
                continue
            state["host"] = host
            return reader, writer
        raise _Stop(reason)

    async def _converse(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        addresses: list[str],
        outcomes: dict[str, Outcome],
    ) -> bool:
        """Run the conversation, filling `outcomes`; True when the domain is catch-all."""
        _expect_ok(await _reply(reader), "greeting")
        reply = await _command(reader, writer, f"EHLO {self._helo}")
        if reply[0] // 100 != 2:
            _expect_ok(await _command(reader, writer, f"HELO {self._helo}"), "HELO")
        _expect_ok(await _command(reader, writer, f"MAIL FROM:<{self._sender}>"), "MAIL FROM")
        domain = addresses[0].rpartition("@")[2]
        probe = f"filon-{secrets.token_hex(6)}@{domain}"
        if _outcome(await _command(reader, writer, f"RCPT TO:<{probe}>")) == "accepted":
            await _quit(reader, writer)
            return True
        for address in addresses:
            outcomes[address] = _outcome(await _command(reader, writer, f"RCPT TO:<{address}>"))
            if outcomes[address] == "accepted":
                break
        await _quit(reader, writer)
        return False


def _outcome(reply: tuple[int, str]) -> Outcome:
    """A RCPT reply: 250/251 accepted, 5xx rejected, 252 unknown (the server will not say);
    a temporary failure, or a refusal of us rather than of the address (enhanced status
    5.7.x, policy: a blocklisted network), ends the conversation."""
    code, text = reply
    _expect_not_temporary(code)
    if code in (250, 251):
        return "accepted"
    if code // 100 == 5 and text.startswith("5.7."):
        raise _Stop(f"refused by policy ({code} {text.split()[0]})")
    return "rejected" if code // 100 == 5 else "unknown"


def _expect_ok(reply: tuple[int, str], step: str) -> None:
    _expect_not_temporary(reply[0])
    if reply[0] // 100 != 2:
        raise _Stop(f"{step} refused ({reply[0]})")


def _expect_not_temporary(code: int) -> None:
    if code in (450, 451):
        raise _Stop("greylisted")
    if code // 100 == 4:
        raise _Stop(f"temporary failure ({code})")


async def _command(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, line: str
) -> tuple[int, str]:
    writer.write(line.encode("ascii") + b"\r\n")
    await writer.drain()
    return await _reply(reader)


async def _reply(reader: asyncio.StreamReader) -> tuple[int, str]:
    """The code and last line's text of one reply, read through its continuation lines
    ("250-…" up to "250 …")."""
    for _ in range(_MAX_REPLY_LINES):
        line = (await reader.readline()).decode("utf-8", "replace")
        if not line.endswith("\n"):
            raise EOFError("the server closed the connection")
        if not line[:3].isdigit():
            raise _Stop("not an SMTP server")
        if line[3:4] != "-":
            return int(line[:3]), line[4:].strip()
    raise _Stop("endless reply")


async def _quit(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        async with asyncio.timeout(1.0):
            await _command(reader, writer, "QUIT")
    except (TimeoutError, OSError, EOFError, ValueError, _Stop):
        pass  # the answers are in: a server that hangs up on QUIT changes nothing

"""A local DNS server and a local SMTP server for the pattern provider's tests: real sockets on
127.0.0.1, scripted answers, and a record of what they were asked.

The DNS server answers UDP queries from a dict ({"acme.fr": {"MX": ["10 localhost."]}}),
NXDOMAIN for names it does not know, SERVFAIL for names listed in `servfail`, and nothing at
all when `silent`. The SMTP server accepts the recipients in `accept` (or everyone when
`catch_all`), greylists with 451, or never says a word when `silent`.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


@dataclass
class FakeDns:
    """What the DNS server answers, and the queries it saw (name, type)."""

    records: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    servfail: set[str] = field(default_factory=set)
    silent: bool = False
    queries: list[tuple[str, str]] = field(default_factory=list)
    address: str = ""  # "127.0.0.1:port", as FILON_DNS_NAMESERVERS takes it

    def answer(self, wire: bytes) -> bytes | None:
        query = dns.message.from_wire(wire)
        question = query.question[0]
        name = question.name.to_text(omit_final_dot=True).lower()
        rdtype = dns.rdatatype.to_text(question.rdtype)
        self.queries.append((name, rdtype))
        if self.silent:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if name in self.servfail:
            response.set_rcode(dns.rcode.SERVFAIL)
        elif name not in self.records:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif self.records[name].get(rdtype):
            rrset = dns.rrset.from_text_list(
                question.name, 300, dns.rdataclass.IN, question.rdtype, self.records[name][rdtype]
            )
            response.answer.append(rrset)
        return response.to_wire()


@contextmanager
def dns_server(fake: FakeDns) -> Iterator[FakeDns]:
    """Serve `fake` over UDP on 127.0.0.1 (a random port) in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.05)
    fake.address = f"127.0.0.1:{sock.getsockname()[1]}"
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                wire, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            reply = fake.answer(wire)
            if reply is not None:
                sock.sendto(reply, peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        stopping.set()
        thread.join()
        sock.close()


@dataclass
class FakeSmtp:
    """What the SMTP server accepts, and every command line it received."""

    accept: set[str] = field(default_factory=set)
    catch_all: bool = False
    greylist: bool = False  # 451 to every RCPT TO
    silent: bool = False  # accepts the connection, then never answers
    no_ehlo: bool = False  # 502 to EHLO: the client must fall back to HELO
    reject_text: str = "5.1.1 No such user"
    commands: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def recipients(self) -> list[str]:
        """The addresses asked with RCPT TO, in order."""
        return [c[len("RCPT TO:<") : -1] for c in self.commands if c.startswith("RCPT TO:")]

    def reply(self, command: str) -> bytes:
        verb = command.split(" ", 1)[0].split(":", 1)[0].upper()
        if verb == "EHLO":
            if self.no_ehlo:
                return b"502 5.5.2 Command not recognized\r\n"
            return b"250-mx.test Hello\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        if verb in ("HELO", "MAIL"):
            return b"250 2.1.0 Ok\r\n"
        if verb == "RCPT":
            address = command[len("RCPT TO:<") : -1].lower()
            if self.greylist:
                return b"451 4.7.1 Greylisted, try again later\r\n"
            if self.catch_all or address in self.accept:
                return b"250 2.1.5 Ok\r\n"
            return f"550 {self.reject_text}\r\n".encode()
        if verb == "QUIT":
            return b"221 2.0.0 Bye\r\n"
        return b"354 End data with <CR><LF>.<CR><LF>\r\n" if verb == "DATA" else b"500 What?\r\n"


@asynccontextmanager
async def smtp_server(fake: FakeSmtp) -> AsyncIterator[FakeSmtp]:
    """Serve `fake` on 127.0.0.1 (a random port, in `fake.port`) in the running loop."""
    handlers: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        try:
            if fake.silent:
                await asyncio.Event().wait()  # until cancelled at the end of the test
            writer.write(b"220-mx.test ESMTP ready\r\n220 no UCE\r\n")
            while line := await reader.readline():
                command = line.decode().rstrip("\r\n")
                fake.commands.append(command)
                writer.write(fake.reply(command))
                await writer.drain()
                if command.upper() == "QUIT":
                    break
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    fake.port = server.sockets[0].getsockname()[1]
    try:
        yield fake
    finally:
        server.close()
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

"""The pattern provider against a real (local) DNS server and a real (local) SMTP server: MX
and A fallback, domains without mail, DNS and SMTP that fail or hang, catch-all domains,
greylisting, the known-address check, French names, and order under concurrency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from mail_servers import FakeDns, FakeSmtp, closed_port, dns_server, smtp_server

from agent.enrichment.mail import MailHosts, MailResolver
from agent.enrichment.ports import Finding, Target
from agent.enrichment.providers.pattern import PatternProvider
from agent.enrichment.smtp import SmtpProbe
from store.models import EmailStatus

RECORDS = {
    "acme.fr": {"MX": ["10 localhost."]},
    "multi.fr": {"MX": ["20 mx2.multi.fr.", "10 mx1.multi.fr.", "30 mx1.multi.fr."]},
    "nomx.fr": {"A": ["127.0.0.1"]},
    "nothing.fr": {"TXT": ['"v=spf1 -all"']},
    "null.fr": {"MX": ["0 ."]},
}


@pytest.fixture
def dns() -> Iterator[FakeDns]:
    with dns_server(FakeDns(records=RECORDS, servfail={"broken.fr"})) as fake:
        yield fake


@pytest.fixture
def resolver(dns: FakeDns) -> MailResolver:
    return MailResolver(nameservers=[dns.address], timeout=2.0)


@pytest.fixture
async def smtp() -> AsyncIterator[FakeSmtp]:
    async with smtp_server(FakeSmtp()) as fake:
        yield fake
    assert not [c for c in fake.commands if c.upper().startswith("DATA")], "DATA was sent"


def probe(port: int, timeout: float = 2.0) -> SmtpProbe:
    return SmtpProbe(port=port, timeout=timeout, helo="filon.test", sender="verify@filon.test")


def target(
    first: str = "Jean",
    last: str = "Dupont",
    domain: str | None = "acme.fr",
    email: str | None = None,
) -> Target:
    return Target(1, "123456789", first, last, "Acme", domain=domain, email=email)


async def find_one(provider: PatternProvider, one: Target) -> Finding:
    [finding] = await provider.find([one])
    assert finding.provider == "pattern" and finding.cost == 0.0
    return finding


# --- DNS ----------------------------------------------------------------------------------------


async def test_mx_found_gives_the_first_guess(resolver: MailResolver) -> None:
    finding = await find_one(PatternProvider(resolver=resolver), target())

    assert (finding.email, finding.status) == ("jean.dupont@acme.fr", EmailStatus.guessed)
    assert finding.note == "MX localhost; SMTP not asked"
    assert finding.found


async def test_mx_hosts_come_by_preference_once_each(resolver: MailResolver) -> None:
    assert await resolver.mail_hosts("Multi.FR.") == MailHosts(
        "ok", ("mx1.multi.fr", "mx2.multi.fr")
    )


async def test_no_mx_falls_back_to_the_domains_address(resolver: MailResolver) -> None:
    assert await resolver.mail_hosts("nomx.fr") == MailHosts("ok", ("nomx.fr",))
    finding = await find_one(PatternProvider(resolver=resolver), target(domain="nomx.fr"))
    assert (finding.email, finding.status) == ("jean.dupont@nomx.fr", EmailStatus.guessed)
    assert finding.note == "MX nomx.fr; SMTP not asked"


@pytest.mark.parametrize("domain", ["unknown.fr", "nothing.fr", "null.fr"])
async def test_a_domain_without_mail_gives_no_email(resolver: MailResolver, domain: str) -> None:
    assert await resolver.mail_hosts(domain) == MailHosts("no_mail")
    finding = await find_one(PatternProvider(resolver=resolver), target(domain=domain))
    assert finding.email is None and not finding.found
    assert finding.note == f"{domain} receives no email"


async def test_servfail_is_unknown_and_keeps_the_first_guess(resolver: MailResolver) -> None:
    assert await resolver.mail_hosts("broken.fr") == MailHosts("unknown")
    finding = await find_one(PatternProvider(resolver=resolver), target(domain="broken.fr"))
    assert (finding.email, finding.status) == ("jean.dupont@broken.fr", EmailStatus.unknown)
    assert finding.note == "DNS did not answer: unknown"


async def test_a_nameserver_that_swallows_queries_gives_unknown_in_time() -> None:
    with dns_server(FakeDns(records=RECORDS, silent=True)) as silent:
        resolver = MailResolver(nameservers=[silent.address], timeout=0.5)
        started = time.monotonic()
        finding = await find_one(PatternProvider(resolver=resolver), target())
        elapsed = time.monotonic() - started
    assert elapsed < 0.5 + 0.5
    assert (finding.email, finding.status) == ("jean.dupont@acme.fr", EmailStatus.unknown)
    assert "DNS did not answer" in (finding.note or "")


async def test_a_nameserver_nobody_runs_gives_unknown_in_time() -> None:
    resolver = MailResolver(nameservers=[f"127.0.0.1:{closed_port()}"], timeout=0.5)
    started = time.monotonic()
    assert await resolver.mail_hosts("acme.fr") == MailHosts("unknown")
    assert time.monotonic() - started < 0.5 + 0.5


async def test_answers_are_cached_per_domain(dns: FakeDns, resolver: MailResolver) -> None:
    await asyncio.gather(*(resolver.mail_hosts("acme.fr") for _ in range(5)))
    await resolver.mail_hosts("ACME.fr")
    await resolver.mail_hosts("nomx.fr")
    await resolver.mail_hosts("nomx.fr")

    assert dns.queries == [("acme.fr", "MX"), ("nomx.fr", "MX"), ("nomx.fr", "A")]


def test_nameservers_are_ip_addresses_with_an_optional_port() -> None:
    MailResolver(nameservers=["127.0.0.1", "127.0.0.1:5353", "::1", "[::1]:5353"])
    for wrong in ("dns.example", "127.0.0.1:port", "[::1]:99999"):
        with pytest.raises(ValueError, match="expected an IP address"):
            MailResolver(nameservers=[wrong])


# --- SMTP ---------------------------------------------------------------------------------------


async def test_the_accepted_candidate_is_verified(resolver: MailResolver, smtp: FakeSmtp) -> None:
    smtp.accept = {"j.dupont@acme.fr"}
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target())

    assert (finding.email, finding.status) == ("j.dupont@acme.fr", EmailStatus.verified)
    assert (
        finding.note == "rejected: jean.dupont@acme.fr, jdupont@acme.fr; accepted: j.dupont@acme.fr"
    )
    random, *asked = smtp.recipients
    assert random.startswith("filon-") and random.endswith("@acme.fr")
    assert asked == ["jean.dupont@acme.fr", "jdupont@acme.fr", "j.dupont@acme.fr"]
    assert smtp.commands[0] == "EHLO filon.test"
    assert smtp.commands[1] == "MAIL FROM:<verify@filon.test>"
    assert smtp.commands[-1] == "QUIT"


async def test_a_catch_all_domain_proves_nothing(resolver: MailResolver, smtp: FakeSmtp) -> None:
    smtp.catch_all = True
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target())

    assert (finding.email, finding.status) == ("jean.dupont@acme.fr", EmailStatus.catch_all)
    assert finding.note == "catch-all domain"
    assert len(smtp.recipients) == 1 and smtp.recipients[0].startswith("filon-")


async def test_every_candidate_rejected_gives_no_email(
    resolver: MailResolver, smtp: FakeSmtp
) -> None:
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target())

    assert finding.email is None and finding.note == "every candidate rejected"
    assert len(smtp.recipients) == 1 + PatternProvider.smtp_candidates == 7


async def test_greylisting_gives_unknown(resolver: MailResolver, smtp: FakeSmtp) -> None:
    smtp.greylist = True
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target())

    assert (finding.email, finding.status) == ("jean.dupont@acme.fr", EmailStatus.unknown)
    assert finding.note == "SMTP greylisted"


async def test_a_policy_refusal_rejects_us_not_the_address(
    resolver: MailResolver, smtp: FakeSmtp
) -> None:
    smtp.reject_text = "5.7.1 Client host blocked using zen.spamhaus.org"
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target())

    assert (finding.email, finding.status) == ("jean.dupont@acme.fr", EmailStatus.unknown)
    assert finding.note == "SMTP refused by policy (550 5.7.1)"


async def test_a_closed_port_gives_unknown_at_once(resolver: MailResolver) -> None:
    port = closed_port()
    provider = PatternProvider(resolver=resolver, smtp=probe(port, timeout=5.0))

    started = time.monotonic()
    finding = await find_one(provider, target())

    assert time.monotonic() - started < 1.0
    assert (finding.email, finding.status) == ("jean.dupont@acme.fr", EmailStatus.unknown)
    assert finding.note == f"SMTP port {port} unreachable"


async def test_a_server_that_never_answers_gives_unknown_in_time(
    resolver: MailResolver, smtp: FakeSmtp
) -> None:
    smtp.silent = True
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port, timeout=0.6))

    started = time.monotonic()
    finding = await find_one(provider, target())

    assert time.monotonic() - started < 0.6 + 0.5
    assert (finding.status, finding.note) == (EmailStatus.unknown, "SMTP timeout")


async def test_helo_when_ehlo_is_refused(smtp: FakeSmtp) -> None:
    smtp.no_ehlo, smtp.accept = True, {"jean.dupont@acme.fr"}

    verdict = await probe(smtp.port).check(["localhost"], ["jean.dupont@acme.fr", "jd@acme.fr"])

    assert verdict.outcomes == {"jean.dupont@acme.fr": "accepted"}
    assert (verdict.catch_all, verdict.reason, verdict.host) == (False, None, "localhost")
    assert smtp.commands[:3] == [
        "EHLO filon.test",
        "HELO filon.test",
        "MAIL FROM:<verify@filon.test>",
    ]


async def test_the_next_mx_when_the_first_refuses(smtp: FakeSmtp) -> None:
    smtp.accept = {"jean.dupont@acme.fr"}

    verdict = await probe(smtp.port).check(["127.0.0.2", "localhost"], ["jean.dupont@acme.fr"])

    assert verdict.outcomes == {"jean.dupont@acme.fr": "accepted"} and verdict.host == "localhost"


async def test_an_address_cannot_smuggle_a_command(smtp: FakeSmtp) -> None:
    verdict = await probe(smtp.port).check(["localhost"], ["x@acme.fr>\r\nDATA", "a b@acme.fr"])

    assert verdict.outcomes == {} and verdict.reason == "nothing to ask"
    assert smtp.commands == []


# --- the address already known -----------------------------------------------------------------


async def test_a_known_address_accepted_is_verified(resolver: MailResolver, smtp: FakeSmtp) -> None:
    smtp.accept = {"jdupont@acme.fr"}
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target(domain=None, email="JDupont@acme.fr"))

    assert (finding.email, finding.status) == ("jdupont@acme.fr", EmailStatus.verified)
    assert smtp.recipients[1:] == ["jdupont@acme.fr"]


async def test_a_known_address_rejected_is_invalid(resolver: MailResolver, smtp: FakeSmtp) -> None:
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))

    finding = await find_one(provider, target(email="jean.dupond@acme.fr"))

    assert (finding.email, finding.status) == ("jean.dupond@acme.fr", EmailStatus.invalid)
    assert not finding.found
    assert smtp.recipients[1:] == ["jean.dupond@acme.fr"]


async def test_a_known_address_without_smtp_stays_guessed(resolver: MailResolver) -> None:
    provider = PatternProvider(resolver=resolver)

    kept = await find_one(provider, target(email="jdupont@acme.fr"))
    dead = await find_one(provider, target(email="jdupont@unknown.fr"))

    assert (kept.email, kept.status) == ("jdupont@acme.fr", EmailStatus.guessed)
    assert (dead.email, dead.status) == ("jdupont@unknown.fr", EmailStatus.invalid)


# --- names, domains, many people ---------------------------------------------------------------


async def test_a_french_name_flows_through(resolver: MailResolver, smtp: FakeSmtp) -> None:
    guessed = await find_one(
        PatternProvider(resolver=resolver), target("Jean-François", "de La Tour")
    )
    assert guessed.email == "jean-francois.delatour@acme.fr"

    smtp.accept = {"jf.delatour@acme.fr"}
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port))
    verified = await find_one(provider, target("Jean-François", "de La Tour"))
    assert (verified.email, verified.status) == ("jf.delatour@acme.fr", EmailStatus.verified)
    assert smtp.recipients[1:] == [
        "jean-francois.delatour@acme.fr",
        "jeanfrancois.delatour@acme.fr",
        "jfdelatour@acme.fr",
        "jf.delatour@acme.fr",
    ]


async def test_no_domain_or_no_name_gives_no_email(resolver: MailResolver) -> None:
    provider = PatternProvider(resolver=resolver)
    no_domain, no_name = await provider.find([target(domain=None), target(first="—", last="42")])

    assert no_domain.email is None and no_domain.note == "no company domain"
    assert (
        no_name.email is None and no_name.note == "no address can be made from this name at acme.fr"
    )


async def test_many_people_come_back_in_order(resolver: MailResolver, smtp: FakeSmtp) -> None:
    smtp.accept = {"anne.martin@acme.fr", "lmoreau@acme.fr"}
    provider = PatternProvider(resolver=resolver, smtp=probe(smtp.port), concurrency=3)
    people = [
        target("Anne", "Martin"),
        target("Luc", "Moreau"),
        target("Paul", "Petit", domain="unknown.fr"),
        target("Zoé", "Roux", domain=None),
        target("Eve", "Blanc"),
    ]

    findings = await provider.find(people)

    assert [(f.email, f.status) for f in findings] == [
        ("anne.martin@acme.fr", EmailStatus.verified),
        ("lmoreau@acme.fr", EmailStatus.verified),
        (None, EmailStatus.unknown),
        (None, EmailStatus.unknown),
        (None, EmailStatus.unknown),
    ]
    assert findings[4].note == "every candidate rejected"


class SlowResolver(MailResolver):
    """Answers "ok" after a pause, counting the lookups in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.running = self.most = 0

    async def mail_hosts(self, domain: str) -> MailHosts:
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(0.02)
        self.running -= 1
        return MailHosts("ok", (f"mx.{domain}",))


async def test_concurrency_is_bounded() -> None:
    resolver = SlowResolver()
    provider = PatternProvider(resolver=resolver, concurrency=4)
    people = [target(domain=f"d{n}.fr") for n in range(20)]

    findings = await provider.find(people)

    assert [f.email for f in findings] == [f"jean.dupont@d{n}.fr" for n in range(20)]
    assert resolver.most == 4
    assert (provider.name, provider.batch_size, provider.cost) == ("pattern", 1, 0.0)

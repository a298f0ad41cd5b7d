"""Which Host and Origin headers the HTTP server answers: the SDK's DNS-rebinding protection,
always on.

A page of another site whose name was re-pointed at this machine (DNS rebinding) sends its own
name as Host, and a page sends its site as Origin: both are refused (421, 403) unless they name
this machine, the address the server listens on, or a name the team lists in
FILON_MCP_ALLOWED_HOSTS (the name clients use behind a proxy or on the LAN). Clients that are
not browsers send no Origin, which the SDK lets through.
"""

from __future__ import annotations

from collections.abc import Sequence

from mcp.server.transport_security import TransportSecuritySettings

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_ADDRESSES = ("0.0.0.0", "::")


def listens_everywhere(host: str) -> bool:
    """Whether `host` is every address of the machine (clients then use names Filon cannot
    guess)."""
    return host.strip().removeprefix("[").removesuffix("]") in WILDCARD_ADDRESSES


def transport_security(host: str, port: int, allowed: Sequence[str]) -> TransportSecuritySettings:
    """The Host and Origin headers answered: loopback names on any port, `host:port`, and the
    `allowed` names (`name` or `name:port`)."""
    bare = host.strip().removeprefix("[").removesuffix("]")
    own = f"[{bare}]" if ":" in bare else bare
    hosts: list[str] = [f"{name}:*" for name in LOOPBACK_NAMES]
    origins: list[str] = [f"http://{name}:*" for name in LOOPBACK_NAMES]
    if not listens_everywhere(host) and own not in LOOPBACK_NAMES:
        hosts.append(f"{own}:{port}")
        origins += [f"http://{own}:{port}", f"https://{own}:{port}"]
    for item in allowed:
        hosts.append(item)
        origins += [f"http://{item}", f"https://{item}"]
        if not _has_port(item):
            hosts.append(f"{item}:*")
            origins += [f"http://{item}:*", f"https://{item}:*"]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=list(dict.fromkeys(hosts)),
        allowed_origins=list(dict.fromkeys(origins)),
    )


def _has_port(item: str) -> bool:
    return item.rsplit("]", 1)[-1].count(":") == 1

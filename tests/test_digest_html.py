"""The weekly digest's HTML: self-contained (no URL, no script), every name escaped, charts
with their legends and phone-readable text, figures as the dashboard has them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from dashboard_store import ALICE, BRUNO, NOW, seed_dashboard
from sqlalchemy.engine import Engine

from agent.digest.charts import MIN_FONT
from agent.digest.html import digest_html
from agent.pipeline import build_dashboard
from store.users import remember_names

HOSTILE_REP = '</td><script>alert("rep")</script>'
HOSTILE_COMPANY = "<img src=x onerror=alert(1)> & Cie"


@pytest.fixture
def names() -> Iterator[None]:
    remember_names({ALICE: HOSTILE_REP, BRUNO: "Bruno <b>Petit</b>"})
    yield
    remember_names({})


@pytest.fixture
def page(engine: Engine, names: None) -> str:
    seed_dashboard(engine, name=HOSTILE_COMPANY)
    return digest_html(build_dashboard(engine, now=NOW, weeks=3), "fr")


def test_nothing_is_fetched_and_nothing_runs(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "http" not in page and "//" not in page, "no URL: not even the SVG namespace"
    assert "<script" not in page and "<img" not in page and "<link" not in page
    assert "href" not in page and "url(" not in page and "@import" not in page
    assert page.count("<svg") == 2 and page.count("<style>") == 1


def test_names_are_escaped_everywhere(page: str) -> None:
    assert "&lt;/td&gt;&lt;script&gt;alert(&quot;rep&quot;)&lt;/script&gt;" in page
    assert "Bruno &lt;b&gt;Petit&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; Cie" in page


def test_the_figures_and_the_dates(page: str) -> None:
    assert "<h1>Filon — point hebdomadaire du pipeline</h1>" in page
    assert "Établi le 18/11/2026 15:20 UTC, pour toute l&#x27;équipe" in page
    assert (
        "Du 16/11/2026 00:00 UTC au 18/11/2026 15:20 UTC, comparé au 09/11/2026 00:00 UTC" in page
    )
    assert "3 semaines complètes, de 2026-W44 (26/10/2026) à 2026-W46" in page
    assert "2 leads ouverts (nouveaux, MQL, SQL) sans changement d&#x27;étape ni contact" in page
    assert '<td class="n">48</td>' in page  # lead 6, idle for 48 days


def test_charts_have_legends_and_readable_text(page: str) -> None:
    for label in ("Nouveau", "MQL", "Gagné", "Nouveaux leads", "Perdus"):
        assert f">{label}</text>" in page
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', page)}
    assert min(sizes) >= MIN_FONT
    assert "W46</text>" in page  # the last week is named on the axis

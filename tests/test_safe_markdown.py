"""The allow-list Markdown sanitizer: what a rep reads keeps its text, emphasis, lists, tables,
code and links to the company directory or the companies' own sites; no image, HTML or link
elsewhere survives, however it is spelt. Each case is checked by rendering the output with a
CommonMark renderer (markdown-it) and by looking for every URL GFM would turn into a link."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from agent.artifacts import CompaniesArtifact, CompanyArtifact
from store.models import CompanyPublic
from ui.answer_stream import SafeAnswer, Update
from ui.render import render_artifact
from ui.safe_markdown import (
    DEFAULT_HOSTS,
    JOINER,
    code_block,
    is_allowed_url,
    link_hosts,
    sanitize_markdown,
)

EVIL = "https://evil.example"
SITE = "https://www.zorglub.fr"
ANNUAIRE = "https://annuaire-entreprises.data.gouv.fr/entreprise/552100554"


def _companies(*websites: str | None) -> CompaniesArtifact:
    return CompaniesArtifact(
        total=len(websites),
        query={},
        source="local",
        companies=[
            CompanyPublic(siren="552100554", name=f"C{i}", website=site)
            for i, site in enumerate(websites)
        ],
    )


def _company(website: str) -> CompanyArtifact:
    return CompanyArtifact(company=CompanyPublic(siren="552100554", name="C", website=website))


HOSTS = link_hosts([_companies(SITE)])
RENDERER = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
# What GFM links in plain text, after escapes and entities are decoded (mdast's own pattern).
GFM_LITERAL = re.compile(r"(?i)(https?://|www(?=\.))([-.\w]+)")

HOSTILE = [
    f"![p]({EVIL}/p.png?leak=1)",
    f"**Zorglub ![p]({EVIL}/p.png) Conseil**",
    f'![p]({EVIL}/p.png "title")',
    f"![p](<{EVIL}/p.png>)",
    f"![a][1]\n\n[1]: {EVIL}/ref.png",
    f"![a]\n\n[a]: {EVIL}/short.png",
    f"[a][1]\n\n[1]: {EVIL}/x",
    f'<img src="{EVIL}/tag.png">',
    f"<IMG SRC={EVIL}/tag.png>",
    f"<div>\n<img src={EVIL}/block.png>\n</div>",
    "<script>alert(1)</script>",
    f"<{EVIL}/auto>",
    f"<{EVIL.upper()}/AUTO>",
    f"{EVIL}/bare",
    "www.evil.example/www",
    "WWW.EVIL.EXAMPLE",
    f"({EVIL}/in-parens)",
    f"[x]({EVIL}/x)",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](//evil.example/protocol-relative)",
    f"[x]({ANNUAIRE.replace('https://', 'https://' + 'user@')})",
    "[x](https://annuaire-entreprises.data.gouv.fr@evil.example/)",
    "[x](https://annuaire-entreprises.data.gouv.fr.evil.example/)",
    f"[a [b] c]({EVIL}/nested)",
    f"[![i]({EVIL}/i.png)]({SITE})",
    f"[![i]({EVIL}/i.png)]({EVIL}/x)",
    f"![a ![b]({EVIL}/b.png)]({EVIL}/a.png)",
    f"&#33;&#91;a&#93;({EVIL}/entity.png)",
    f"&#x21;[a]({EVIL}/hex.png)",
    "https&#58;//evil.example/entity-colon",
    "https&colon;//evil.example/named-colon",
    "&amp;#58;https&amp;#58;//evil.example",
    "&lt;img src=x&gt;",
    "&#60;img src=https://evil.example/x.png&#62;",
    f"\\![a]({EVIL}/escaped-bang)",
    f"\\\\![a]({EVIL}/escaped-backslash.png)",
    "https\\://evil.example/escaped",
    f"`code` ![a]({EVIL}/after-code.png)",
    f"`![a]({EVIL}/in-code.png)`",
    f"``a`![b]({EVIL}/b.png)`",
    f"```\n![a]({EVIL}/fenced.png)\n```\n![b]({EVIL}/after-fence.png)",
    f"  ```\n![a]({EVIL}/indented-fence.png)\n```\n![b]({EVIL}/b.png)",
    f"![](x)```\n```\n![a]({EVIL}/made-fence.png)\n```",
    f"~~~\n![a]({EVIL}/tilde.png)\n~~~\n![b]({EVIL}/b.png)",
    f"- ```\n![a]({EVIL}/list-fence.png)\n```\n![b]({EVIL}/b.png)",
    f"> ```\n> ![a]({EVIL}/quote-fence.png)\n```\n![b]({EVIL}/b.png)",
    f"    ```\n![a]({EVIL}/trimmed-fence.png)\n```\n![b]({EVIL}/b.png)",
    f"&#96;&#96;&#96;\n![a]({EVIL}/entity-fence.png)\n```\n![b]({EVIL}/b.png)",
    f"| a | b |\n| --- | --- |\n| ![x]({EVIL}/cell.png) | [y]({EVIL}/y) |",
    f"[x]:\n{EVIL}/def-next-line.png\n\n![x]",
    f"[^1]\n\n[^1]: {EVIL}/footnote",
    f"![a](\n{EVIL}/newline-destination.png\n)",
    f"![a\nb]({EVIL}/two-line-alt.png)",
    f"!\n[a]({EVIL}/bang-newline)",
    f"[{SITE}]({EVIL}/label-is-allowed)",
    f"![x]({SITE}/logo.png)",  # an allowed host, but no image loads at all
    f"!{SITE}",
    f"![]({EVIL}/empty-alt.png)[x]({SITE})",
    f"[x]({SITE})![y]({EVIL}/y.png)",
    f"{EVIL}/\u00a0tail {EVIL}\u3000/ideographic-space",
    "\x00![a](https://evil.example/nul.png)",
    "[" * 60 + f"x]({EVIL}/deep)" + ")" * 60,
]


def _texts(markdown: str) -> list[str]:
    """The text runs GFM looks for URLs in: decoded (escapes, entities), code left out."""
    tokens = RENDERER.parse(markdown)
    return [c.content for t in tokens for c in t.children or [] if c.type == "text"]


def _assert_safe(output: str, hosts: frozenset[str] = HOSTS) -> None:
    rendered = RENDERER.render(output)
    assert "<img" not in rendered.lower(), rendered
    assert not re.search(
        r"<(?!/?(p|em|strong|a|code|pre|ul|ol|li|h\d|br|hr|table|thead|tbody|tr|th|td|blockquote|s|del)\b)",
        rendered,
    ), rendered
    for href in re.findall(r'href="([^"]*)"', rendered):
        assert is_allowed_url(html.unescape(href), hosts), href
    for text in _texts(output):
        for scheme, domain in GFM_LITERAL.findall(text):
            assert domain.lower().rstrip(".") in hosts, f"GFM would link {scheme}{domain}"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_image_html_or_outside_link_survives(hostile: str) -> None:
    output = sanitize_markdown(hostile, HOSTS)
    _assert_safe(output)
    assert sanitize_markdown(output, HOSTS) == output, "sanitizing twice changes nothing"
    for size in range(1, len(hostile)):  # an answer cut anywhere while it streams
        _assert_safe(sanitize_markdown(hostile[:size], HOSTS))


def test_images_leave_their_alt_text_as_plain_text() -> None:
    assert sanitize_markdown(f"**Zorglub ![logo *x*]({EVIL}/p.png?leak=1) Conseil**") == (
        "**Zorglub logo \\*x\\* Conseil**"
    )
    assert sanitize_markdown(f"![a][1]\n\n[1]: {EVIL}/p.png") == (
        f"a\n\n\\[1\\]: https:{JOINER}//evil.example/p.png"
    )


def test_links_stay_only_to_allowed_hosts() -> None:
    text = f'voir [le site]({SITE}) et [ça]({EVIL}/x), [fiche]({ANNUAIRE} "titre")'
    assert sanitize_markdown(text, HOSTS) == (f"voir [le site]({SITE}) et ça, [fiche]({ANNUAIRE})")
    assert sanitize_markdown(f"[le site]({SITE})") == "le site", "not a company of the turn"
    assert sanitize_markdown(f"[a [b] c]({SITE})", HOSTS) == f"[a \\[b\\] c]({SITE})"
    assert sanitize_markdown("[x](javascript:alert(1))") == "x"


def test_urls_elsewhere_stay_readable_but_cannot_become_links() -> None:
    output = sanitize_markdown(f"Voir {EVIL}/page, www.evil.example et <{EVIL}/auto>.")
    assert output.replace(JOINER, "") == (f"Voir {EVIL}/page, www.evil.example et \\<{EVIL}/auto>.")
    kept = f"Site web : {SITE}\n- Annuaire : {ANNUAIRE}\n- <{ANNUAIRE}>"
    assert (
        sanitize_markdown(kept, HOSTS)
        == f"Site web : {SITE}\n- Annuaire : {ANNUAIRE}\n- {ANNUAIRE}"
    )


def test_html_shows_as_text() -> None:
    assert sanitize_markdown('<img src="x"> & <b>') == '\\<img src="x"> \\& \\<b>'
    assert sanitize_markdown("&lt;b&gt; &eacute;") == "\\<b\\> é"


def test_ordinary_answers_keep_their_formatting() -> None:
    answer = (
        "## 3 entreprises\n\n"
        "- **ACME** — Lyon, 50 à 99 salariés (SIREN 123456789)\n"
        "- _Bénard_ ~~fermée~~ : `62.02A`\n\n"
        "1. un\n2. deux\n\n> cité\n\nBonjour ! R&D, 3 < 4 et \\*pas gras\\*"
    )
    output = sanitize_markdown(answer)
    rendered = RENDERER.render(output)
    for tag in ("<h2>", "<strong>ACME</strong>", "<em>Bénard</em>", "<s>fermée</s>", "<ol>"):
        assert tag in rendered
    assert "<code>62.02A</code>" in rendered and "<blockquote>" in rendered
    assert "Bonjour ! R&amp;D, 3 &lt; 4 et *pas gras*" in rendered


def test_fenced_code_is_kept_verbatim() -> None:
    code = f"```python\nx = '![a]({EVIL})' < 3\n```\nfin"
    assert sanitize_markdown(code) == code
    # a backtick in the info string: no fence (GFM agrees), so the next ``` opens one
    assert sanitize_markdown("```py thon`\n![a](x)\n```") == "\\```py thon`\na\n```"


def test_artifact_tables_carry_plain_text_and_allowed_links_only() -> None:
    record = CompanyPublic(
        siren="552100554",
        name=f"Zorglub {EVIL}/x ![p]({EVIL}/p.png) <img src=x>",
        city="LYON",
        url=ANNUAIRE,
    )
    elsewhere = record.model_copy(update={"siren": "552100555", "url": f"{EVIL}/record"})
    rendered = render_artifact(
        CompaniesArtifact(total=2, query={}, source="local", companies=[record, elsewhere]),
        "fr",
        result_id="r",
    )
    assert rendered is not None
    first, second = rendered.tables[0].props("fr")["rows"]
    assert first["cells"]["name"] == record.name, "plain text, for a text node: never parsed"
    assert first["link"] == ANNUAIRE and second["link"] is None
    # The element puts cells in text nodes and links only https addresses.
    element = (Path(__file__).parents[1] / "ui/assets/public/elements/DataTable.jsx").read_text()
    assert "dangerouslySetInnerHTML" not in element and "innerHTML" not in element
    assert element.count("href=") == 1 and 'startsWith("https://")' in element


def test_link_hosts_are_the_directory_and_the_turn_companies_sites() -> None:
    artifacts = [
        _companies("https://acme.fr/", None),
        _company("http://www.bénard.fr"),
        _company("javascript:alert(1)"),
    ]
    assert link_hosts(artifacts) == DEFAULT_HOSTS | {"acme.fr", "www.acme.fr"}


def test_code_blocks_cannot_be_closed_from_inside() -> None:
    block = code_block("a\n````\n![x](https://evil.example)\n```")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    assert "<img" not in RENDERER.render(block)
    assert sanitize_markdown(block) == block


def test_a_streamed_answer_is_safe_at_every_token() -> None:
    answer = SafeAnswer()
    answer.allow([_companies(SITE)])
    shown = ""
    tokens = ["Voici **Zorglub ", "![p](https://ev", "il.example/p.png)", "** : [site](", SITE, ")"]
    for token in tokens:
        update = answer.add(token)
        if update is not None:
            shown = update.token if update.is_sequence else shown + update.token
        _assert_safe(shown)
        assert shown == sanitize_markdown(answer.raw, answer.hosts)
    assert shown == f"Voici **Zorglub p** : [site]({SITE})"
    assert answer.final("unused") == shown
    assert SafeAnswer().final(f"![x]({EVIL}/x.png)") == "x"


def test_a_streamed_answer_sends_only_the_new_tail_when_it_can() -> None:
    answer = SafeAnswer()
    assert answer.add("Bonjour") == Update("Bonjour", is_sequence=False)
    assert answer.add(" à vous") == Update(" à vous", is_sequence=False)
    assert answer.add("") is None
    assert answer.add(" ![") == Update(" \\!\\[", is_sequence=False)
    assert answer.add("x](u)") == Update("Bonjour à vous x", is_sequence=True)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 40])
def test_a_streamed_answer_shows_what_sanitizing_it_whole_shows(size: int) -> None:
    text = (
        "## Résultats\n\n- **ACME ![x](https://evil.example/x.png)** [fiche](" + ANNUAIRE + ")\n"
        "  \n[a\n\nb](https://evil.example) ```\n```\n![in](code)\n\n```\n\n![y](z) \r\n\r\n"
        "~~~\n  ~~~\n\n<https://evil.example>\n\n\\\n\n&#33;[e](x)\n\n" + "fin " * 20
    )
    answer = SafeAnswer()
    shown = ""
    for start in range(0, len(text), size):
        update = answer.add(text[start : start + size])
        if update is not None:
            shown = update.token if update.is_sequence else shown + update.token
        assert shown == sanitize_markdown(answer.raw)
    assert shown == sanitize_markdown(text) == answer.final("")

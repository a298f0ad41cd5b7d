"""Data in Slack's mrkdwn shows as typed: a company name can neither notify a channel, nor
become a link, nor format the message; the chat's Markdown answers keep their meaning."""

from __future__ import annotations

from hostile_company import EVIL_HOST
from hostile_company import NAME as HOSTILE

from agent.i18n import md
from agent.slack.mrkdwn import ZWSP, code_text, escape, markdown_to_mrkdwn

SLACK_ATTACK = (
    "<!channel> <!here|here> <@U0BOSS> @everyone *Gratuit* _vite_ ~barré~ `code` "
    f"<https://{EVIL_HOST}/x|Cliquez ici> ```fin``` > citation & Cie"
)


def _visible(text: str) -> str:
    """What a person reads: entities decoded, zero-width spaces gone."""
    return text.replace(ZWSP, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _no_slack_syntax(text: str) -> None:
    """No mention, link or formatting Slack would read in `text` (plain data)."""
    assert "<" not in text and ">" not in text  # no <!channel>, <@U…>, <url|label>
    for mark in "*_~`":
        for index, char in enumerate(text):
            if char == mark:
                before, after = text[index - 1 : index], text[index + 1 : index + 2]
                assert (before.isalnum() and after.isalnum()) or ZWSP in (before, after)
    assert "@channel" not in text and "@here" not in text and "@everyone" not in text


def test_hostile_names_escaped_show_as_typed_and_do_nothing() -> None:
    for name in (SLACK_ATTACK, HOSTILE):
        escaped = escape(name)
        _no_slack_syntax(escaped)
        assert _visible(escaped) == name


def test_letters_around_an_underscore_keep_it_plain() -> None:
    assert escape("jean_dupont@acme.fr") == "jean_dupont@acme.fr"
    assert escape("S.A.R.L. Dupont & Fils") == "S.A.R.L. Dupont &amp; Fils"
    assert escape("_x_") == f"{ZWSP}_{ZWSP}x{ZWSP}_{ZWSP}"


def test_a_code_block_cannot_be_closed_by_data() -> None:
    assert "```" not in code_text("a ``` b")
    assert code_text("<!channel> & co") == "&lt;!channel&gt; &amp; co"


def test_an_answer_built_with_escaped_data_says_the_data_literally() -> None:
    answer = md(
        "dashboard.answer.stale_lead",
        "fr",
        company=SLACK_ATTACK,
        stage="MQL",
        name="Alice Martin",
        days=21,
    )
    mrkdwn = markdown_to_mrkdwn(answer)
    assert _visible(mrkdwn).startswith(SLACK_ATTACK)
    assert "<" not in mrkdwn and "@channel" not in mrkdwn and "@everyone" not in mrkdwn


def test_markdown_formatting_becomes_slacks() -> None:
    markdown = (
        "# Résultats\n"
        "48 entreprises ; voici les **10 premières** :\n\n"
        "- **Groupe Giraud** — Lyon 2e, *ESN*\n"
        "1. ~~ancienne~~ nouvelle\n"
        "> une citation\n"
        "Voir [la fiche](https://annuaire-entreprises.data.gouv.fr/entreprise/552100554?a=1&b=2)"
        " ou `filon digest`, et <https://example.org/x>.\n"
        "---"
    )
    assert markdown_to_mrkdwn(markdown).split("\n") == [
        "*Résultats*",
        "48 entreprises ; voici les *10 premières* :",
        "",
        "• *Groupe Giraud* — Lyon 2e, _ESN_",
        "1. ~ancienne~ nouvelle",
        ">une citation",
        "Voir <https://annuaire-entreprises.data.gouv.fr/entreprise/552100554?a=1&amp;b=2|la fiche>"
        " ou `filon digest`, et <https://example.org/x|https://example.org/x>.",
        "──────────",
    ]


def test_only_web_and_mail_addresses_become_links() -> None:
    assert markdown_to_mrkdwn("[écrire](mailto:a@b.fr)") == "<mailto:a@b.fr|écrire>"
    assert "<" not in markdown_to_mrkdwn("[x](javascript:alert(1)) [y](slack://open)")
    assert markdown_to_mrkdwn("![logo](https://evil.example/p.png)") == "logo"


def test_a_markdown_table_and_a_fence_become_monospaced_blocks() -> None:
    table = "| Nom | Leads |\n|---|---:|\n| Alice & Co | 12 |\n| Bruno | 3 |"
    assert markdown_to_mrkdwn(table) == (
        "```\nNom         Leads\nAlice &amp; Co  12\nBruno       3\n```"
    )
    fenced = "```python\nprint('<b>')\n```"
    assert markdown_to_mrkdwn(fenced) == "```\nprint('&lt;b&gt;')\n```"

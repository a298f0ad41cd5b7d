"""Markdown read back as plain terminal text: the escapes a renderer drops are dropped, code
spans and the rest stay as written, also when the text streams in pieces."""

from __future__ import annotations

import pytest

from agent.i18n.markdown import PlainText, escape_markdown, unescape_markdown


@pytest.mark.parametrize(
    "value",
    [
        "HUBSPOT_TOKEN",
        "+33 6 12 34 56 78",
        "[ignore] *this* <b>",
        "- 1. # Titre",
        "https://www.acme.fr",
        "C:\\dossier\\fichier",
        "a \\ alone",
    ],
)
def test_what_was_escaped_reads_as_typed(value: str) -> None:
    assert unescape_markdown(escape_markdown(value)) == value


def test_code_spans_and_emphasis_stay_as_written() -> None:
    text = "lancez `filon digest --html a\\_b` pour **HUBSPOT\\_TOKEN** \\(voir\\)"
    assert (
        unescape_markdown(text)
        == "lancez `filon digest --html a\\_b` pour **HUBSPOT_TOKEN** (voir)"
    )


def test_a_backslash_at_the_end_of_a_piece_waits_for_the_next() -> None:
    plain = PlainText()
    pieces = ["appelez le \\", "+33 1 23", " `code\\", "_x` fin \\"]
    shown = "".join(plain.feed(piece) for piece in pieces) + plain.end()
    assert shown == "appelez le +33 1 23 `code\\_x` fin \\"

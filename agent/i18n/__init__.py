"""What users read, in French and English: one catalogue for the UI, the offline answers, the
CLI and error messages.

    t("cli.store_locked", "fr")                       plain text (terminal, CSV, logs)
    md("search.found", "en", count=3, name=name)      Markdown, every str value escaped

The texts live in `messages/<area>.toml`, one table per key with `fr` and `en` entries; a key
whose text depends on a count has `one`/`other` forms and names the count in `plural`
(default `count`). Placeholders take a format: `{n:n}` a number (12 345 / 12,345),
`{p:pct}` a percentage, `{d:date}` a date (30/11/2026 / 30 Nov 2026), `{x:q}` a quoted
phrase (« x » / “x”).
"""

from agent.i18n.catalogue import (
    LANGUAGES,
    Language,
    Markdown,
    catalogue_keys,
    md,
    plural_form,
    t,
)
from agent.i18n.formats import format_date, format_number, format_percent, quote

__all__ = [
    "LANGUAGES",
    "Language",
    "Markdown",
    "catalogue_keys",
    "format_date",
    "format_number",
    "format_percent",
    "md",
    "plural_form",
    "quote",
    "t",
]

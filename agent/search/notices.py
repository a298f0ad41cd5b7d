"""What a search tells the rep besides its results, as data: a code and its values.

A source or the search service attaches `Notice`s to its page; whoever shows the page words
them in the reader's language through the catalogue (`agent/i18n/messages/search.toml`):
the offline answers and the CLI in the user's language, the tool's text for the LLM in English.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agent.i18n import Language, md, quote, t

NoticeCode = Literal[
    "name_match",  # companies named like the request come first; the parsed reading differs
    "dropped_words",  # words no company matched together with the filters were set aside
    "band_straddles",  # an INSEE headcount band reaches outside the asked range
    "business_park",  # a business park or technopole was searched as its communes
    "foreign_place",  # a place abroad was set aside: the registry holds French companies only
    "offline",  # the public API was unreachable: local store only
    "api_busy",  # the public API kept answering "too many requests": local store only
    "api_too_vague",  # the public API needs more text or a filter: local store only
    "api_malformed",  # the public API answered something unusable: local store only
    "invalid_sirens",  # results whose SIREN fails its check digit were left out: count
    "signals_local",  # signals are in the store only: a search on them asks the store
    "source_note",  # a source's own remark, as it gave it (English)
]
NoticeValue = str | int | list[str] | None


class Notice(BaseModel):
    """One thing the rep should know about a page of results."""

    code: NoticeCode
    values: dict[str, NoticeValue] = Field(default_factory=dict)


def notice_text(notice: Notice, language: Language, *, markdown: bool = False) -> str:
    """The notice as one sentence in `language`: plain text, or Markdown with data escaped."""
    say = md if markdown else t
    values = notice.values
    match notice.code:
        case "name_match":
            key = "name_match" if values.get("named") == 1 else "name_match_several"
            return say(
                f"search.notice.{key}",
                language,
                name=str(values.get("name", "")),
                siren=str(values.get("siren", "")),
                named=_int(values, "named") or 0,
                others=_int(values, "others") or 0,
                words=_quoted(values.get("words"), language),
            )
        case "dropped_words":
            words = values.get("words") or []
            key = "dropped_words" if isinstance(words, list) and len(words) > 1 else "dropped_word"
            return say(f"search.notice.{key}", language, words=_quoted(words, language))
        case "band_straddles":
            return say(
                "search.notice.band_straddles",
                language,
                band=people_range(_int(values, "band_min"), _int(values, "band_max"), language),
                asked=people_range(_int(values, "asked_min"), _int(values, "asked_max"), language),
            )
        case "business_park":
            communes = values.get("communes") or []
            return say(
                "search.notice.business_park",
                language,
                place=str(values.get("place", "")),
                communes=_and(communes if isinstance(communes, list) else [], language),
            )
        case "foreign_place":
            places = values.get("places") or []
            key = (
                "foreign_places"
                if isinstance(places, list) and len(places) > 1
                else "foreign_place"
            )
            return say(f"search.notice.{key}", language, places=_quoted(places, language))
        case "invalid_sirens":
            return say("search.notice.invalid_sirens", language, count=_int(values, "count") or 0)
        case "source_note":
            return say("search.notice.source_note", language, text=str(values.get("text", "")))
    return say(f"search.notice.{notice.code}", language)


def people_range(low: int | None, high: int | None, language: Language) -> str:
    """`50 à 200 salariés`, `au moins 10 salariés`, `at most 49 employees`…"""
    if low is not None and high is not None:
        if low == high:
            return t("search.range.exactly", language, count=low)
        return t("search.range.between", language, low=low, high=high)
    if low is not None:
        return t("search.range.at_least", language, count=low)
    if high is not None:
        return t("search.range.at_most", language, count=high)
    return t("search.range.any", language)


def _int(values: dict[str, NoticeValue], name: str) -> int | None:
    value = values.get(name)
    return value if isinstance(value, int) else None


def _quoted(words: NoticeValue, language: Language) -> str:
    items = words if isinstance(words, list) else [str(words or "")]
    return ", ".join(quote(word, language) for word in items)


def _and(items: list[str], language: Language) -> str:
    """`Valbonne, Biot et Antibes`, `Valbonne, Biot and Antibes`."""
    if len(items) < 2:
        return "".join(items)
    return t("search.list.and", language, rest=", ".join(items[:-1]), last=items[-1])

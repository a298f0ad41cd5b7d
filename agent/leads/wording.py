"""What giving a list away did, worded once for the chat's answers, the web UI and `filon lists
assign`: whose leads moved when they were not only the previous owner's, what was given back to
whom, and the leads that stayed with their owners (with how to give those too)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from agent.artifacts import ListChangeArtifact
from agent.i18n import Language, md
from store.users import display_name

Render = Callable[..., str]


def assignment_notes(
    transfers: Sequence[tuple[str | None, str | None, int]],
    kept: Mapping[str | None, int],
    *,
    owner: str | None,
    previous_owner: str | None,
    given_back: bool,
    language: Language,
    render: Render = md,
    terminal: bool = False,
) -> list[str]:
    """The sentences after "the list now belongs to X": `transfers` are (from, to, leads),
    `kept` the leads left with others than the new owner. `render` is `md` for Markdown, `t`
    for a terminal (`terminal`: the hint names `--all-leads` rather than a chat request)."""
    notes: list[str] = []
    if given_back and transfers:
        back = _counts([(to, count) for _from, to, count in transfers])
        notes.append(render("leads.assign.given_back", language, counts=back))
    teammates = [(held, count) for held, _to, count in transfers if held != previous_owner]
    if teammates and not given_back:
        notes.append(render("leads.assign.teammates", language, counts=_counts(teammates)))
    left = sum(kept.values())
    if left:
        notes.append(
            render(
                "leads.assign.kept_cli" if terminal else "leads.assign.kept",
                language,
                count=left,
                counts=_counts(list(kept.items())),
                owner=display_name(owner) or owner or "",
            )
        )
    return notes


def change_notes(artifact: ListChangeArtifact, language: Language) -> list[str]:
    """A reassignment's notes (`assignment_notes`) from what the tool handed to UIs."""
    return assignment_notes(
        [(move.from_owner, move.to_owner, move.leads) for move in artifact.transfers],
        {owner or None: count for owner, count in artifact.kept.items()},
        owner=artifact.list.owner,
        previous_owner=artifact.previous_owner,
        given_back=artifact.given_back,
        language=language,
    )


def _counts(pairs: Sequence[tuple[str | None, int]]) -> str:
    """ "Alice Martin 11, David Roux 12": people and their leads, the most first."""
    totals: dict[str | None, int] = {}
    for who, count in pairs:
        totals[who] = totals.get(who, 0) + count
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0] or ""))
    return ", ".join(f"{display_name(who) or '—'} {count}" for who, count in ordered)

"""A run of the waterfall in a few sentences, in the rep's language: what the CLI prints
under its table and the UI under the contacts of a run."""

from __future__ import annotations

from agent.artifacts import EnrichmentSummary
from agent.i18n import Language, t


def summary_lines(summary: EnrichmentSummary, language: Language) -> list[str]:
    """The summary of a run in a few sentences (the CLI's and the UI's)."""
    lines = [
        t(
            "enrich.summary",
            language,
            contacts=summary.contacts,
            found=summary.found,
            verified=summary.verified,
            catch_all=summary.catch_all,
            already=summary.already,
        )
    ]
    if any(summary.calls.values()) or any(summary.cached.values()):
        calls = ", ".join(
            f"{name} {summary.calls.get(name, 0)}"
            + (
                " " + t("enrich.cached", language, count=summary.cached[name])
                if summary.cached.get(name)
                else ""
            )
            for name in dict.fromkeys([*summary.calls, *summary.cached])
        )
        lines.append(t("enrich.calls", language, calls=calls, cost=f"{summary.total_cost:g}"))
    elif summary.contacts == 0:  # nobody holds the roles asked: nothing was looked up
        lines.append(t("enrich.no_one_asked", language))
    else:
        lines.append(t("enrich.no_calls", language))
    if summary.budget_reached and summary.budget is not None:
        lines.append(
            t(
                "enrich.budget_reached",
                language,
                budget=f"{summary.budget:g}",
                left=summary.over_budget,
            )
        )
    for provider, reason in summary.stopped.items():
        lines.append(t(f"enrich.stopped.{reason}", language, provider=provider))
    if summary.missing_key:
        lines.append(t("enrich.missing_key", language, providers=", ".join(summary.missing_key)))
    if summary.no_domain:
        by_name = {"hunter", "dropcontact"} - set(summary.providers)
        key = "enrich.no_domain_providers" if by_name else "enrich.no_domain"
        names = ", ".join(summary.no_domain[:5])
        lines.append(t(key, language, count=len(summary.no_domain), companies=names))
    return lines

"""A run of `enrich` as the artifact UIs and `--json` read: the people as stored after it
(shown as `find_decision_makers` shows them), how the run went for each, and its summary."""

from __future__ import annotations

from agent.artifacts import EnrichmentArtifact, PersonRun, TrailStep
from agent.contacts.items import contacts_artifact
from agent.enrichment.runs import EnrichReport


def enrichment_artifact(report: EnrichReport) -> EnrichmentArtifact:
    """The artifact of one run."""
    people = contacts_artifact(report.after)
    return EnrichmentArtifact(
        run_id=report.run_id,
        roles=people.roles,
        list_name=people.list_name,
        companies=people.companies,
        runs=[
            PersonRun(
                contact_id=contact.contact_id,
                outcome=contact.outcome,
                trail=[TrailStep.model_validate(step) for step in contact.trail],
            )
            for contact in report.contacts
        ],
        summary=report.summary,
        others=contacts_artifact(report.others).companies if report.others else [],
    )

"""What the offline model knows of a conversation: the request, its language, earlier results."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)

from agent.artifacts import (
    AIColumnsArtifact,
    Artifact,
    CompaniesArtifact,
    CompanyArtifact,
    ContactsArtifact,
    EnrichmentArtifact,
    ExportArtifact,
    LeadListArtifact,
    LeadListsArtifact,
    LeadsArtifact,
    ListChangeArtifact,
    OptOutArtifact,
    PipelineArtifact,
    QualificationArtifact,
    ScoresArtifact,
    SignalsArtifact,
    StageChangeArtifact,
    StaleLeadsArtifact,
    TrendsArtifact,
    read_artifact,
)
from agent.llm.language import Language, reply_language
from agent.tools.failures import Refusal, read_refusal
from store.models import CompanyPublic

# Where the offline model keeps, on its own messages, what a later turn needs: a question it
# asked (`pending`: the rep's next message completes that request) or the next step of a
# plan (`then`). Response metadata is saved with the thread and never sent to an LLM.
MEMO_KEY = "filon"
STAGE_TOOL = "set_lead_stage"
_USER_LINE = re.compile(r"(?:Utilisateur|User)\s*:\s*(?P<user>[a-z0-9][a-z0-9._@-]*)")


@dataclass
class Conversation:
    """The messages so far, the tools bound to the model (name → JSON schema) and today."""

    messages: Sequence[BaseMessage]
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)
    today: date | None = None

    @cached_property
    def last_human(self) -> str:
        """The text of the last human message ("" when there is none)."""
        for message in reversed(self.messages):
            if isinstance(message, HumanMessage):
                return message.text
        return ""

    @cached_property
    def user(self) -> str | None:
        """The login of the person talking, as the system prompt says it (None without one)."""
        for message in self.messages:
            if isinstance(message, SystemMessage):
                found = _USER_LINE.search(message.text)
                return found["user"] if found else None
        return None

    @cached_property
    def language(self) -> Language:
        """The language of the rep's last message, or of their earlier ones when it says too
        little to tell; French by default."""
        return reply_language(self.messages)

    @cached_property
    def previous_companies(self) -> list[CompanyPublic]:
        """The companies of the most recent "companies" result, in order (empty if none)."""
        search = self.previous_search
        return list(search.companies) if search is not None else []

    @cached_property
    def memo(self) -> dict[str, Any] | None:
        """The memo of the model's last answer before the current request (a pending question)."""
        seen_human = False
        for message in reversed(self.messages):
            if isinstance(message, HumanMessage):
                if seen_human:
                    return None
                seen_human = True
            elif isinstance(message, AIMessage) and seen_human:
                memo = message.response_metadata.get(MEMO_KEY)
                return memo if isinstance(memo, dict) else None
        return None

    @cached_property
    def memo_of_calls(self) -> dict[str, Any] | None:
        """The memo of the model message whose tool calls the trailing results answer."""
        for message in reversed(self.messages):
            if isinstance(message, AIMessage):
                memo = message.response_metadata.get(MEMO_KEY)
                return memo if isinstance(memo, dict) else None
        return None

    def memo_of_latest_call(self, tool: str) -> dict[str, Any] | None:
        """The memo of the model message that last called `tool` (None: no such call, or no
        memo): what that call was made for ("stages:lost+disqualified")."""
        for message in reversed(self.messages):
            if isinstance(message, AIMessage) and any(
                c["name"] == tool for c in message.tool_calls
            ):
                memo = message.response_metadata.get(MEMO_KEY)
                return memo if isinstance(memo, dict) else None
        return None

    @cached_property
    def previous_search(self) -> CompaniesArtifact | None:
        """The most recent search the rep saw (its query, page and companies); a rank fetched
        on the way to a company's card ("la 30ème") is not one."""
        steps = {
            call["id"]: message.response_metadata.get(MEMO_KEY)
            for message in self.messages
            if isinstance(message, AIMessage)
            for call in message.tool_calls
        }
        for message in reversed(self.messages):
            if not isinstance(message, ToolMessage) or message.status == "error":
                continue
            artifact = read_artifact(message.artifact)
            memo = steps.get(message.tool_call_id)
            fetched_on_the_way = bool(memo and memo.get("then") == "details")
            past_the_end = isinstance(artifact, CompaniesArtifact) and (
                artifact.total > 0 and not artifact.companies
            )
            if isinstance(artifact, CompaniesArtifact) and not (fetched_on_the_way or past_the_end):
                return artifact
        return None

    @cached_property
    def abroad_query(self) -> dict[str, Any] | None:
        """The search declined for its foreign place since the last search ("ESN à
        Bruxelles"): what "et à Lille alors" asks again, in France; None otherwise."""
        for message in reversed(self.messages):
            if not isinstance(message, AIMessage):
                continue
            if any(call["name"] == "search_companies" for call in message.tool_calls):
                return None
            memo = message.response_metadata.get(MEMO_KEY) or {}
            query = memo.get("abroad_query")
            if isinstance(query, dict):
                return query if query else None
        return None

    @cached_property
    def exported_query(self) -> dict[str, Any] | None:
        """The search an export described after the last search ("exporte toutes les ESN
        lyonnaises"): what "et celles de Villeurbanne ?" refines next; None otherwise."""
        for message in reversed(self.messages):
            if not isinstance(message, AIMessage) or not message.tool_calls:
                continue
            for call in message.tool_calls:
                if call["name"] == "search_companies":
                    return None
                query = call["args"].get("query") if call["name"] == "export_csv" else None
                if isinstance(query, dict):
                    return query
        return None

    @cached_property
    def shown_rows(self) -> list[tuple[str, str]]:
        """(SIREN, name) of the rows of the latest table shown (companies, leads, stale leads,
        scores, a list's AI columns), in order: what "la première" or a name points at in a
        request about leads."""
        return next((rows for rows, _ in self._tables()), [])

    @cached_property
    def rows_before_an_empty_search(self) -> list[tuple[str, str]]:
        """When the latest table is a search that found nothing ("only the ones with more than
        10 employees": none), the rows of the table shown before it, which "the second one"
        can only mean; [] otherwise."""
        tables = self._tables()
        latest = next(tables, None)
        if latest is None or not latest[1]:
            return []
        return next((rows for rows, _ in tables if rows), [])

    def _tables(self) -> Iterator[tuple[list[tuple[str, str]], bool]]:
        """The rows of each table shown, newest first (a page past the end is not one), each
        with whether it is a search that found nothing."""
        for message in reversed(self.messages):
            if not isinstance(message, ToolMessage) or message.status == "error":
                continue
            artifact = read_artifact(message.artifact)
            if isinstance(artifact, CompaniesArtifact):
                if artifact.total and not artifact.companies:
                    continue  # a page past the end: the rows on screen are the previous page's
                rows = [(company.siren, company.name) for company in artifact.companies]
                yield rows, artifact.total == 0
            elif isinstance(artifact, LeadsArtifact):
                yield [(lead.siren, lead.name) for lead in artifact.leads], False
            elif isinstance(artifact, SignalsArtifact) and artifact.companies:
                yield [(company.siren, company.name) for company in artifact.companies], False
            elif isinstance(artifact, StaleLeadsArtifact | ScoresArtifact) and artifact.leads:
                yield [(lead.siren, lead.name) for lead in artifact.leads], False
            elif isinstance(artifact, AIColumnsArtifact) and artifact.rows:
                yield [(row.siren, row.company) for row in artifact.rows], False

    @cached_property
    def focus_company(self) -> tuple[str, str] | None:
        """(SIREN, name) of the one company the rep last looked at: a company's card, a stage
        change, a qualification, or a result of a single row — what "passe-la en SQL" or "son email" means."""
        for artifact in self._artifacts():
            match artifact:
                case CompanyArtifact():
                    return artifact.company.siren, artifact.company.name
                case ContactsArtifact() | EnrichmentArtifact() if (
                    len(artifact.companies) == 1 and not artifact.list_name
                ):
                    return artifact.companies[0].siren, artifact.companies[0].name
                case StageChangeArtifact() | QualificationArtifact():
                    return artifact.lead.siren, artifact.lead.name
                case LeadListArtifact() if len(artifact.added + artifact.already_there) == 1:
                    siren = (artifact.added + artifact.already_there)[0]
                    names = [lead.name for lead in artifact.leads if lead.siren == siren]
                    return siren, names[0] if names else siren
                case SignalsArtifact() if len(artifact.companies) == 1:
                    return artifact.companies[0].siren, artifact.companies[0].name
                case CompaniesArtifact() if artifact.companies:
                    only = artifact.companies[0]
                    return (only.siren, only.name) if len(artifact.companies) == 1 else None
                case LeadsArtifact() | ScoresArtifact() | StaleLeadsArtifact() if artifact.leads:
                    # one lead listed, or one company's score explained ("pourquoi le premier a
                    # ce score ?"), once per list it is in
                    lead = artifact.leads[0]
                    one = len({row.siren for row in artifact.leads}) == 1
                    return (lead.siren, lead.name) if one else None
        return None

    @cached_property
    def focus_list(self) -> str | None:
        """The name of the lead list the rep last worked with ("cette liste", "rename it"):
        from the latest list result, or from Filon's latest question about a list ("delete
        the list X?") when it came after."""
        for message in reversed(self.messages):
            if isinstance(message, AIMessage):
                memo = message.response_metadata.get(MEMO_KEY) or {}
                if memo.get("list"):  # a list named in a request Filon could not serve
                    return str(memo["list"])
                pending = memo.get("pending") or {}
                for call in pending.get("calls") or []:
                    name = (call.get("args") or {}).get("list_name")
                    if name:
                        return str(name)
                continue
            if not isinstance(message, ToolMessage) or message.status == "error":
                continue
            match read_artifact(message.artifact):
                case ListChangeArtifact() as change:
                    return None if change.action == "deleted" else change.list.name
                case LeadListArtifact() as made:
                    return made.list.name
                case LeadsArtifact(list=shown) if shown is not None:
                    return shown.name
                case StageChangeArtifact() as moved:
                    return moved.lead.list_name
                case ContactsArtifact(list_name=name) | EnrichmentArtifact(list_name=name) if name:
                    return name  # a list's decision-makers, or their emails just looked up
                case AIColumnsArtifact(list_name=name):
                    return name  # a list's AI columns, added or run
                case LeadListsArtifact(lists=[only]):
                    return only.list.name  # "mes listes" showed one: "supprime-la" is it
        return None

    @cached_property
    def latest_enrichment(self) -> EnrichmentArtifact | None:
        """The enrichment run last made, when it is the last thing the rep saw: what "combien
        ça a coûté ?" and "refais-le avec un budget de 5" are about."""
        for artifact in self._artifacts():
            return artifact if isinstance(artifact, EnrichmentArtifact) else None
        return None

    @cached_property
    def deleted_list(self) -> str | None:
        """The name of the list just deleted, when nothing about lists came since: what "elle
        existe encore ?" asks about."""
        for artifact in self._artifacts():
            match artifact:
                case ListChangeArtifact(action="deleted"):
                    return artifact.list.name
                case (
                    ListChangeArtifact()
                    | LeadListArtifact()
                    | LeadListsArtifact()
                    | LeadsArtifact()
                ):
                    return None
        return None

    @cached_property
    def known_lists(self) -> list[str]:
        """Names of the lead lists the conversation has shown or worked with: what a bare name
        ("give ESN Lyon to Chloé") can be recognised by."""
        names: list[str] = []
        for artifact in self._artifacts():
            match artifact:
                case LeadListsArtifact():
                    names += [summary.list.name for summary in artifact.lists]
                case LeadListArtifact() | ListChangeArtifact():
                    names.append(artifact.list.name)
                case LeadsArtifact() if artifact.list is not None:
                    names.append(artifact.list.name)
        return list(dict.fromkeys(names))

    @cached_property
    def latest_rename(self) -> tuple[ListChangeArtifact, bool] | None:
        """The latest list renamed in the conversation, and whether it is the last thing the
        rep saw: what "remets le nom d'avant" or "annule" undoes."""
        for index, artifact in enumerate(self._artifacts()):
            if isinstance(artifact, ListChangeArtifact) and artifact.action == "renamed":
                return artifact, index == 0
        return None

    @cached_property
    def columns_just_added(self) -> str | None:
        """The list whose AI columns were just added, when that is the last thing the rep saw:
        what "lance-la" runs."""
        latest = next(iter(self._artifacts()), None)
        if isinstance(latest, AIColumnsArtifact) and latest.action == "added":
            return latest.list_name
        return None

    @cached_property
    def lists_on_screen(self) -> list[str]:
        """The names of the lead lists the latest result showed, in order ("la deuxième")."""
        latest = next(iter(self._artifacts()), None)
        if isinstance(latest, LeadListsArtifact):
            return [summary.list.name for summary in latest.lists]
        return []

    @cached_property
    def latest_is_lists(self) -> bool:
        """Whether the latest result is the lead lists with their counts."""
        return isinstance(next(iter(self._artifacts()), None), LeadListsArtifact)

    @cached_property
    def latest_stage_change(self) -> StageChangeArtifact | None:
        """The stage change just made, when it is the last thing the rep saw: what "en fait
        non, perdu" corrects."""
        latest = next(iter(self._artifacts()), None)
        return latest if isinstance(latest, StageChangeArtifact) else None

    @cached_property
    def refused_stage_change(self) -> tuple[dict[str, Any], Refusal] | None:
        """The stage change the rep asked for last and Filon refused (another rep's lead, SQL
        without BANT, no reason given), when no tool ran since — only words were exchanged: its
        arguments and the refusal, what "en fait non, remets-le en SQL" or a bare reason after
        it is about. None when something else was done since."""
        for message in reversed(self.messages):
            if isinstance(message, ToolMessage):
                if message.name != STAGE_TOOL or message.status != "error":
                    return None
                calls = (
                    call
                    for earlier in self.messages
                    if isinstance(earlier, AIMessage)
                    for call in earlier.tool_calls
                    if call["id"] == message.tool_call_id
                )
                call = next(calls, None)
                return (dict(call["args"]), read_refusal(message.text)) if call else None
        return None

    @cached_property
    def latest_qualification(self) -> QualificationArtifact | None:
        """The latest lead qualified in the conversation, however long ago: what "reprenons la
        qualification" resumes."""
        for artifact in self._artifacts():
            if isinstance(artifact, QualificationArtifact):
                return artifact
        return None

    @cached_property
    def qualification_on_screen(self) -> QualificationArtifact | None:
        """The lead's qualification, when it is the last thing the rep saw: what "budget 60 k€
        validé par la DAF" right after it is about."""
        latest = next(iter(self._artifacts()), None)
        return latest if isinstance(latest, QualificationArtifact) else None

    @cached_property
    def latest_signals(self) -> SignalsArtifact | None:
        """The signals last shown, when they are the last thing the rep saw."""
        latest = next(iter(self._artifacts()), None)
        return latest if isinstance(latest, SignalsArtifact) else None

    @cached_property
    def one_company_on_screen(self) -> bool:
        """Whether the latest result is about one company (its card, its signals): what
        "ses signaux ?" or "elle recrute ?" is about."""
        latest = next(iter(self._artifacts()), None)
        if isinstance(latest, SignalsArtifact):
            return len(latest.companies) == 1
        return isinstance(latest, CompanyArtifact)

    @cached_property
    def company_on_screen(self) -> bool:
        """Whether the latest result is about companies (a search or a card) rather than
        leads or lists: what "montre-la" means depends on it."""
        latest = next(iter(self._artifacts()), None)
        return isinstance(latest, CompaniesArtifact | CompanyArtifact)

    @cached_property
    def focus_owner(self) -> str | None:
        """The rep the last result was about ("ses leads" after "les listes de David"): the
        owner of a leads, lists or pipeline result, or the new owner of a list given away."""
        for artifact in self._artifacts():
            match artifact:
                case (
                    LeadsArtifact()
                    | LeadListsArtifact()
                    | PipelineArtifact()
                    | StaleLeadsArtifact()
                    | TrendsArtifact()
                ):
                    return artifact.owner
                case ListChangeArtifact() if artifact.action == "assigned":
                    return artifact.list.owner
        return None

    @cached_property
    def previous_leads(self) -> LeadsArtifact | None:
        """The most recent leads result, when it is the last thing the rep saw."""
        for artifact in self._artifacts():
            return artifact if isinstance(artifact, LeadsArtifact) else None
        return None

    @cached_property
    def leads_on_screen(self) -> list[tuple[str, str]]:
        """(SIREN, list name) of the lead rows last shown (leads, stale leads, scores), when
        they are the last thing the rep saw: the list a lead picked from them is moved in."""
        latest = next(iter(self._artifacts()), None)
        if isinstance(latest, LeadsArtifact | StaleLeadsArtifact | ScoresArtifact):
            return [(lead.siren, lead.list_name or "") for lead in latest.leads]
        return []

    @cached_property
    def latest_contacts(self) -> ContactsArtifact | None:
        """The people last shown (decision-makers), when they are the last thing the rep saw:
        what "et le DAF ?" asks about again. Exporting them leaves them on screen: "trouve leurs
        e-mails" after "exporte-les" is still about the same people."""
        for artifact in self._artifacts():
            if isinstance(artifact, ExportArtifact) and artifact.what == "people":
                continue
            if isinstance(artifact, EnrichmentArtifact) and artifact.others:
                # nobody in the role asked: the people offered instead ("trouve leurs e-mails")
                return ContactsArtifact(companies=artifact.others, asked=len(artifact.others))
            if isinstance(artifact, EnrichmentArtifact):  # the people after an enrichment
                return ContactsArtifact(
                    roles=artifact.roles,
                    list_name=artifact.list_name,
                    companies=artifact.companies,
                    asked=len(artifact.companies),
                )
            return artifact if isinstance(artifact, ContactsArtifact) else None
        return None

    @cached_property
    def latest_opt_out(self) -> bool:
        """Whether the last thing the rep saw is an objection recorded: what "et le domaine
        acme.fr aussi" adds to."""
        return isinstance(next(iter(self._artifacts()), None), OptOutArtifact)

    @cached_property
    def latest_dashboard(self) -> StaleLeadsArtifact | TrendsArtifact | None:
        """The stale leads or the weekly trend, when it is the last thing the rep saw: what
        "et chez Chloé ?" or "and for the whole team?" asks again for someone else."""
        latest = next(iter(self._artifacts()), None)
        return latest if isinstance(latest, StaleLeadsArtifact | TrendsArtifact) else None

    @cached_property
    def previous_pipeline(self) -> PipelineArtifact | None:
        """The most recent pipeline summary, when it is the last thing the rep saw."""
        for artifact in self._artifacts():
            return artifact if isinstance(artifact, PipelineArtifact) else None
        return None

    @cached_property
    def pipeline_in_thread(self) -> PipelineArtifact | None:
        """The most recent pipeline summary of the thread, whatever the rep saw after it."""
        return next((a for a in self._artifacts() if isinstance(a, PipelineArtifact)), None)

    @cached_property
    def latest_artifact(self) -> Artifact | None:
        """The latest result the rep saw, whatever it is (None before any)."""
        return next(iter(self._artifacts()), None)

    def _artifacts(self) -> list[Artifact]:
        """The artifacts of the successful tool results, newest first."""
        found = []
        for message in reversed(self.messages):
            if isinstance(message, ToolMessage) and message.status != "error":
                artifact = read_artifact(message.artifact)
                if artifact is not None:
                    found.append(artifact)
        return found

    def has_tool(self, name: str) -> bool:
        """Whether a tool of this name is bound to the model."""
        return name in self.tools

    def call_ids(self, count: int) -> list[str]:
        """Fresh tool-call ids, numbered after every call made so far: call_1, call_2, …"""
        made = sum(len(m.tool_calls) for m in self.messages if isinstance(m, AIMessage))
        return [f"call_{made + index + 1}" for index in range(count)]

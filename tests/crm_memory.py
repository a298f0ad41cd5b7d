"""An in-memory CRM for the outbox tests: it holds companies, contacts, deals and notes with
ids, and behaves as a careless vendor would — without a stored id and without `in_doubt` it
creates blindly, so an outbox that forgot what an earlier attempt may have written would
duplicate here. Faults are scripted per step: raise before writing, or write then raise
(the CRM applied the request but its answer never reached the worker)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.crm.records import CrmIds, CrmName, CrmRecord, Step, Written


class Crash(BaseException):
    """The worker process dies here (a BaseException: nothing in the worker catches it)."""


@dataclass
class Fault:
    """What happens at a step: `error` raised, after the write when `after_write`."""

    step: Step
    error: BaseException
    after_write: bool = False


@dataclass
class MemoryCrm:
    """The CRM's objects by kind and id, the unique key of each, and the calls made."""

    name: CrmName = "hubspot"
    objects: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {"company": {}, "contact": {}, "deal": {}, "note": {}}
    )
    faults: list[Fault] = field(default_factory=list)
    calls: list[tuple[Step, bool]] = field(default_factory=list)  # (step, in_doubt)
    on_call: Callable[[Step], None] | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(101))

    def count(self, kind: str) -> int:
        return len(self.objects[kind])

    def keys(self, kind: str) -> list[str]:
        return sorted(item["key"] for item in self.objects[kind].values())

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        return self._write("company", record.company.siren, record.company.properties, ids)

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        if record.contact is None:
            return None
        return self._write("contact", record.contact.email, record.contact.properties, ids)

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        return self._write("deal", record.deal.key, record.deal.properties, ids)

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        return self._write("note", record.note.key, {"body": record.note.body}, ids)

    async def aclose(self) -> None:
        return None

    def _write(self, kind: Step, key: str, properties: dict[str, Any], ids: CrmIds) -> Written:
        self.calls.append((kind, ids.in_doubt))
        if self.on_call is not None:
            self.on_call(kind)
        fault = next((f for f in self.faults if f.step == kind), None)
        if fault is not None:
            self.faults.remove(fault)
            if not fault.after_write:
                raise fault.error
        known = ids.get(kind)
        if known is None and ids.in_doubt:
            known = next((i for i, o in self.objects[kind].items() if o["key"] == key), None)
        created = known is None or known not in self.objects[kind]
        object_id = str(next(self._ids)) if created else str(known)
        self.objects[kind][object_id] = {"key": key, **properties}
        if fault is not None:
            raise fault.error
        return Written(object_id, created)

"""Each Slack event runs once: Slack delivers an event again when the first delivery was not
acknowledged within 3 seconds, or failed (`X-Slack-Retry-Num` counts the retries), with the same
`event_id`. The first delivery to record the id in the store runs it, in whatever process
receives it; a retry finds it recorded and is only acknowledged."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from store.db import session_scope
from store.models._time import utcnow
from store.repositories.slack_events import claim_event, forget_old_events


def first_delivery(engine: Engine, event_id: str) -> bool:
    """True when `event_id` is seen for the first time (it is recorded now)."""
    now = utcnow()
    with session_scope(engine) as session:
        forget_old_events(session, now=now)
        return claim_event(session, event_id=event_id, now=now)

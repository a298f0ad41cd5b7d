"""Slack member ids as Filon stores them: U… in a workspace, W… across an Enterprise Grid
organisation, upper case."""

from __future__ import annotations

import re

from agent.users.errors import BadSlackId

SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,20}")


def checked_slack_id(value: str) -> str:
    """`value` as a Slack member id (upper case); `BadSlackId` for anything else."""
    slack_id = value.strip().upper()
    if not SLACK_ID.fullmatch(slack_id):
        raise BadSlackId(value)
    return slack_id

"""Requests the sixteenth outside evaluation found misread, on the offline model alone: giving a
list away "avec tous ses leads" asks for every lead (the tool then asks to confirm), and the
plain request keeps to the list's owner's leads."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import assert_one_call, case

CALLS = [
    case("donne la liste Cabinets comptables Gironde à Chloé", "assign_lead_list",
         {"list_name": "Cabinets comptables Gironde", "owner": "Chloé"}),
    case("donne la liste Cabinets comptables Gironde à Chloé avec tous ses leads",
         "assign_lead_list",
         {"list_name": "Cabinets comptables Gironde", "owner": "Chloé", "all_leads": True}),
    case("donne la liste ESN Lyon à Bruno, avec tous les leads", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "Bruno", "all_leads": True}),
    case("réattribue la liste ESN Lyon à Bruno y compris ceux des autres", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "Bruno", "all_leads": True}),
    case("give the ESN Lyon list to Chloe with all its leads", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "Chloe", "all_leads": True}),
    case("transfere la liste BTP Bretagne a alice avec tous ses leads", "assign_lead_list",
         {"list_name": "BTP Bretagne", "owner": "alice", "all_leads": True}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)

"""Pipeline reporting: counts per stage, conversion, activity over a period and its trend,
weekly trends, stale leads, and the manager's dashboard made of them."""

from agent.pipeline.dashboard import build_dashboard
from agent.pipeline.periods import PERIOD_NAMES, Period, PeriodName, resolve_period
from agent.pipeline.stale import stale_leads
from agent.pipeline.summary import pipeline_summary
from agent.pipeline.trends import pipeline_trends

__all__ = [
    "PERIOD_NAMES",
    "Period",
    "PeriodName",
    "build_dashboard",
    "pipeline_summary",
    "pipeline_trends",
    "resolve_period",
    "stale_leads",
]

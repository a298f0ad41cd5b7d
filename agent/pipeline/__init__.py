"""Pipeline reporting: counts per stage, conversion, activity over a period and its trend."""

from agent.pipeline.periods import PERIOD_NAMES, Period, PeriodName, resolve_period
from agent.pipeline.summary import pipeline_summary

__all__ = ["PERIOD_NAMES", "Period", "PeriodName", "pipeline_summary", "resolve_period"]

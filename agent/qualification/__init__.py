"""Qualification: fit, engagement and intent scores; MQL → SQL stages; the BANT interview."""

"""Enrichment providers: one adapter per vendor (and the built-in pattern guesser)."""

"""Enrichment: finding and verifying people's professional emails through a waterfall of
providers (the built-in pattern guesser first), with the provenance the CNIL requires."""

from agent.enrichment.patterns import NameForms, candidates, domain_of, is_domain, name_forms

__all__ = ["NameForms", "candidates", "domain_of", "is_domain", "name_forms"]

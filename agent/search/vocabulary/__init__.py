"""Vocabulary of the offline query parser: sectors, places, sizes, legal forms, signal words."""

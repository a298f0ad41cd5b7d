"""Buying signals: sources (BODACC, imported files), writing them, the intent score."""

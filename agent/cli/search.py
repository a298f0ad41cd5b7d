"""placeholder: filled by the search work."""

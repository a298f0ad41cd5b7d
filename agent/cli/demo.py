"""placeholder: filled by the demo work."""

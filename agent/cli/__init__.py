"""Filon CLI."""
def main() -> None:  # placeholder replaced below
    raise SystemExit(0)

"""Filon's data layer: SQLModel tables, engine and sessions, repositories, SIRENE import,
reference data. Imports nothing from `agent` or `ui`."""

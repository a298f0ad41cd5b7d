"""Filon's agent layer: settings, services, tools, graphs and the CLI."""

"""LangGraph graphs: chat (the main conversation loop)."""

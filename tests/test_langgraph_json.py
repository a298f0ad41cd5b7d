"""langgraph.json opens the chat graph in LangGraph Studio / `langgraph dev`: the file names a
callable that builds the graph with no argument, from the settings, offline without a key."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage

ROOT = Path(__file__).resolve().parent.parent


async def test_langgraph_json_names_a_graph_factory_that_builds_offline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = json.loads((ROOT / "langgraph.json").read_text(encoding="utf-8"))
    assert config["dependencies"] == ["."]
    assert (ROOT / config["dependencies"][0] / "pyproject.toml").exists()
    path, name = config["graphs"]["filon"].split(":")
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")
    monkeypatch.setenv("FILON_DATABASE_URL", f"sqlite:///{tmp_path / 'studio.db'}")

    # imported the way the LangGraph server does: by file path
    spec = importlib.util.spec_from_file_location("filon_studio_graph", ROOT / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    graph = getattr(module, name)()

    assert set(graph.get_graph().nodes) == {"__start__", "chat", "__end__"}
    result = await graph.ainvoke({"messages": [HumanMessage("bonjour")]})
    answer = result["messages"][-1]
    assert isinstance(answer, AIMessage) and "Filon" in answer.text

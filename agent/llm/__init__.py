"""Chat models: the factory choosing ChatOpenAI or the offline model, and LLM failure wording."""

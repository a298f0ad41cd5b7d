# Filon — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

.PHONY: install run test lint format bench clean

$(READY): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Filon needs Python >= 3.11")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(READY)

install: $(READY)

run: $(READY)  ## the web UI on http://127.0.0.1:8000 (seeds the demo data on an empty store)
	$(BIN)/filon ui

test: $(READY)
	$(BIN)/pytest -q

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(READY)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(READY)
	$(BIN)/python bench/search.py --companies $${COMPANIES:-1000000}
	$(BIN)/python bench/agent.py --companies $${COMPANIES:-1000000}
	$(BIN)/python bench/enrich.py
	$(BIN)/python bench/columns.py
	$(BIN)/python bench/signals.py --companies $${SIGNAL_COMPANIES:-20000}
	$(BIN)/python bench/scores.py --leads $${SCORE_LEADS:-10000 50000}
	$(BIN)/python bench/crm_soak.py --leads $${SOAK_LEADS:-1000}

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info

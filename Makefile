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

# `make bench`: every figure of the README's Performance section, as JSON in bench/out/.
# COMPANIES (legal units per generated stock, 1,000,000 by default) and SHAPES (the stock's
# shapes: insee secondary closed concentrated generator) make a quicker run.
COMPANIES ?= 1000000
SHAPES    ?= insee secondary closed concentrated generator
# The PostgreSQL benchmarks: each script listed here runs, with FILON_TEST_POSTGRES_URL, when a
# server answers there (bench/postgres_answers.py). bench/search.py above already times the
# PostgreSQL search next to SQLite's when that URL answers; this adds the import phase by phase.
POSTGRES_BENCHES ?= bench/postgres_import.py

bench: $(READY)
	# SQLite: `filon import sirene UL ETAB` on every shape next to DuckDB loading the same files
	# (CSV and Parquet), then the search step of chat turns on the concentrated store.
	$(BIN)/python -m bench.import_shapes --companies $(COMPANIES) --shape $(SHAPES) --runs 1 --parquet
	$(BIN)/python -m bench.search_turns --shape concentrated --companies $(COMPANIES) --runs 1
	$(BIN)/python bench/search.py --companies $(COMPANIES)
	$(BIN)/python bench/agent.py --companies $(COMPANIES)
	$(BIN)/python bench/enrich.py
	$(BIN)/python bench/columns.py
	$(BIN)/python bench/signals.py --companies $${SIGNAL_COMPANIES:-20000}
	$(BIN)/python bench/scores.py --leads $${SCORE_LEADS:-10000 50000}
	$(BIN)/python bench/crm_soak.py --leads $${SOAK_LEADS:-1000}
	# ---- PostgreSQL: runs only when FILON_TEST_POSTGRES_URL answers --------------------
	@if $(BIN)/python bench/postgres_answers.py; then \
		for script in $(POSTGRES_BENCHES); do \
			echo "PostgreSQL: $$script"; $(BIN)/python $$script --companies $(COMPANIES) || exit 1; \
		done; \
	else \
		echo "PostgreSQL benchmarks skipped: no server answers at FILON_TEST_POSTGRES_URL"; \
	fi
	# Issue 15's targets (import rates, search p95 on both databases), judged from this run.
	$(BIN)/python -m bench.national_targets

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info

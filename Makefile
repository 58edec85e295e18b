# The two entry points of the README. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= ted-demo.sqlite3

.PHONY: demo test lint install

$(BIN)/ted: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,worker]"
	touch $(BIN)/ted

install: $(BIN)/ted

# Ingest the project's demo corpus, then serve it at http://$(HOST):$(PORT)/
demo: install
	$(BIN)/ted ingest src/ted/demo --db $(DB)
	$(BIN)/ted serve --host $(HOST) --port $(PORT) --db $(DB)

# The whole test suite (browser tests need Debian's chromium, PostgreSQL tests a server on 127.0.0.1:5432;
# both skip with a reason when absent).
test: install
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -ra

lint: install
	$(BIN)/ruff check src tests benchmarks

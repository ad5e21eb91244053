# The two commands that matter: `make build` and `make test`. Both set up .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint check check-content serve bench clean messages schemas

build: $(STAMP)
	$(BIN)/unionsite build

# Check all content without writing anything: every problem, with file, line and column.
check-content: $(STAMP)
	$(BIN)/unionsite check

check: check-content

# Preview on http://127.0.0.1:8000/, rebuilt and reloaded on every change.
serve: $(STAMP)
	$(BIN)/unionsite serve

test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf build .venv .mypy_cache .pytest_cache .ruff_cache

# Extract the UI strings of the templates and merge them into each language's catalog.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --add-comments=Translators: --no-location --omit-header -o locale/messages.pot templates
	$(BIN)/pybabel update -i locale/messages.pot -d locale --no-fuzzy-matching --ignore-obsolete -w 100

# Write the JSON Schemas of the record kinds (committed: editors' tools read them from schemas/).
schemas: $(STAMP)
	$(BIN)/unionsite schemas

# Edit-to-reload and full-build times on a synthetic site of 2,000 organizations.
bench: $(STAMP)
	$(BIN)/python bench/bench.py

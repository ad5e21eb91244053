# The two commands that matter: `make build` and `make test`. Both set up .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint check check-content serve bench clean messages schemas test-tools chromium lighthouse \
	lock lock-upgrade fuzz example screenshots

build: $(STAMP)
	$(BIN)/unionsite build

# The fictional example site (examples/kiyi/): news, events, images, a long page. Into build/example/.
example: $(STAMP)
	$(BIN)/unionsite build --config examples/kiyi/site.yaml

# The screenshots in docs/screenshots/ (news list, news item, event; tr and en; 390 and 1280 px) of the
# example, built as of 2026-12-01, the day its tests take as "today".
screenshots: $(STAMP) test-tools
	SOURCE_DATE_EPOCH=1796083200 $(BIN)/unionsite build --config examples/kiyi/site.yaml
	CHROMIUM=$(CHROMIUM) $(BIN)/python tests/browser/screenshots.py build/example docs/screenshots

# Check all content without writing anything: every problem, with file, line and column.
check-content: $(STAMP)
	$(BIN)/unionsite check

check: check-content

# Preview on http://127.0.0.1:8000/, rebuilt and reloaded on every change.
serve: $(STAMP)
	$(BIN)/unionsite serve

test: $(STAMP) lint test-tools
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest

# What only the tests need: Debian's Chromium (axe-core and the layout checks run in it), and from
# npm the Nu HTML Checker (run on Java 17), axe-core, playwright-core to drive Chromium, Lighthouse.
# Install scripts are skipped: vnu-jar's would fetch a Java of its own.
CHROMIUM ?= $(shell command -v chromium || echo /usr/bin/chromium)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PAGE_TOOLS := tests/browser/node_modules/.installed

test-tools: chromium $(PAGE_TOOLS)

chromium:
	@[ -x "$(CHROMIUM)" ] || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(PAGE_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse (mobile preset) on both home pages of the built site, or on the PAGES named
# (`make lighthouse PAGES="/tr/iletisim/ /en/contact/"`), in headless Chromium. `make test` scores
# a fixture page with images.
lighthouse: build test-tools
	CHROMIUM=$(CHROMIUM) $(BIN)/python tests/browser/lighthouse.py build $(PAGES)

# The property-based test of mutated content with many more examples than `make test` runs, and
# a new random set each time (Hypothesis keeps the failing ones in .hypothesis/).
fuzz: $(STAMP)
	UNIONSITE_FUZZ_PROFILE=fuzz $(BIN)/pytest tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Every Python package comes from the hash-pinned lock (requirements.txt): first the lock's pip,
# then the lock (source-only packages build with the lock's setuptools), then unionsite itself,
# which has no hash to check. A changed lock makes the environment anew, so nothing stale stays.
LOCK := requirements.txt
PIP_LOCK := requirements/pip.txt

$(STAMP): pyproject.toml $(LOCK) $(PIP_LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(PIP_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --build-constraint $(LOCK) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Write the lock again from pyproject.toml (with its dev and bench extras: the environment installs
# the whole lock, so tests and `make bench` find what they need) and requirements/tools.in, for
# CPython 3.11 on Linux: `make lock` keeps every pin that still fits, `make lock-upgrade` takes the newest releases. The
# lock is read from the package index alone: local wheel folders and pip settings of this machine
# would put hashes in it that no other machine can check.
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile \
	--quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url \
	--no-emit-trusted-host

lock: $(STAMP)
	$(PIP_COMPILE) $(UPGRADE) --extra dev --extra bench --output-file $(LOCK) pyproject.toml requirements/tools.in
	$(PIP_COMPILE) $(UPGRADE) --output-file $(PIP_LOCK) requirements/pip.in

lock-upgrade: UPGRADE := --upgrade
lock-upgrade: lock

clean:
	rm -rf build .cache .venv .mypy_cache .pytest_cache .ruff_cache

# Extract the UI strings of the templates and merge them into each language's catalog.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --add-comments=Translators: --no-location --omit-header -o locale/messages.pot templates
	$(BIN)/pybabel update -i locale/messages.pot -d locale --no-fuzzy-matching --ignore-obsolete \
		--ignore-pot-creation-date -w 100

# Write the JSON Schemas of the record kinds (committed: editors' tools read them from schemas/).
schemas: $(STAMP)
	$(BIN)/unionsite schemas

# Speed and memory on synthetic sites of 1,000 and 10,000 organizations: clean build, its stages,
# peak memory, warm rebuild, edit-to-reload; medians, also written to build/bench.json.
bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Two commands matter: `make run` and `make test`. Everything else is a building block.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg-data

.PHONY: install run test bench soak clean browser virtuoso vendor screenshots

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(BIN)/kg

install: $(BIN)/kg

HOST ?= 127.0.0.1
PORT ?= 8080

# Publish the sample articles into the embedded store, show what was published, and serve it. The IRIs are
# minted under the address served (so `make run PORT=9000` links to itself) unless KG_BASE_IRI says otherwise.
run: install
	KG_BASE_IRI=$${KG_BASE_IRI:-http://$(HOST):$(PORT)/} $(BIN)/kg --store $(STORE) ingest examples/articles
	KG_BASE_IRI=$${KG_BASE_IRI:-http://$(HOST):$(PORT)/} $(BIN)/kg --store $(STORE) summary
	KG_BASE_IRI=$${KG_BASE_IRI:-http://$(HOST):$(PORT)/} $(BIN)/kg --store $(STORE) serve --host $(HOST) --port $(PORT)

# The browser test drives Debian's chromium (never a downloaded browser) through Playwright's Python package.
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

# The browser files kg serves (YASGUI) and the tests' axe-core, from npm, pinned by the package.json and
# package-lock.json beside them (kg/web/static/vendor/, tests/web/vendor/). Only to upgrade them: they are committed.
vendor:
	sh tools/vendor.sh

# A PNG of each kind of page, from the sample articles, into docs/screenshots/ (the README shows them).
screenshots: install browser
	$(BIN)/python tools/screenshots.py

# Virtuoso Open Source 7 (Debian's package): the second real engine the test suite runs kg on.
virtuoso:
	@command -v virtuoso-t >/dev/null || (apt-get update -qq && apt-get install -y -qq virtuoso-opensource-7-bin)

# Lint and layers first (a few seconds): style (ruff), then the one-way flow of imports (import-linter).
test: install browser virtuoso
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -q

bench: install virtuoso
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

# Load and soak (issue 7): a generated graph of >1M triples, a mixed read workload from wrk while articles are
# published over HTTP, dumps, a slow dump reader, memory sampled from /proc; writes "## Load and soak" in
# BENCHMARKS.md. SOAK_MINUTES=1 for a quick look; the store is built once and kept in bench/out/.
SOAK_MINUTES ?= 10
SOAK_ARGS    ?=
soak: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	KG_SOAK_VIA_MAKE=1 $(BIN)/python -m bench.soak --minutes $(SOAK_MINUTES) $(SOAK_ARGS)

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache

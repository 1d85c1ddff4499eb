# Two commands matter: `make run` and `make test`. Everything else is a building block.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg-data

.PHONY: install run test bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(BIN)/kg

install: $(BIN)/kg

HOST ?= 127.0.0.1
PORT ?= 8080

# Publish the sample articles into the embedded store, show what was published, and serve it.
run: install
	$(BIN)/kg --store $(STORE) ingest examples/articles
	$(BIN)/kg --store $(STORE) summary
	$(BIN)/kg --store $(STORE) serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache

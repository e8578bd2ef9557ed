# ic2kg tasks. `make help` lists them.
VENV ?= .venv
PY := $(VENV)/bin/python
IC2KG := $(VENV)/bin/ic2kg
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test`; each runs whole test files (module fixtures made once).
TEST_WORKERS ?= 2

.PHONY: help install run test lint typecheck bench docs release validate system-deps clean

help:  ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install ic2kg with its test tools

run: install  ## build and validate the graph, then serve the API and web page on the embedded store
	$(IC2KG) validate --max-per-shape 3
	$(IC2KG) build
	$(IC2KG) serve --host $(HOST) --port $(PORT)

system-deps:  ## install the servers and browser the tests use (Virtuoso, Chromium) if missing
	bash scripts/install-system-deps.sh

lint: install  ## ruff lint and format check
	$(VENV)/bin/ruff check ic2kg api tests benchmarks
	$(VENV)/bin/ruff format --check ic2kg api tests benchmarks

typecheck: install  ## mypy --strict on ic2kg and api
	$(VENV)/bin/mypy

test: install system-deps lint typecheck  ## everything: lint, types, the test suite with real servers and browser
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile

validate: install  ## SHACL-validate ontology + graph/
	$(IC2KG) validate

bench: install  ## benchmarks (not tests): writes benchmarks/RESULTS.md, RELEVANCE.md, RANKING_SPEED.md
	$(PY) -m benchmarks.run
	$(PY) -m benchmarks.relevance_eval
	$(PY) -m benchmarks.ranking_speed

docs: install  ## HTML documentation of the ontology
	$(IC2KG) docs

release: test  ## versioned release folder in dist/
	$(IC2KG) release

clean:  ## remove the virtual environment and build outputs
	rm -rf $(VENV) dist .pytest_cache .mypy_cache .ruff_cache

# Thin wrappers over the CLI and pytest. `make test` and `make up` set everything up themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := gateway/node_modules/.installed

.PHONY: setup up demo test lint bench compose clean

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): gateway/package.json gateway/package-lock.json
	cd gateway && npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

up: setup
	$(BIN)/kinerja up

demo: setup
	$(BIN)/kinerja demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two workers (this machine has two cores); each test file runs on one worker, so its
# module-scoped fixtures are built once (a worker running e2e files starts its own platform).
PYTEST_WORKERS ?= 2

test: setup lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m bench

compose: setup
	$(BIN)/kinerja compose

clean:
	rm -rf $(VENV) gateway/node_modules .kinerja .pytest_cache .mypy_cache .ruff_cache

# perfml — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTHON ?= $(shell scripts/find-python.sh)
# Where the demo writes everything (extract, warehouse, reports…).
DEMO_DIR ?= var/demo
ECHELLE ?= national

.PHONY: venv demo test lint format system-deps node-deps bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { scripts/find-python.sh; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installation de perfml et de ses dépendances dans $(VENV) (journal : $(VENV)/pip.log)…"
	@# pip's output is kept in a log and shown only when the installation fails.
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/pip.log 2>&1 \
	  && $(BIN)/python -m pip install --quiet -e ".[dev]" >> $(VENV)/pip.log 2>&1 \
	  || { cat $(VENV)/pip.log; echo "L'installation a échoué (voir ci-dessus)." >&2; exit 1; }
	@touch $(STAMP)

system-deps:
	@scripts/system-deps.sh

# npm packages of the browser tests (axe-core), into var/npm/.
node-deps: system-deps
	@scripts/node-deps.sh

demo: venv
	@ECHELLE=$(ECHELLE) DEMO_DIR=$(DEMO_DIR) scripts/demo.sh

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: venv system-deps node-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: venv
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# ASB Hub: `make run` serves the demo site, `make test` runs the whole suite.
# Each target creates .venv and installs the project when they are missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup compile test test-fast bench lint format translations clean

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,compile]"
	@touch $(INSTALLED)

## Compile the crime screening with mypyc when its sources changed (the script knows which,
# from a stamp of them; the pure-Python source runs whenever the build is missing or stale).
compile: $(INSTALLED)
	@$(BIN)/python scripts/compile_screening.py

## Set up everything `run` needs (database, geography, police.uk data, demo data, demo users).
setup: $(INSTALLED) compile
	$(BIN)/asbhub setup

## Set up if needed, then serve the site at http://$(HOST):$(PORT)
run: setup
	$(BIN)/asbhub runserver --noreload $(HOST):$(PORT)

## The whole test suite (unit, integration and browser journeys).
test: $(INSTALLED) compile
	$(BIN)/pytest

## The suite without the browser journeys.
test-fast: $(INSTALLED) compile
	$(BIN)/pytest -m "not e2e"

## Benchmarks; figures go to bench/RESULTS.md.
bench: $(INSTALLED) compile
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

format: $(INSTALLED)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

translations: $(INSTALLED)
	bash scripts/update_translations.sh

clean:
	rm -rf var $(VENV) src/asbhub/integrity/_compiled

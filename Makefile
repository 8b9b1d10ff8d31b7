# MicroCred Georgia. Quick start: `make run` serves the portal; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py


.PHONY: bench
.PHONY: help run test debian-run debian-test messages compilemessages check-catalogue lint worker fmt

help:
	@echo "make run    serve the portal with demo data on http://127.0.0.1:8000"
	@echo "make test   run the whole suite (PostgreSQL, Redis, Celery worker, Chromium), lint and checks"
	@echo "            (make test ARGS='-k signup' passes arguments to pytest; CHECKS=0 skips lint and catalogue checks)"
	@echo "make bench  run the benchmarks under bench/ against a throwaway PostgreSQL"

debian-run:
	@scripts/debian-deps.sh run

debian-test:
	@scripts/debian-deps.sh run test

# The virtual environment is (re)built when the pinned requirements change.
$(BIN)/.requirements: requirements.txt | debian-run
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(BIN)/.requirements-dev: requirements.txt requirements-dev.txt $(BIN)/.requirements | debian-test
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

compilemessages: $(BIN)/.requirements
	@$(MANAGE) compilemessages --ignore='.venv/*' -v 0

run: debian-run $(BIN)/.requirements compilemessages
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) signing_setup
	@$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:8000 (certificate work runs in-process; Ctrl-C stops)."
	@$(MANAGE) runserver 127.0.0.1:8000

test: debian-test $(BIN)/.requirements-dev
	@scripts/run-tests.sh $(ARGS)

# For translators: refresh the catalogue from the code (then translate what is new).
messages: $(BIN)/.requirements
	$(BIN)/python scripts/i18n_gaps.py
	$(MANAGE) makemessages -l ka
	$(MANAGE) makemessages -l ka -d djangojs

check-catalogue:
	@scripts/check-catalogue.sh

lint: $(BIN)/.requirements-dev
	$(BIN)/ruff check .

worker: $(BIN)/.requirements
	$(BIN)/celery -A config worker --queues celery,certificates -l info

debian-bench:
	@scripts/debian-deps.sh run test bench

bench: debian-bench $(BIN)/.requirements-dev
	@scripts/bench.sh $(ARGS)

fmt: $(BIN)/.requirements-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

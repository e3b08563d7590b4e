# The README's two commands: `make run` (quick start) and `make test` (the whole suite).
# Everything installs into the project's own .venv and node_modules; nothing global.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PIP_QUIET := --quiet --disable-pip-version-check
NPM_QUIET := --no-audit --no-fund --loglevel=error

.DEFAULT_GOAL := help
.PHONY: help install run serve test bench lint format check worker beat lock clean

help:
	@echo "make run     install, migrate, load the demo data and serve http://127.0.0.1:$(PORT)/"
	@echo "make test    run the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)"
	@echo "make bench   measure report exports, email fan-out, page and API rates against their targets"
	@echo "make lint    ruff check and format check, and the import contracts (lint-imports)"
	@echo "make worker  a Celery worker (full stack)   make beat  the one Celery beat"
	@echo "make lock    re-pin Python dependencies (requirements.lock, requirements-dev.lock)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install $(PIP_QUIET) --upgrade pip

$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	@$(BIN)/pip install $(PIP_QUIET) -r requirements-dev.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci $(NPM_QUIET)
	@touch $@

static/dist/.built: node_modules/.installed $(shell find static/scss static/js -type f 2>/dev/null)
	@npm run --silent build
	@touch $@

install: $(VENV)/.installed static/dist/.built

run: install
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_demo_data
	@$(MANAGE) build_data_set
	@echo "Serving http://127.0.0.1:$(PORT)/ (the neutral portal; officers sign in at /admin/) and the councils at http://wandsworth.localhost:$(PORT)/, http://telford.localhost:$(PORT)/ and http://westminster.localhost:$(PORT)/. Ctrl-C stops it."
	@PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	@$(BIN)/pytest -q -p no:cacheprovider

bench: install
	@$(BIN)/python -m tests.benchmarks.exports
	@$(BIN)/python -m tests.benchmarks.fanout
	@# Pages through gunicorn and at 100x the data, then report downloads (issue 17): each prints
	@# its ratios against the targets; a missed target fails make bench once both have run.
	@status=0; $(BIN)/python -m tests.benchmarks.pages --strict || status=1; \
		$(BIN)/python -m tests.benchmarks.downloads --strict || status=1; exit $$status

lint: $(VENV)/.installed
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/lint-imports

format: $(VENV)/.installed
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

check: lint test

worker: install
	@$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	@mkdir -p var
	@$(BIN)/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule

lock: | $(BIN)/python
	@$(BIN)/pip install $(PIP_QUIET) pip-tools
	@$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file=requirements.lock pyproject.toml
	@$(BIN)/pip-compile --quiet --extra=dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --constraint=requirements.lock \
		--output-file=requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles var db.sqlite3

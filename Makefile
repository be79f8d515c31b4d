# Certify: `make help` lists the targets. `make run` and `make test` are all you need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
ADDR ?= 127.0.0.1:8000
AXE := node_modules/axe-core/axe.min.js
PDFJS_VERSION := $(shell sed -n 's/.*"pdfjs-dist": "\(.*\)".*/\1/p' package.json)
PDFJS := certify/core/static/vendor/pdfjs-$(PDFJS_VERSION)/pdf.min.mjs

.PHONY: help install system-packages run dev serve migrate demo test test-sqlite test-postgres test-browser mutation tour lint format typecheck check-migrations messages clean bench bench-profile bench-signing bench-replica bench-documents bench-sweeps soak drills

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-18s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	@$(UV) sync --frozen --quiet
	@mkdir -p var
	@touch $@

# Byte-code for the installed packages, written once here: every Python process (each test
# worker, each `manage.py` a test starts) then skips compiling Django and the rest from source,
# about 1.5 s of CPU each, even where PYTHONDONTWRITEBYTECODE keeps Python from caching it.
$(VENV)/.bytecode: $(VENV)/.installed
	@$(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

system-packages: ## Install the Debian packages Certify needs (as root), or say which
	@tools/install-system-packages.sh

install: system-packages $(VENV)/.installed $(VENV)/.bytecode $(PDFJS) ## Create .venv and install the locked dependencies (Python and npm)

migrate: install ## Apply database migrations (SQLite in var/ unless DATABASE_URL is set)
	@mkdir -p var
	@$(PY) manage.py migrate --no-input -v0

demo: migrate ## Load the LSSCP program and the demo accounts
	@$(PY) manage.py load_program lsscp
	@$(PY) manage.py seed_demo

# The address served is the site's address: links in pages and e-mails follow ADDR (unless
# SITE_URL is set); the issuer DID stays the one recorded with the first key.
# `make run` is for using Certify: no process watches the source files, so it idles at almost no
# CPU (the worker looks for tasks every 2 s). `make dev` is the same with both processes
# restarting when a source file changes.
RUN_WEB := runserver --noreload
RUN_WORKER := db_worker --interval 2
run: export CERTIFY_SERVED_ADDR := $(ADDR)
run: demo ## Install, migrate, load LSSCP and demo accounts; serve web + worker + scheduler on $(ADDR)
	@echo ""
	@echo "Certify is starting on http://$(ADDR)/  (Ctrl-C stops the web server and the worker)"
	@echo "E-mails (e.g. verification links) are written to var/mail/."
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py $(RUN_WORKER) >var/worker.log 2>&1 & \
	  while true; do $(PY) manage.py run_jobs >>var/jobs.log 2>&1; sleep 300; done & \
	  $(PY) manage.py $(RUN_WEB) $(ADDR)

dev: RUN_WEB := runserver
dev: RUN_WORKER := db_worker --reload
dev: run ## As `make run`, but the web server and the worker restart when a source file changes

lint: install ## ruff (lint + format check), mypy, and the import contracts (layers, api.py)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy certify
	@$(VENV)/bin/lint-imports --no-logo

format: install ## Reformat the code and fix what ruff can
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

messages: ## Compile the site's words for Django's field errors (certify/locale, after editing the .po)
	msgfmt --check -o certify/locale/en/LC_MESSAGES/django.mo certify/locale/en/LC_MESSAGES/django.po

check-migrations: install ## Fail when a model change has no migration
	@DJANGO_SETTINGS_MODULE=certify.settings.test $(PY) manage.py makemigrations --check --dry-run

# The test targets write byte-code for the project's own modules and tests (into __pycache__/,
# ignored by git), even where PYTHONDONTWRITEBYTECODE is set: otherwise every pytest process (each
# pytest-xdist worker) and every `manage.py` a test starts compiles certify/ and tests/ afresh,
# about 16 s of CPU each.
test test-sqlite test-postgres test-browser tour: export PYTHONDONTWRITEBYTECODE :=

# The browser tests run once, in test-browser, not in each database run. The database runs
# need node_modules too: the credential tests check signatures with Digital Bazaar's verifier.
# A database run on its own uses every core (pytest-xdist); `make test` runs both beside the
# browser tests and gives each half the cores (TEST_WORKERS, set by tools/test_all.py; 0 on two
# cores: the tests in pytest's own process). PYTEST_ARGS="-n 0" runs them serially. Each run
# lists its 25 slowest steps (--durations) so a test that grows slow is seen.
DURATIONS := --durations=25
TEST_WORKERS ?= auto
test-sqlite: install $(AXE) ## The whole suite on SQLite
	@$(VENV)/bin/pytest --ignore=tests/browser -n $(TEST_WORKERS) $(DURATIONS) $(PYTEST_ARGS)

test-postgres: install $(AXE) ## The whole suite on a throwaway PostgreSQL 15 cluster
	@$(PY) tools/pgcluster.py -- $(VENV)/bin/pytest --ignore=tests/browser -n $(TEST_WORKERS) $(DURATIONS) $(PYTEST_ARGS)

# npm packages (package-lock.json): pdf.js for the evidence viewer, axe-core for the browser
# tests, @digitalbazaar/* for the independent credential verifier. npm gives files old dates,
# hence the touch.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: Certify needs it for pdf.js (make system-packages as root installs it)" >&2; exit 1; }
	@npm ci --no-audit --no-fund --silent && touch $@

# pdf.js (ADR 0049): the pinned package's minified build and license, copied into a static folder
# named for its version (ignored by git), which the assess page loads.
$(PDFJS): $(AXE)
	@mkdir -p $(dir $@)
	@cp node_modules/pdfjs-dist/build/pdf.min.mjs node_modules/pdfjs-dist/build/pdf.worker.min.mjs node_modules/pdfjs-dist/LICENSE $(dir $@)

# Their own folders for uploads and documents (certify/settings/test.py), apart from a database
# suite's that runs beside them in pytest's own process.
test-browser tour: export CERTIFY_TEST_PROCESS := browser
test-browser: install $(AXE) ## Browser tests with axe-core accessibility checks
	@$(VENV)/bin/pytest tests/browser $(DURATIONS) $(PYTEST_ARGS)

tour: install $(AXE) ## Walk the whole journey in chromium and refresh docs/tour/'s screenshots
	@TOUR_DIR=docs/tour $(VENV)/bin/pytest tests/browser/test_journey.py $(PYTEST_ARGS)

# tools/test_all.py runs lint → check-migrations → test-browser, test-sqlite and test-postgres
# side by side, prints each step's output as it ends, and the total time last. TEST_LANES=1 runs
# them one after the other instead.
test: install $(AXE) ## Lint, migrations check, suite on SQLite and PostgreSQL, browser tests; prints the time
	@$(PY) tools/test_all.py

# Mutation testing of the pure rule modules ([tool.mutmut] in pyproject.toml: which modules, which
# tests). One worker, a fresh mutants/ copy each time; 4 to 6 minutes. Fails when any mutant is
# not killed (mutmut results lists only those).
mutation: install ## Mutation-test the pure rule modules (eligibility, verdicts, life cycle, periods, awards)
	@rm -rf mutants
	@$(VENV)/bin/mutmut run --max-children 1 >/dev/null 2>&1 || { echo "mutmut run failed: run '$(VENV)/bin/mutmut run --max-children 1' to see why" >&2; exit 1; }
	@$(VENV)/bin/mutmut export-cicd-stats >/dev/null
	@$(PY) -c 'import json; print("{killed} of {total} mutants killed; survived: {survived}, no tests: {no_tests}, timeout: {timeout}, suspicious: {suspicious}".format(**json.load(open("mutants/mutmut-cicd-stats.json"))))'
	@left=$$($(VENV)/bin/mutmut results | grep -v '^\s*$$'); if [ -n "$$left" ]; then echo "$$left"; exit 1; fi

# The benchmark (bench/run.py): PostgreSQL + gunicorn (production settings) + wrk on loopback.
# The first run generates BENCH_CANDIDATES (default 100000) candidates into var/bench/ and keeps
# them; results land in bench/results/. BENCH_ARGS passes options (e.g. "--duration 5").
bench: install ## Benchmark the main pages and bulk jobs at scale (first run: ~15 min)
	@$(PY) bench/run.py $(BENCH_ARGS)

bench-profile: install ## Each benched page served in-process on the kept bench database: CPU, SQL, queries
	@$(PY) bench/profile.py $(BENCH_PROFILE_ARGS)

bench-signing: install ## Issue and sign credentials in-process, old and current path side by side (ADR 0057)
	@$(PY) bench/signing.py $(BENCH_SIGNING_ARGS)

bench-replica: install ## Demo on loopback: primary + streaming replica, two app servers, nginx
	@$(PY) bench/replica_demo.py $(BENCH_ARGS)

bench-documents: install ## PDF downloads typeset on the spot vs served from storage (ADR 0058)
	@$(PY) bench/documents.py $(BENCH_ARGS)

bench-sweeps: install ## A day's daily jobs at a million certificates (first run generates them: ~7 min) (ADR 0060)
	@$(PY) bench/sweeps.py $(BENCH_SWEEPS_ARGS)

# The soak (bench/soak.py): the production stack on loopback (PostgreSQL, Redis, gunicorn with 2
# workers, nginx) under 16 connections of mixed and hostile traffic for 60 s; its table lands in
# bench/results/soak.md. SOAK_ARGS passes options (e.g. "--duration 10 --connections 8").
soak: install ## Mixed and hostile traffic for 60 s on the production stack; fails when a target is missed
	@$(PY) bench/soak.py $(SOAK_ARGS)

# The fault drills (bench/drills.py): a task worker killed mid-task, PostgreSQL restarted under
# load, Redis stopped. DRILLS_ARGS passes options (e.g. "--drill redis").
drills: install ## Fault drills on the production stack: worker killed, PostgreSQL restarted, Redis stopped
	@$(PY) bench/drills.py $(DRILLS_ARGS)

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

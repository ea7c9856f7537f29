# ParkOps 园区通: `make run` starts the demo park, `make test` checks everything CI checks.
# Both install what they need first, and only what changed since the last time.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DATA_DIR := $(or $(PARKOPS_DATA_DIR),var)
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/parkops
# Browser tests all go to one worker (e2e/conftest.py groups them); the app tests share the rest.
PYTEST := $(BIN)/pytest -n auto --maxprocesses 4 --dist loadgroup

.PHONY: help run worker test lint migrations-check test-sqlite test-postgres install system-packages clean distclean
.PHONY: audit lock
.PHONY: loadtest

help:
	@echo "make run     install, migrate, load the demo park and serve it on http://127.0.0.1:8000/ with its worker"
	@echo "make worker  the worker alone (schedules, reminders, deliveries, reports)"
	@echo "make test    install, lint, check migrations, run the tests on SQLite and then on PostgreSQL"
	@echo "make lint    ruff, and import-linter on the layers (.importlinter)"
	@echo "make audit   pip-audit on requirements.lock, bandit on the code (high severity fails)"
	@echo "make loadtest  50 users for 10 minutes on gunicorn + PostgreSQL (USERS=10 DURATION=60s: a quick check)"
	@echo "make lock    write requirements.lock from pyproject.toml (UPGRADE=1: newest allowed versions)"
	@echo "make clean   remove caches and test artifacts (distclean: the venv, node_modules and var/ too)"

# DEBUG is off unless asked for (parkops/settings.py): the demo on this machine asks for it.
run worker migrations-check: export DEBUG ?= true

run: install | $(DATA_DIR)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	# The worker beside the web server, stopped with it.
	$(MANAGE) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; $(MANAGE) runserver 127.0.0.1:8000

worker: install | $(DATA_DIR)
	$(MANAGE) migrate --noinput
	$(MANAGE) worker

test: lint migrations-check audit test-sqlite test-postgres

# ruff, then the layers: an import that runs the wrong way between the apps fails (.importlinter, README "Layers").
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

migrations-check: $(VENV)/.installed | $(DATA_DIR)
	$(MANAGE) makemigrations --check --dry-run

test-sqlite: install system-packages
	@echo "== Tests on SQLite"
	env -u DATABASE_URL $(PYTEST)

test-postgres: install system-packages
	@echo "== Tests on PostgreSQL ($(POSTGRES_URL); pytest-django creates test_parkops)"
	scripts/ensure-postgres.sh
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST)

install: $(VENV)/.installed node_modules/.installed

# Coverage-guided fuzzing of the parsers (scripts/fuzz/), bounded; atheris is in the fuzz extra only.
FUZZ_RUNS ?= 20000
.PHONY: fuzz
fuzz: install
	$(BIN)/pip install --quiet --disable-pip-version-check 'atheris>=2.3'
	$(BIN)/python scripts/fuzz/fuzz_parsers.py numbers -runs=$(FUZZ_RUNS)
	$(BIN)/python scripts/fuzz/fuzz_parsers.py files -runs=$$(( $(FUZZ_RUNS) / 10 ))

# The stamps are newer than the file they were installed from: change it, and the next make reinstalls.
# Exactly the audited versions, checked against their hashes; then the project itself. pip check fails
# when pyproject.toml wants a package requirements.lock lacks: run `make lock` and commit the lock.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/pip check || { echo "!! requirements.lock is behind pyproject.toml: run make lock and commit it" >&2; exit 1; }
	touch $@

# Keeps the versions already locked and adds what pyproject.toml gained (after a merge: make lock, commit);
# UPGRADE=1 moves everything to the newest versions pyproject.toml allows. Machine-local indexes stay out.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/pip install --quiet --disable-pip-version-check pip-tools
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) --output-file requirements.lock pyproject.toml

# Supply chain and code checks (等保 三级): known vulnerabilities in the locked packages, through PyPI's
# JSON API (the only vulnerability service the intranet build machines reach); bandit's high-severity
# findings in our code. Medium findings are fixed or carry a `# nosec BXXX` comment saying why.
audit: $(VENV)/.installed
	@echo "== pip-audit (requirements.lock) and bandit"
	mkdir -p artifacts
	$(BIN)/pip-audit --requirement requirements.lock --require-hashes --disable-pip --vulnerability-service pypi \
		--progress-spinner off --format json --output artifacts/pip-audit.json || true
	$(BIN)/python scripts/check-pip-audit.py < artifacts/pip-audit.json
	$(BIN)/bandit --quiet --recursive parkops --exclude '*/tests/*,*/migrations/*,parkops/testing/*' \
		--severity-level high --confidence-level low

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Not part of `make test`: its own database on the local PostgreSQL, gunicorn and the worker, the daily mix;
# the report goes to artifacts/loadtest/. Fails on any error or any acknowledged write not in the database.
loadtest: install
	scripts/ensure-postgres.sh
	USERS=$(or $(USERS),50) DURATION=$(or $(DURATION),10m) scripts/loadtest/run.sh

system-packages:
	scripts/ensure-system-packages.sh

$(DATA_DIR):
	mkdir -p $@

clean:
	rm -rf artifacts .ruff_cache .pytest_cache *.egg-info
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -not -path './node_modules/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules $(DATA_DIR)

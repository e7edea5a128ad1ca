# Rampway — the README's two commands are `make run` and `make test`; everything else builds on them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# make run starts four Python processes that import Django, Wagtail and the apps; without cached bytecode each
# compiles them all again (5-10 CPU-s a process). Environments such as container images often set
# PYTHONDONTWRITEBYTECODE; here the bytecode goes to .venv and the gitignored __pycache__ directories.
unexport PYTHONDONTWRITEBYTECODE

PYTHON ?= $(shell command -v python3.11 || command -v python3)
PORT ?= 8000
# uv if it is on PATH, otherwise the one pip installs into this Python.
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN = $(UV) run --locked --no-sync
MANAGE = $(RUN) python manage.py
# pytest exits 5 when nothing was collected; treat that as "nothing to run", every other failure as failure.
PYTEST = run_pytest() { $(RUN) pytest "$$@"; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; rc=0; fi; return $$rc; }; run_pytest

SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rampway
SERVICES_BROKER_URL ?= redis://127.0.0.1:6379/15
SERVICES_CACHE_URL ?= redis://127.0.0.1:6379/14

.PHONY: help uv setup run test lint e2e screenshots services-test bench messages chromium xmlsec1

help:
	@echo "make run            set up and serve the demo on http://127.0.0.1:$(PORT)/"
	@echo "make test           set up and run the default test suite"
	@echo "make lint           ruff, djhtml, mypy, bandit, pip-audit"
	@echo "make services-test  tests against PostgreSQL, Redis and a real Celery worker"
	@echo "make e2e            browser tests (Playwright + /usr/bin/chromium)"
	@echo "make screenshots    the every-page browser test, saving docs/screenshots/*.jpg on the way"
	@echo "make bench          benchmarks → var/bench.json (PostgreSQL on 127.0.0.1; BENCH_USERS=50 for a quick run)"

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		$(PYTHON) -m pip install --quiet uv || $(PYTHON) -m pip install --quiet --user uv

setup: uv
	$(UV) sync --locked
	$(MANAGE) compile_translations -v 0

# runserver runs the system checks, so migrate and seed_demo skip them (each run costs seconds of imports);
# the INFO lines of the Wagtail pages migrate sets up would bury migrate's own output.
run: setup
	DJANGO_LOG_LEVEL=WARNING $(MANAGE) migrate --noinput --skip-checks
	$(MANAGE) seed_demo --skip-checks --url http://127.0.0.1:$(PORT)/
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup xmlsec1
	@$(PYTEST) -n 2

lint: setup
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) djhtml --check $$(git ls-files '*.html')
	$(RUN) mypy platform courses assessments coaching analytics api stats
	$(MANAGE) check_translations
	$(RUN) bandit -c pyproject.toml -r . --severity-level high --quiet
	@mkdir -p var
	$(UV) export --frozen --no-hashes --no-emit-project --format requirements-txt -o var/audit-requirements.txt -q
	$(RUN) python -m tests.security.audit_lock var/audit-requirements.txt

# Includes the browser tests marked both services and e2e (they need PostgreSQL), hence chromium.
services-test: setup chromium
	DATABASE_URL=$(SERVICES_DATABASE_URL) CELERY_BROKER_URL=$(SERVICES_BROKER_URL) CACHE_URL=$(SERVICES_CACHE_URL) \
		DJANGO_ALLOW_ASYNC_UNSAFE=true bash -c '$(PYTEST) -m services -p no:xdist'

chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The SAML sign-in tests' identity provider (pysaml2) signs its assertions with the xmlsec1 binary.
xmlsec1:
	@test -x /usr/bin/xmlsec1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1; }

# SQLite; browser tests that need PostgreSQL (marked services too) run in services-test.
e2e: setup chromium
	@export DJANGO_ALLOW_ASYNC_UNSAFE=true; $(PYTEST) -m "e2e and not services" -p no:xdist

# The pictures come from the every-page test's own visits, so a screenshot is of a page that was just checked.
screenshots: setup chromium
	@rm -f docs/screenshots/*.jpg
	@export DJANGO_ALLOW_ASYNC_UNSAFE=true RAMPWAY_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots; \
		$(PYTEST) -m e2e -p no:xdist tests/e2e/test_every_page.py

# Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432) and Redis (BENCH_CACHE_URL);
# under 25 minutes on 2 cores (the exam day at 1,000 examinees is about 10).
# BENCH_USERS, BENCH_ONLY, BENCH_WORKERS, BENCH_THREADS… are described in tests/benchmarks/run.py.
bench: setup
	@mkdir -p var
	timeout 1500 $(RUN) python -m tests.benchmarks.run

messages:
	$(MANAGE) makemessages -l zh_Hans --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(MANAGE) compile_translations

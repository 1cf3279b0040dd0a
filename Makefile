# Two commands for a new user: `make run` and `make test`. Each sets itself up.
# (`make dev` is `make run` with DEBUG on, for development.)
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

# The first Python >= 3.12 that really runs (pyenv shims may exist but fail).
PYTHON_CANDIDATES := python3.13 python3.12 python3 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) \
	/usr/bin/python3
FIND_PYTHON = for p in $(PYTHON_CANDIDATES); do \
	  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; \
	done

.PHONY: run dev test lint setup setup-dev messages clean serve-scaled

$(PY):
	@py=$$($(FIND_PYTHON)); \
	if [ -z "$$py" ]; then echo "Cần Python >= 3.12 (python3.13, python3.12 hoặc python3). Python >= 3.12 is required." >&2; exit 1; fi; \
	echo "Using $$py"; $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

setup-dev: $(VENV)/.installed-dev

# `make run` serves as a small unit runs the site: config.settings.embedded with DEBUG off
# (no technical error pages, the content security policy on, a generated .secret_key);
# `make dev` is the same with DJANGO_DEBUG=1. Both export these to setup (collectstatic
# must build whitenoise's manifest for DEBUG off) and to every process below.
run dev: export DJANGO_SETTINGS_MODULE := config.settings.embedded
run dev: export SITE_BASE_URL ?= http://127.0.0.1:$(PORT)
run: export DJANGO_DEBUG ?= 0
dev: export DJANGO_DEBUG := 1

# One process on one port: daphne serves the websockets through Channels and every page through
# Django's WSGI handler on a fixed pool of HTTP_THREADS threads (config/asgi.py). The sweep
# (overdue attempts, rounds past their closing time) runs beside it.
run dev: setup
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (pages and websockets). Ctrl+C to stop."
	@$(PY) manage.py sweep --every 5 & sweeper=$$!; \
	trap 'kill $$sweeper 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/daphne -b 127.0.0.1 -p $(PORT) --websocket_connect_timeout 30 config.asgi:application

# The production topology on loopback: nginx on PORT (8080 here) sending pages to WSGI_WORKERS (2)
# granian processes and /ws/ to DAPHNE_WORKERS (2) daphne processes, and the sweep, on
# DATABASE_URL and REDIS_URL (both required). docs/deploy.md.
serve-scaled: $(VENV)/.installed
	@deploy/serve-scaled.sh

# Embedded default first (SQLite, in-memory layer); then, when DATABASE_URL and
# REDIS_URL are set, the suite again on PostgreSQL + Redis with the scale-out tests.
# pytest-xdist workers: each has its own test database and Redis database (config/settings/
# test.py); the scale-out tests, which start servers on the shared databases, run alone.
TEST_WORKERS ?= 2

test: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest -m "not scaleout" -n $(TEST_WORKERS)
	@if [ -n "$$DATABASE_URL" ] && [ -n "$$REDIS_URL" ]; then \
	  echo "== Scale-out: PostgreSQL ($$DATABASE_URL) + Redis ($$REDIS_URL) =="; \
	  $(VENV)/bin/pytest -m "not browser and not scaleout" -n $(TEST_WORKERS) -p no:cacheprovider && \
	  $(VENV)/bin/pytest -m "scaleout and not browser" -p no:cacheprovider; \
	else \
	  echo "Scale-out tests not run: set DATABASE_URL and REDIS_URL to run them."; \
	fi

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Recompile the Vietnamese catalogs after editing a .po file (needs GNU gettext).
messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

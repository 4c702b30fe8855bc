# The two commands: `make run` serves the portal, `make test` checks it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/portal)
PG_START := pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start

# DEBUG is off unless asked for (a deployment leaves it off); development and the tests want it on.
prepare run test check-postgres messages: export DJANGO_DEBUG = 1

# The Python of .python-version (3.12 or newer), found on PATH.
$(VENV)/.created:
	@want=$$(cat .python-version); \
	for candidate in python$$want python3.13 python3.12 python3; do \
	  if command -v $$candidate >/dev/null 2>&1 && \
	     $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo "Creating $(VENV) with $$($$candidate --version)"; \
	    $$candidate -m venv $(VENV) && touch $@ && exit 0; \
	  fi; \
	done; \
	echo "No Python 3.12 or newer found: install Python $$want and run make again." >&2; exit 1

$(VENV)/.requirements: $(VENV)/.created requirements.txt build-constraints.txt
	PIP_CONSTRAINT=build-constraints.txt $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev: $(VENV)/.requirements requirements-dev.txt
	PIP_CONSTRAINT=build-constraints.txt $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# axe-core for the accessibility tests, from the npm registry (package-lock.json pins it).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

.PHONY: venv dev-venv prepare run test messages check-postgres backup restore bench faults

venv: $(VENV)/.requirements

dev-venv: $(VENV)/.requirements-dev

# Everything `make run` does before serving; .ci/run's smoke test uses it too.
prepare: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_demo_admin

# The web server, a task worker (messages go out in the background: SMS are printed here, the
# console backend) and the hourly reminders, every minute so the demo shows them; Ctrl+C stops all.
run: prepare
	@echo "Serving on http://127.0.0.1:$(PORT)/ with a task worker and the reminders"
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-reload --interval 1 & \
	$(PY) manage.py send_reminders --every 60 & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

check-postgres: dev-venv
	@DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -c 'import os, psycopg2; from community.settings import database_from_url as d; c = d(os.environ["DATABASE_URL"]); psycopg2.connect(host=c["HOST"] or None, port=c["PORT"] or None, user=c["USER"] or None, password=c["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()' 2>/dev/null \
	  || { echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL): start it with '$(PG_START)' or set DATABASE_URL." >&2; exit 1; }

test: dev-venv node_modules/.package-lock.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	@$(MAKE) --no-print-directory check-postgres
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest

# Refresh the zh_Hans catalogue after changing user-visible strings, then translate what is new.
messages: dev-venv
	$(PY) manage.py makemessages -l zh_Hans --ignore=$(VENV) --ignore=node_modules --no-obsolete --add-location=file

# A consistent dump of the PostgreSQL database plus the media files, in backups/<date-time>/.
backup:
	deploy/backup.sh

# Bring a backup back into an empty database: make restore BACKUP=backups/<date-time>
restore:
	deploy/restore.sh $(BACKUP)

# The benchmark at scale 1 and 50 (wrk from Debian's packages; PostgreSQL and Redis running).
SCALES ?= 1 50
bench: venv
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
	SCALES="$(SCALES)" $(PY) bench/run.py

# Redis stopped, PostgreSQL restarted, a worker killed, the upload folder full, then a soak, on
# a PostgreSQL and a Redis it starts for itself (the shared ones are left alone); see README.md.
FAULTS_SOAK_SECONDS ?= 600
faults: venv
	FAULTS_SOAK_SECONDS=$(FAULTS_SOAK_SECONDS) $(PY) bench/faults.py

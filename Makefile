# The two commands a new user runs are `make run` and `make test`; the rest serve developers and operators.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv dev-venv messages lint format bench loadtest serve audit clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

## run: install, migrate, compile the catalogue, load the demo data and serve http://127.0.0.1:8000
run: export DEBUG ?= true
run: venv
	$(MANAGE) migrate --no-input
	$(MANAGE) compile_catalogues
	$(MANAGE) seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ — log in with one of the accounts above (password demo12345)."
	$(MANAGE) runserver $(HOST):$(PORT)

## test: lint, migrations check, then the whole pytest suite
test: export DJANGO_SETTINGS_MODULE = campaign_portal.settings.test
test: dev-venv
	$(MANAGE) compile_catalogues > /dev/null
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## serve: the production stack (gunicorn + Celery worker + beat) against DATABASE_URL and REDIS_URL, DEBUG off
serve: export DEBUG = false
serve: export SECURE_SSL_REDIRECT ?= false
serve: venv
	$(MANAGE) serve --bind $(HOST):$(PORT)

## loadtest: 20 users for 60 s against gunicorn + Celery on PostgreSQL (national synthetic data), then verify writes
loadtest: dev-venv
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

## audit: known vulnerabilities in the pinned requirements (pip-audit; needs the vulnerability service reachable)
audit: dev-venv
	$(VENV)/bin/pip-audit -r requirements-dev.txt --disable-pip --no-deps --progress-spinner off

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: dev-venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: regenerate the Vietnamese catalogues (needs GNU gettext: apt-get install gettext)
messages: export DJANGO_SETTINGS_MODULE = campaign_portal.settings.test
messages: dev-venv
	for app in campaign_portal steering reporting inspections; do (cd $$app && ../$(PY) ../manage.py makemessages -l vi --no-obsolete --add-location file); done
	$(PY) manage.py makemessages -l vi --no-obsolete --add-location file --ignore='campaign_portal/*' --ignore='steering/*' --ignore='reporting/*' --ignore='inspections/*' --ignore='.venv/*' --ignore='tests/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .test-media .run

## bench: consolidation and PDF/Excel export timings on a national synthetic dataset (PostgreSQL; built once
## with manage.py make_synthetic), beside the openpyxl/reportlab floors and django-import-export; last line is JSON
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cp_bench
bench: dev-venv
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.consolidation

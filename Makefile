# Simpul: `make run` serves the demo, `make test` runs every check. Both install what is missing first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
export DJANGO_SETTINGS_MODULE := simpul.settings

.PHONY: run test install lint typecheck pytest bench messages serve clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Simpul needs Python 3.12 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed node_modules/.package-lock.json messages

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install -y gettext)"; exit 1; }
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_regions --if-empty
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py demo_logins
	@echo "Simpul is serving at http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/python manage.py db_worker --queue-name '*' & \
	  $(BIN)/gunicorn simpul.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --threads 4 --access-logfile - & \
	  wait

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

pytest: install
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null; fi
	$(BIN)/pytest

test: install lint typecheck pytest

bench: install
	@for b in bench/[a-z]*.py; do $(BIN)/python -m bench.$$(basename $$b .py) --quick || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles var

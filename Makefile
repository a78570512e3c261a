# Simpul: `make run` serves the demo, `make test` runs every check. Both install what is missing first.
SHELL := /bin/bash
# .python-version holds 3.12; pyenv (or the system) provides python3.12.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
export DJANGO_SETTINGS_MODULE := simpul.settings
export DEBIAN_FRONTEND := noninteractive

.PHONY: run serve test install lint typecheck pytest bench messages clean

# Install a Debian package when its command is missing: as root with apt-get, otherwise say how.
define apt_install
	@if ! command -v $(1) >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(2) (apt-get)"; \
	    apt-get install -y -q $(2) >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $(2) >/dev/null; }; \
	  else echo "$(1) not found: install it with 'sudo apt-get install $(2)'"; exit 1; fi; \
	fi
endef

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

# The catalog in simpul/locale (settings.LOCALE_PATHS).
messages: $(VENV)/.installed
	$(call apt_install,msgfmt,gettext)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_regions --if-empty
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput -v0
	@$(MAKE) --no-print-directory serve

# gunicorn (static files by whitenoise) and the task worker side by side (simpul/core/management/commands/
# serve_demo.py): a task worker that dies is restarted after a short back-off; if gunicorn stops, everything stops
# and the log says why; Ctrl-C (or TERM) stops both. Links in invitations and e-mails use SITE_URL (default: this port).
serve:
	@$(BIN)/python manage.py demo_logins --base-url http://127.0.0.1:$(PORT)
	@echo "Simpul is serving at http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	@SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py serve_demo --port $(PORT) --workers $(WORKERS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# Browser tests drive Debian's Chromium (/usr/bin/chromium). After the whole suite, the tests marked `calendar` run
# again at each moment in CLOCKS (pytest --clock, tests/clock.py): 1 January just after midnight WIB (UTC still in
# the old year), a leap day, 31 December, the first and the last day of a month, 23:30 WIB on a month's last day.
# --reuse-db: their test database (migrations, the 91,599 regions) is built once for all the clocks. They hold no
# browser test, so they run on CALENDAR_WORKERS processes (pytest-xdist; a module's tests stay on one worker, so
# a module that seeds the demo seeds it once).
CLOCKS ?= 2027-01-01T00:15+07:00 2028-02-29T12:00+07:00 2027-12-31T12:00+07:00 2027-03-01T08:00+07:00 \
	2027-04-30T10:00+07:00 2027-08-31T23:30+07:00
# The suite in two passes: every test but the browser tests on TEST_WORKERS processes (each its own test database,
# kept for the calendar runs), then the browser tests in one process, as they share one served demo.
TEST_WORKERS ?= 2
CALENDAR_WORKERS ?= $(TEST_WORKERS)
pytest: install
	$(call apt_install,chromium,chromium)
	@start=$$SECONDS; echo "==> tests but the browser tests, on $(TEST_WORKERS) processes"; \
	  $(BIN)/pytest -m "not e2e" --reuse-db --create-db -n $(TEST_WORKERS) --dist loadfile || exit 1; \
	  echo "==> passed in $$((SECONDS - start)) s"
	@start=$$SECONDS; echo "==> browser tests"; \
	  $(BIN)/pytest -m e2e || exit 1; \
	  echo "==> browser tests passed in $$((SECONDS - start)) s"
	@for clock in $(CLOCKS); do \
	  start=$$SECONDS; echo "==> calendar tests at $$clock"; \
	  $(BIN)/pytest -q -m "calendar and not e2e" --reuse-db --clock=$$clock \
	    -n $(CALENDAR_WORKERS) --dist loadfile || exit 1; \
	  echo "==> calendar tests at $$clock passed in $$((SECONDS - start)) s"; \
	done

test: install lint typecheck pytest

bench: install
	@for b in bench/[a-z]*.py; do $(BIN)/python -m bench.$$(basename $$b .py) --quick || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles var

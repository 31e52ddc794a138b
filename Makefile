# Casework: `make run` serves the demo, `make test` runs the whole suite.
# Both create .venv and install the pinned requirements first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
# Development settings for the local server and the tests (Django's test runner turns
# DEBUG off itself while the tests run).
DEV_ENV := DEBUG=1
# Tests close each connection after use, so that server threads leave none open.
TEST_ENV := $(DEV_ENV) DATABASE_CONN_MAX_AGE=0
# Translations: locale/<language>/LC_MESSAGES/django.po is the source, kept in git; the compiled
# .mo beside it is built here (and ignored by git), so that it can never lag behind its .po.
CATALOGS := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGS:.po=.mo)
# How `make messages` collects the strings to translate. tests/test_arabic.py runs the same
# collection on a copy and fails when the catalog lacks a string.
MAKEMESSAGES := makemessages --all --no-obsolete --add-location=file --ignore=bench --ignore=tests \
	--ignore=staticfiles --ignore=test-artifacts --ignore=private-media --ignore=docs

.PHONY: run test bench backup install migrate demo check-migrations lint clean gettext compilemessages messages

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "Serving Casework at http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "################################################################"; \
		echo "## $(CHROMIUM) not found: the BROWSER TESTS WILL BE SKIPPED.      ##"; \
		echo "## Install Debian's chromium package to run them (CI does).    ##"; \
		echo "################################################################"; \
	fi
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# The benchmark (bench/README.md): gunicorn and wrk against PostgreSQL holding 100,000 cases.
# BENCH_ARGS passes options to bench/run.py, e.g. BENCH_ARGS="--cases 20000 --duration 5".
bench: install
	@command -v wrk >/dev/null || { echo "Installing wrk from Debian's packages..."; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q wrk; }
	$(PY) bench/run.py $(BENCH_ARGS)

# A consistent backup of the database DATABASE_URL names (SQLite by default) into backups/;
# restoring is `manage.py restore_database FILE` into an empty database (docs/backups.md).
# Outside development, set DEBUG=0 and the production variables as for the server.
backup: install
	DEBUG=$${DEBUG-1} $(PY) manage.py backup_database $(BACKUP_ARGS)

install: $(VENV)/.installed compilemessages

# GNU gettext compiles the catalogs (msgfmt) and collects strings (xgettext): from Debian's
# packages when missing, as `make bench` installs wrk.
gettext:
	@command -v msgfmt >/dev/null && command -v xgettext >/dev/null || { \
		echo "Installing gettext from Debian's packages..."; \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$sudo apt-get install -y -q gettext || { $$sudo apt-get update -q && $$sudo apt-get install -y -q gettext; }; }

compilemessages: $(COMPILED)

# --check refuses a translation whose %(name)s placeholders differ from its English.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext
	msgfmt --check --output-file=$@ $<

# After changing strings in code or templates: collect them into every catalog, then translate
# the new entries (README.md, "Arabic and other languages").
messages: $(VENV)/.installed gettext
	$(DEV_ENV) $(PY) manage.py $(MAKEMESSAGES)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create $(VENV). On Debian: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Static checks, as CI runs them: ruff (pyproject.toml), and bandit with no finding of medium
# severity or above (each exception is justified where it stands, with `# nosec`).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -r incidents accounts casework bench manage.py --severity-level medium

check-migrations: install
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles test-artifacts $(COMPILED)

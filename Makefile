# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The message catalogues: one folder per language in locale/ (English is the source, it has none).
LOCALES := $(notdir $(wildcard locale/*))
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
MAKEMESSAGES_IGNORE := --ignore='.venv/*' --ignore='tests/*' --ignore='bench/*'

.DEFAULT_GOAL := install
.PHONY: install run test lint messages check-deploy worker clean

# `make` installs: the virtualenv, the pinned dependencies, the compiled catalogues.
install: $(VENV)/.installed $(MO_FILES)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The compiled catalogues are not committed (.gitignore): each is rebuilt when its .po changes (needs GNU gettext).
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	DEBUG=1 $(PY) manage.py compilemessages --locale $* --ignore='.venv/*' --verbosity 0

# Refresh every catalogue from the code and templates (then translate what is new, and commit the .po files).
messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) $(MAKEMESSAGES_IGNORE)

# The portal on the embedded default: SQLite, Celery eager, e-mail to the console.
run: export DEBUG = 1
run: export SITE_URL ?= http://localhost:$(PORT)
run: $(VENV)/.installed $(MO_FILES)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

# The whole suite (browser tests skip with a reason where Chromium is absent).
# Lint (with complexity and in-function imports), the app layers, types, migrations, then the suite.
test: $(VENV)/.installed $(MO_FILES)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-deploy: $(VENV)/.installed
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-for-django ALLOWED_HOSTS=portal.example.eu REDIS_URL=redis://127.0.0.1:6379/0 \
		AUDIT_ANCHOR_KEY=check-deploy-audit-anchor-key-$$(date +%s) BALLOT_SEAL_KEY=check-deploy-ballot-seal-key-$$(date +%s) \
		$(PY) manage.py check --deploy --fail-level WARNING

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A portal worker -B -l info

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles $(MO_FILES)

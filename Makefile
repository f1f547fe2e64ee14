# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint check-deploy worker clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The portal on the embedded default: SQLite, Celery eager, e-mail to the console.
run: export DEBUG = 1
run: export SITE_URL ?= http://localhost:$(PORT)
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

# The whole suite (browser tests skip with a reason where Chromium is absent).
test: $(VENV)/.installed
	$(PY) -m ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-deploy: $(VENV)/.installed
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-for-django ALLOWED_HOSTS=portal.example.eu REDIS_URL=redis://127.0.0.1:6379/0 \
		AUDIT_ANCHOR_KEY=check-deploy-audit-anchor-key-$$(date +%s) \
		$(PY) manage.py check --deploy --fail-level WARNING

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A portal worker -B -l info

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles

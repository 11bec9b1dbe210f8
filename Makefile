# Mille — the README's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format bench bench-opinions seed-national messages clean

install: $(STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus est nécessaire / Python >= 3.11 is required")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if command -v uv >/dev/null 2>&1; then \
		echo "→ uv pip sync requirements.lock"; \
		uv pip sync --quiet --python $(PY) requirements.lock; \
	else \
		echo "→ pip install -r requirements.lock"; \
		$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock; \
	fi
	@touch $(STAMP)

run: install
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	@echo "Demo log-ins (password mille-demo): coordination@example.org, coordinatrice@example.org, animateur@example.org, parent@example.org"
	@echo "Background worker (analyses of the votes): manage.py db_worker"
	DEBUG=1 $(PY) manage.py db_worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
		DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -n 2 -p no:cacheprovider

test-fast: install
	$(PY) -m pytest -x -q -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	cd mille && ../$(PY) ../manage.py makemessages -l en --no-obsolete
	cd mille && ../$(PY) ../manage.py compilemessages

bench: install bench-opinions
	bash scripts/bench.sh

# The opinion engine alone; red-dwarf (for comparison) lives in its own venv, from requirements-bench.lock.
bench-opinions: install
	@test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	@if command -v uv >/dev/null 2>&1; then uv pip install --quiet --python .venv-bench/bin/python -r requirements-bench.lock; \
	else .venv-bench/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bench.lock; fi
	RED_DWARF_PYTHON=.venv-bench/bin/python $(PY) scripts/bench_opinions.py

clean:
	rm -rf $(VENV) .venv-bench var/*.sqlite3 var/static

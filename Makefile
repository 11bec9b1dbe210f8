# Mille — the README's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# 0.0.0.0 serves the local network (`make room`): phones in the room reach the laptop.
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
BENCH_STAMP := .venv-bench/.installed

.PHONY: install run room test test-fast lint audit format bench bench-opinions seed-national messages lock clean

install: $(STAMP)

# One install route on every machine: Python's own venv and pip, from the hashed lock. The lock is
# complete (every dependency pinned), so pip installs it as it is (--no-deps) and `pip check`
# proves nothing is missing. No tool has to be installed by hand first.
$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus est nécessaire / Python >= 3.11 is required")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "→ pip install --no-deps --require-hashes -r requirements.lock"
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	@$(PY) -m pip check --disable-pip-version-check >/dev/null
	@touch $(STAMP)

run: install
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	DEBUG=1 $(PY) manage.py purge --schedule
	DEBUG=1 $(PY) manage.py opendata_export --schedule
	DEBUG=1 $(PY) manage.py network_sweep --schedule
	@echo "Demo log-ins (password mille-demo): coordination@example.org, coordinatrice@example.org, animateur@example.org, parent@example.org, partenaire@example.org, referent59@example.org"
	@echo "Background worker (analyses of the votes, the newsletter, reminders, the daily open data): manage.py db_worker"
	@if [ "$(HOST)" = "0.0.0.0" ]; then DEBUG=1 $(PY) manage.py room_address --port $(PORT); fi
	DEBUG=1 $(PY) manage.py db_worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
		if [ "$(HOST)" = "0.0.0.0" ]; then \
			export ALLOWED_HOSTS="$$(DEBUG=1 $(PY) manage.py room_address --hosts)"; \
			export SITE_URL="$$(DEBUG=1 $(PY) manage.py room_address --site-url --port $(PORT))"; \
		fi; \
		DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# A workshop in a room without network: Mille on the laptop, for the phones on its Wi-Fi or hotspot.
room:
	$(MAKE) run HOST=0.0.0.0

test: install
	$(PY) -m pytest -n 2 -p no:cacheprovider

test-fast: install
	$(PY) -m pytest -x -q -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the lock (needs the Internet; says so when it cannot reach the database).
audit: install
	$(PY) scripts/audit.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The catalogues: every interface string, in English, Arabic and Turkish (docs/i18n/).
messages: install
	cd mille && for lang in en ar tr; do DEBUG=1 ../$(PY) ../manage.py makemessages -l $$lang --no-obsolete || exit 1; done
	cd mille && DEBUG=1 ../$(PY) ../manage.py compilemessages

bench: install bench-opinions
	bash scripts/bench.sh

# The opinion engine alone; red-dwarf (for comparison) lives in its own venv, from requirements-bench.lock.
bench-opinions: install $(BENCH_STAMP)
	RED_DWARF_PYTHON=.venv-bench/bin/python $(PY) scripts/bench_opinions.py

$(BENCH_STAMP): requirements-bench.lock
	@test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	@echo "→ pip install --no-deps --require-hashes -r requirements-bench.lock (.venv-bench)"
	@.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-bench.lock
	@.venv-bench/bin/python -m pip check --disable-pip-version-check >/dev/null
	@touch $(BENCH_STAMP)

# Maintainers: after changing pyproject.toml's dependencies. uv comes from the lock itself (dev extra).
lock: install
	$(PY) -m uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --universal --quiet -o requirements.lock
	$(PY) -m uv pip compile pyproject.toml --extra bench --generate-hashes --python-version 3.11 --universal --quiet -o requirements-bench.lock

clean:
	rm -rf $(VENV) .venv-bench var/*.sqlite3 var/static

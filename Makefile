# Varde — the two commands a newcomer needs: `make run` and `make test`.
# DATABASE_URL unset → SQLite file under var/; set it (postgres://...) to use PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
NPM_STAMP := node_modules/.install-stamp

.PHONY: install run test lint types pytest messages messages-update clean bench

install: $(STAMP) $(NPM_STAMP) messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# Compile the gettext catalogs (the .mo files are build output, not committed).
messages: $(STAMP)
	@cd src/varde && ../../$(BIN)/django-admin compilemessages --settings=varde.settings -v0

# Refresh the English catalog from the Norwegian source strings (then translate the new ones).
messages-update: $(STAMP)
	cd src/varde && ../../$(BIN)/django-admin makemessages -l en --no-obsolete --settings=varde.settings -v0

run: install
	VARDE_ALLOW_SYNTHETIC_IDS=true $(BIN)/varde migrate --noinput -v0
	VARDE_ALLOW_SYNTHETIC_IDS=true $(BIN)/varde demo
	@echo "Varde kjører på http://127.0.0.1:8000 — logg inn med en av brukerne over."
	VARDE_DEBUG=true VARDE_ALLOW_SYNTHETIC_IDS=true VARDE_SECURE_COOKIES=false $(BIN)/varde runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: $(STAMP)
	$(BIN)/mypy src

pytest: install
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test: lint types pytest

bench: install
	$(BIN)/python bench/person_search.py
	$(BIN)/python bench/calc.py
	$(BIN)/python bench/person_page.py
	$(BIN)/python bench/attendance.py

clean:
	rm -rf $(VENV) node_modules var staticfiles

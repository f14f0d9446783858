# Repères — two commands from a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
# Front-end assets (Leaflet, axe-core) from the npm registry, pinned in package-lock.json.
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | sha1sum | cut -c1-12)
PG_URL ?= postgres://postgres@127.0.0.1:5432/reperes
export DJANGO_SETTINGS_MODULE ?= reperes.settings.dev

.PHONY: run test install lint format migrate demo browser-deps test-sqlite test-postgres test-production check-deploy

$(VENV_STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip uv
	.venv/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	.venv/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	rm -f .venv/.installed-* && touch $(VENV_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -f node_modules/.installed-* && touch $(NODE_STAMP)

install: $(VENV_STAMP) $(NODE_STAMP)

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# mypy over every module, with django-stubs; strict on reperes/rules (pyproject.toml).
lint: install
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/mypy reperes

# Debian's Chromium for the browser tests (never `playwright install`, which downloads one),
# and poppler-utils (pdftotext, pdftoppm) to read the generated PDFs back.
browser-deps:
	@if [ ! -x /usr/bin/pdftotext ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y --no-install-recommends poppler-utils >/dev/null 2>&1 || \
	   (apt-get update >/dev/null && apt-get install -y --no-install-recommends poppler-utils >/dev/null)); fi
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	     (apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null)); \
	  else echo "chromium absent : installez-le (apt-get install chromium), sans quoi make test échoue"; fi; fi

test-sqlite: install browser-deps
	REPERES_REQUIRE_TOOLS=1 DJANGO_SETTINGS_MODULE=reperes.settings.test $(PY) -m pytest -q

test-postgres: install
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== suite sur PostgreSQL =="; \
	  REPERES_REQUIRE_TOOLS=1 DATABASE_URL=$(PG_URL) DJANGO_SETTINGS_MODULE=reperes.settings.test $(PY) -m pytest -q -p no:randomly; \
	else echo "PostgreSQL injoignable ($(PG_URL)) : seconde passe ignorée"; \
	  if [ -n "$$REQUIRE_POSTGRES" ]; then exit 1; fi; fi

# Production smoke test (scripts/smoke_production.py): production settings with generated
# secrets, migrations on a fresh database, gunicorn, /healthz, a signed-in page; skipped when
# PostgreSQL is not reachable (fails then if REQUIRE_POSTGRES is set).
test-production: install
	$(PY) scripts/smoke_production.py --database-url $(PG_URL)_smoke

# The two test passes run at once, one per core (each pytest uses one): the suite on SQLite and
# on PostgreSQL share no state (an in-memory database, test_<name> on the server, temporary
# folders, free ports), and the whole gate stays under 30 minutes on 2 cores. Each pass's
# output is printed whole when it ends; make fails if either fails.
test: install
	$(MAKE) lint
	DJANGO_SETTINGS_MODULE=reperes.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) browser-deps
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres
	$(MAKE) test-production

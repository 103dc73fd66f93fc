# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv and install first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# uv installs .venv from uv.lock. It lives in its own small venv (.tools/, ignored by git), not in .venv:
# `uv sync` makes .venv exactly the lock and would otherwise have to skip that check (--inexact) to keep
# itself. Its version is pinned here; changing it reinstalls it.
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_STAMP := $(TOOLS)/.uv-$(UV_VERSION)

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
# Only the Python that creates .venv (3.11 by default); uv never downloads an interpreter of its own.
export UV_PYTHON_DOWNLOADS := never

.PHONY: install lock test lint typecheck pytest demo serve i18n-extract i18n-update i18n-check clean

install: $(STAMP)

$(UV_STAMP):
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check 'uv==$(UV_VERSION)'
	touch $(UV_STAMP)

# --locked, not --frozen: --frozen would install a lock that no longer matches pyproject.toml without a word;
# the lock check first, so that case says what to do instead of failing inside the install.
$(STAMP): pyproject.toml uv.lock $(UV_STAMP)
	@$(UV) lock --check --quiet || { echo >&2; \
	  echo >&2 "make install: uv.lock does not match pyproject.toml (or could not be checked: uv says why above)."; \
	  echo >&2 "After changing pyproject.toml, run 'make lock' and commit uv.lock with it."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(UV) sync --locked --extra dev
	touch $(STAMP)

# After changing pyproject.toml's dependencies: resolves what changed and keeps every other locked version.
# `make lock LOCK_ARGS=--upgrade` moves everything to the newest releases allowed, then run `make test`.
lock: $(UV_STAMP)
	$(UV) lock $(LOCK_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy breach notifications flows tests

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

demo: install
	$(BIN)/python -m flows.demo

# Prefect server + UI (127.0.0.1:4200), deployments, a worker and the acknowledgement web app.
serve: install
	$(BIN)/python -m flows.orchestration.serve_all

# The notices' words in gettext catalogues: extract messages from the templates and code, merge them into
# every language's catalogue, and check that none is missing, untranslated or fuzzy.
i18n-extract: install
	$(BIN)/python -m notifications.i18n extract

i18n-update: install
	$(BIN)/python -m notifications.i18n update

i18n-check: install
	$(BIN)/python -m notifications.i18n check

clean:
	rm -rf $(VENV) $(TOOLS) .demo build *.egg-info .mypy_cache .ruff_cache

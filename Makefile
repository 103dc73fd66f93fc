# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv and install first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install test lint typecheck pytest demo serve clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

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
	$(BIN)/python -m flows.serve_all

clean:
	rm -rf $(VENV) .demo build *.egg-info .mypy_cache .ruff_cache

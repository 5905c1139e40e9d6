# The developer interface; .ci/run calls `make test` too.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv demo test lint typecheck unit system-deps clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev,spark]'
	touch $(STAMP)

venv: $(STAMP)

# System packages the tests need (PostgreSQL, Chromium, Java): installed when missing.
system-deps:
	bash scripts/system-deps.sh

demo: venv
	bash scripts/demo.sh

lint: venv
	$(BIN)/ruff check src tests scripts

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -q

test: venv system-deps lint typecheck unit

clean-venv:
	rm -rf $(VENV)

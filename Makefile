# The developer interface; .ci/run calls `make test` too.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv native demo test lint typecheck unit system-deps clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev,spark]'
	touch $(STAMP)

# Byte-compile the editable sources (pip does this for wheels, not for -e installs): with
# PYTHONDONTWRITEBYTECODE set, as on CI, every `xietong` start would recompile ~90 ms of source.
venv: $(STAMP)
	@$(BIN)/python -m compileall -q src > /dev/null

# System packages the tests need (PostgreSQL, Chromium, Java): installed when missing.
system-deps:
	bash scripts/system-deps.sh

# The extractors compiled with mypyc (~1.35x faster, same output); rebuilt when a source
# changed, and ignored by xietong whenever they are older than their sources.
native: venv
	$(BIN)/python scripts/build_native.py

demo: venv native
	bash scripts/demo.sh

lint: venv
	$(BIN)/ruff check src tests scripts

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -q

test: venv system-deps native lint typecheck unit

clean-venv:
	rm -rf $(VENV)

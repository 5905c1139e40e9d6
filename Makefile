# The developer interface; .ci/run calls `make test` too.
# Debian's /usr/bin/python3.11 is built with PGO and LTO: the extract benchmark runs 5%
# faster on it than on a plain source build of 3.11 (pure-Python loops ~35%). Any
# python3 >= 3.11 with venv works; override with `make PYTHON=...`.
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv native demo test lint typecheck unit system-deps clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
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

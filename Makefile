# rdotool: `make demo` and `make test` set everything up on a fresh Debian or Fedora machine.

SHELL := /bin/bash
# librpm's Python bindings are built for the system Python: the venv must use it.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help sysdeps test-sysdeps venv test test-all lint demo bench artifacts clean

help:
	@echo "make demo       set up and show rdotool on the rdoinfo snapshot (or a small rdoinfo)"
	@echo "make test       set up, then run ruff and the test suite"
	@echo "make test-all   make test, the slow tests, then the suite on Python 3.9 (EL9) and the newest"
	@echo "make bench      compare rdotool with rdopkg (installs rdopkg in bench/.venv-rdopkg)"
	@echo "make artifacts  regenerate man/ and completions/ from the CLI"
	@echo "make clean      remove the virtualenv and caches"

sysdeps:
	@PYTHON="$(PYTHON)" sh scripts/ensure-sysdeps.sh

# what only the tests need (Chromium for the --html page); never fails without root
test-sysdeps:
	@sh scripts/ensure-sysdeps.sh --test

$(STAMP): pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,fast]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps koji
	@$(BIN)/python -c 'import rpm, specfile' || { \
		echo "rdotool: the rpm bindings do not load in $(VENV) (made with $(PYTHON))." >&2; exit 1; }
	@touch $(STAMP)

venv: sysdeps $(STAMP)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint test-sysdeps
	$(BIN)/python -m pytest

test-all: test
	$(BIN)/python -m pytest -m slow
	bash scripts/test-other-pythons.sh

demo: venv
	@bash scripts/demo.sh

bench: venv
	$(BIN)/python bench/bench_info.py
	$(BIN)/python bench/bench_distgit.py
	$(BIN)/python bench/bench_uc.py

artifacts: venv
	$(BIN)/python scripts/gen_artifacts.py

clean:
	rm -rf $(VENV) .venv-3.* bench/.venv-rdopkg .pytest_cache .ruff_cache

# Two commands for a newcomer: `make demo` and `make test`.
# Finds a Python >= 3.12 (python3.13, python3.12, pyenv's, or python3 if new enough).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

PYTHON ?= $(shell for c in python3.13 python3.12 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 \
	/usr/local/bin/python3.13 /usr/local/bin/python3.12 python3; do \
	p=$$(command -v $$c 2>/dev/null) || continue; \
	$$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; \
	done)

.PHONY: demo test lint format clean venv

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "error: Python 3.12 or newer not found (install it, or run: make PYTHON=/path/to/python3.12)"; exit 2; fi
	@echo "using $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask,screenshot,discovery]'
	@touch $(STAMP)

venv: $(STAMP)

# The shipped scenario comparison (about two minutes on two cores): 5 paired replications
# on 2 processes with a yearly household panel, then the report:
# results/demo/report/report.html. The demo always starts afresh.
DEMO_SCENARIOS := baseline blt pkh kube combined
demo: $(STAMP)
	rm -rf results/demo
	$(PY) run.py run $(DEMO_SCENARIOS:%=scenarios/%.toml) --households 10000 --months 60 \
		--replications 5 --jobs 2 --panel --panel-every 12 --out results/demo --quiet
	$(PY) run.py report results/demo --out results/demo/report

# The suite on every core the machine has (pytest-xdist), then the browser test alone:
# it waits on a page served by another process and must not compete for the cores.
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto --dist loadgroup -m "not browser"
	$(PY) -m pytest -m browser

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache

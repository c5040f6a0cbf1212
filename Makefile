# The dev loop: `make check` runs what CI runs, in this order (fast checks first).
PY ?= python

.PHONY: check lint format types layers catalog test test-slow

check: lint types layers catalog test

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

types:
	$(PY) -m mypy

layers:
	lint-imports

catalog:
	$(PY) data/build_catalog.py --check

test:
	$(PY) -m pytest -q

test-slow:
	$(PY) -m pytest -q -m slow

# The dev loop: `make check` runs what CI runs, in this order (fast checks first).
PY ?= python

.PHONY: check lint format types layers catalog test test-slow test-perf test-packaging coverage coverage-children

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

# speed budgets: on a quiet machine only (they measure this machine, not the code's behaviour)
test-perf:
	$(PY) -m pytest -q -n 0 -m perf

# the wheel in a fresh venv (a step of .ci/run)
test-packaging:
	$(PY) -m pytest -q -n 0 -m packaging --timeout=900 tests/test_packaging.py

# what .ci/run reports: SlipCover in the test processes (tests/suite_coverage.py)
coverage:
	rm -rf .coverage-suite
	SUITE_COVERAGE="$(CURDIR)/.coverage-suite" $(PY) -m pytest -q
	$(PY) tests/coverage_report.py .coverage-suite --json coverage.json

# coverage.py through pytest-cov, child processes (CLI, pty, serve) included: twice the CPU
coverage-children:
	$(PY) -m pytest -q --cov --cov-report=term

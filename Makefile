# Cognito Bench: `make run` opens the window, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# A stamp per extra, remade when pyproject.toml changes.
RUN_STAMP := $(VENV)/.stamp-run
TEST_STAMP := $(VENV)/.stamp-test
DIST_STAMP := $(VENV)/.stamp-dist
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint pytest bench dist screenshots selftest clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PIP) -e '.[load]'
	@touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) -e '.[test]'
	@touch $@ $(RUN_STAMP)

$(DIST_STAMP): pyproject.toml | $(PY)
	$(PIP) -e '.[dist]'
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/cognito-bench

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

pytest: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

test: lint pytest

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

selftest: $(RUN_STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/cognito-bench selftest

screenshots: $(RUN_STAMP)
	# A throwaway store: the demo session's calls are not yours. The default size, then a
	# 1366x768 laptop screen (the window must fit it without scroll bars, maximized too:
	# about 1366x700, tests/ui/test_findings.py checks both).
	home=$$(mktemp -d) && COGNITO_BENCH_HOME=$$home QT_QPA_PLATFORM=offscreen \
		$(VENV)/bin/cognito-bench gui --local --screenshot docs/window.png && \
		COGNITO_BENCH_HOME=$$home QT_QPA_PLATFORM=offscreen \
		$(VENV)/bin/cognito-bench gui --local --size 1366x768 \
			--screenshot docs/window-1366x768.png; \
		status=$$?; rm -rf "$$home"; exit $$status

dist: $(DIST_STAMP)
	$(PY) packaging/build.py

clean:
	rm -rf build dist .mypy_cache .pytest_cache .ruff_cache

# The two commands a newcomer needs: `make serve` (the example site) and `make test` (every test).
# Both set up everything they need on a fresh machine: a virtual environment with the project
# installed, and for the tests Debian's Chromium for the browser suite.
#
# The versions come from requirements.txt, a lock with a hash for every file, so a fresh clone
# installs exactly what was tested. pyproject.toml keeps the ranges a site that installs the
# plugin accepts. `make lock` refreshes the lock; `make test-latest` runs the suite on the newest
# versions those ranges allow, to find a breaking release on purpose rather than in CI.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
LATEST_VENV := .venv-latest
TOOLS_VENV := .venv-tools
UV_VERSION := 0.13.9
# The oldest Python pyproject.toml allows; the lock's markers cover the newer ones.
LOCK_PYTHON := 3.11

.PHONY: serve build test test-fast test-latest lock browser-deps clean

$(STAMP): pyproject.toml requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the example site on http://127.0.0.1:8000/, rebuilding on every change
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve -a 127.0.0.1:8000

build: $(STAMP)  ## build the example site into site/, failing on any warning
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

browser-deps:  ## Debian's Chromium for the browser tests (Playwright cannot download a browser here)
	bash scripts/install-browser-deps.sh

test: $(STAMP) browser-deps  ## every test, the browser suite included, on the locked versions
	$(PY) -m pytest

test-fast: $(STAMP)  ## every test except the browser suite
	$(PY) -m pytest -m "not browser"

test-latest: browser-deps  ## every test on the newest versions pyproject.toml allows (may be red: that is its point)
	python3 -m venv $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST_VENV)/bin/python scripts/lock_diff.py requirements.txt
	$(LATEST_VENV)/bin/python -m pytest

lock:  ## refresh requirements.txt to the newest versions pyproject.toml and requirements.in allow
	python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	$(TOOLS_VENV)/bin/uv --quiet pip compile pyproject.toml requirements.in --extra test --upgrade \
	  --universal --python-version $(LOCK_PYTHON) --generate-hashes -o requirements.txt

clean:
	rm -rf site .pytest_cache

# The two commands a newcomer needs: `make serve` (the example site) and `make test` (every test).
# Both set up everything they need on a fresh machine: a virtual environment with the project
# installed, and for the tests Debian's Chromium for the browser suite.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: serve build test test-fast browser-deps clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the example site on http://127.0.0.1:8000/, rebuilding on every change
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve -a 127.0.0.1:8000

build: $(STAMP)  ## build the example site into site/, failing on any warning
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

browser-deps:  ## Debian's Chromium for the browser tests (Playwright cannot download a browser here)
	bash scripts/install-browser-deps.sh

test: $(STAMP) browser-deps  ## every test, the browser suite included
	$(PY) -m pytest

test-fast: $(STAMP)  ## every test except the browser suite
	$(PY) -m pytest -m "not browser"

clean:
	rm -rf site .pytest_cache

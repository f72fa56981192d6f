# The two commands of the README: `make book` builds the book, `make test` runs every test.
# Both set up everything first (a virtual environment with the pinned requirements and the
# package), so they work on a fresh machine with nothing but Python 3.11 and make.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Warnings are errors. Notebooks are executed through the cache (compendium.cache): its key
# covers data/, src/compendium, the source texts and the lock as well as each notebook's code,
# so a cached result is never stale, and missing ones are executed ahead over every core.
JB := $(BIN)/jupyter-book build . -W -n --keep-going
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg
# Tests over both cores; each file (each chapter under nbval) stays whole on one worker; the
# slowest tests are listed at the end (the profile of the test run).
XDIST := -n 2 --dist loadfile --durations=25

.PHONY: setup browser axe book test validate notebooks lab clean bench

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

# Build the HTML book. Incremental: a no-change rebuild reads and executes nothing, and any
# change to data/, src/compendium, the sources or the lock re-reads and re-executes every page.
book: setup
	$(JB)
	@echo "Book: _build/html/index.html"

validate: setup
	$(BIN)/python -m compendium validate

# The browser tests drive Debian's chromium through Playwright's Python client; Playwright's
# own `playwright install` downloads a browser from the internet, which CI cannot reach, while
# apt works. Install chromium only when it is missing (sudo unless we already are root).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		echo "chromium is missing: installing it with apt-get"; \
		$$sudo apt-get update && $$sudo apt-get install -y chromium; \
	fi

# axe-core for the accessibility check of the browser tests, from the npm registry at the
# version pinned in package-lock.json, into node_modules/ (git-ignored). `npm ci` installs exactly
# the lock and nothing else; it reruns only when the lock changes.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(AXE)

axe: $(AXE)

# Every test: data validation, the book build (warnings as errors), unit tests, nbval on
# every chapter against its committed outputs, and checks on the built HTML, in chromium too
# (with axe-core on every page: no serious or critical accessibility violation).
# COMPENDIUM_BROWSER=required turns a missing browser into a failure instead of a skip.
# Validation runs once (the command fills the validation cache the chapters load from); the
# build re-reads every page (--all, so no warning hides in an unchanged page) and executes only
# what the cache lacks; pytest runs on both cores.
test: setup browser axe
	$(BIN)/python -m compendium validate
	$(BIN)/jupyter-book clean .
	$(JB) --all
	COMPENDIUM_BROWSER=required $(BIN)/python -m pytest tests book $(NBVAL) $(XDIST)

# Refresh the committed outputs after a change to data or code (then review the diff).
notebooks: setup
	$(BIN)/python -m compendium execute book/*.ipynb

# Open the chapters in JupyterLab with the project's environment (kernel "Python 3").
lab: setup
	$(BIN)/jupyter lab book

clean:
	rm -rf _build

# Every benchmark (benchmarks/run.py): writes benchmarks/results/<date>.json, the scaling plot
# and the table in benchmarks/README.md. pyarrow, the floor of the validation figures, goes into
# benchmarks/.deps (git-ignored) at the version pinned in benchmarks/requirements.txt, never
# into the project's environment (with pandas 3 it would change the default string storage).
BENCH_DEPS := benchmarks/.deps/.installed
$(BENCH_DEPS): benchmarks/requirements.txt
	rm -rf benchmarks/.deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --target benchmarks/.deps -r benchmarks/requirements.txt
	touch $(BENCH_DEPS)

bench: setup $(BENCH_DEPS)
	$(BIN)/python benchmarks/run.py

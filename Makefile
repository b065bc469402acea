# Two commands on a fresh machine (Python 3.11 and make):
#   make site   install Glasshouse and build the example project into site/
#   make test   install Glasshouse and the test tools, and run every check (ruff, mypy, pytest with real builds and a real browser)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installed: Glasshouse and what building a site needs; then, for `make test`, the test tools too.
SITE_STAMP := $(VENV)/.site-stamp
STAMP := $(VENV)/.installed-stamp
# Installs say nothing unless they fail: pip shows errors only (--quiet twice), and none of the
# warnings setuptools prints while it builds an editable install.
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --quiet
# Every dependency at the version last tested (constraints.txt, refreshed by `make lock`), so that a
# site builds the same next year.
LOCKED := --constraint constraints.txt

.PHONY: site test serve lint types pytest screenshots schemas messages bench lighthouse lock clean builders

# The Nu Html Checker, which the browser tests run over every generated page; it comes in the npm
# package vnu-jar and needs a Java runtime (Debian: default-jre-headless). Kept out of git in .tools/.
VNU_VERSION := 26.9.27
VNU := .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar

$(SITE_STAMP): pyproject.toml constraints.txt
	@echo "Installing Glasshouse into $(VENV)/ ..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip
	@$(PIP) $(LOCKED) -e .
	@touch $(SITE_STAMP)

$(STAMP): $(SITE_STAMP) pyproject.toml constraints.txt
	@echo "Installing the test tools into $(VENV)/ ..."
	@$(PIP) $(LOCKED) -e '.[test]'
	@touch $(STAMP)

site: $(SITE_STAMP)
	$(BIN)/glasshouse build
	@echo
	@echo "Open it through a local web server:"
	@echo "  $(BIN)/python -m http.server --directory site 8000   then visit http://localhost:8000/"

serve: $(SITE_STAMP)
	$(BIN)/glasshouse serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests tools $(wildcard bench)
	$(BIN)/ruff format --check generator tests tools $(wildcard bench)
	$(BIN)/actionlint
	$(BIN)/lint-imports
	$(BIN)/xenon --max-absolute C generator

types: $(STAMP)
	$(BIN)/mypy

$(VNU):
	npm install --prefix .tools/vnu --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)

# The other builders the tests build the example with, each in a virtual environment of its own
# (tests/integration/test_builders.py finds them there), pinned to the versions the README names.
ZENSICAL_VERSION := 0.0.73
PROPERDOCS_VERSION := 1.6.7
MATERIAL_VERSION := 9.8.2
BUILDERS := .venv-zensical/bin/zensical .venv-properdocs/bin/properdocs

.venv-zensical/bin/zensical:
	@$(PYTHON) -m venv .venv-zensical
	@PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONWARNINGS=ignore .venv-zensical/bin/python -m pip install --quiet --quiet zensical==$(ZENSICAL_VERSION)

.venv-properdocs/bin/properdocs:
	@$(PYTHON) -m venv .venv-properdocs
	@PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONWARNINGS=ignore .venv-properdocs/bin/python -m pip install --quiet --quiet properdocs==$(PROPERDOCS_VERSION) mkdocs-material==$(MATERIAL_VERSION)

builders: $(BUILDERS)

# Every core (pytest-xdist; a test file's tests stay on one worker, but for a few files named in
# tests/support/scheduling.py), the fifteen slowest tests named, and branch coverage of generator/
# with its floor (pyproject.toml). More workers than cores cost more CPU than the idle time they
# fill (CONTRIBUTING.md). Python may cache its bytecode even where the environment says not to: the
# suite starts a few hundred glasshouse and mkdocs processes, and each would compile generator/ anew.
pytest: $(STAMP) $(VNU) $(BUILDERS)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n auto --durations=15 --cov --cov-report=term:skip-covered

test: lint types pytest

# What the browser tests see, as screenshots for a person to look at (tests/screenshots/: light/ and
# dark/ for the example on a desktop, SITE/phone/ and SITE/phone-dark/ for each site, email/): the
# tours that check every page, with a screenshot of each page they check in full.
screenshots: $(STAMP) $(VNU)
	GLASSHOUSE_SCREENSHOTS=1 $(BIN)/pytest -n auto -p no:cacheprovider tests/browser/test_screen.py tests/browser/test_pages.py tests/browser/test_email.py

schemas: $(SITE_STAMP)
	$(BIN)/glasshouse schemas --data data

# Gather every label into generator/render/locales/glasshouse.pot and add new ones, untranslated, to each
# generator/render/locales/<code>.po (the tests list what is left to translate).
messages: $(SITE_STAMP)
	$(BIN)/python tools/catalogue.py

bench: $(STAMP)
	$(BIN)/python bench/run

# Lighthouse's mobile audit of every page of the example (bench/lighthouse.py), with Debian's
# Chromium. Lighthouse 12 is the newest that runs on Node.js 20; kept out of git in .tools/.
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := .tools/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE):
	npm install --prefix .tools/lighthouse --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: $(STAMP) $(LIGHTHOUSE)
	$(BIN)/python bench/lighthouse.py

# The newest versions pyproject.toml allows, installed into a scratch environment and written to
# constraints.txt; then run `make test` and commit constraints.txt if it passes.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	PIP_DISABLE_PIP_VERSION_CHECK=1 .lock-venv/bin/python -m pip install --quiet --quiet -e '.[test]'
	{ sed -n '1,2p' constraints.txt; .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e '; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site .site.* $(VENV) .venv-zensical .venv-properdocs .tools .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage .coverage.*

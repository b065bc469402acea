# Two commands on a fresh machine (Python 3.11 and make):
#   make site   set everything up and build the example project into site/
#   make test   set everything up and run every check (ruff, mypy, pytest with real builds and a real browser)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test serve lint types pytest schemas messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/glasshouse build
	@echo
	@echo "Open it through a local web server:"
	@echo "  $(BIN)/python -m http.server --directory site 8000   then visit http://localhost:8000/"

serve: $(STAMP)
	$(BIN)/glasshouse serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests $(wildcard bench)
	$(BIN)/ruff format --check generator tests $(wildcard bench)
	$(BIN)/actionlint
	$(BIN)/lint-imports
	$(BIN)/xenon --max-absolute C generator

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint types pytest

schemas: $(STAMP)
	$(BIN)/glasshouse schemas --data data

# Gather every label into generator/render/locales/glasshouse.pot and add new ones, untranslated, to each
# generator/render/locales/<code>.po (the tests list what is left to translate).
messages: $(STAMP)
	$(BIN)/python -m generator.render.catalogue

bench: $(STAMP)
	$(BIN)/python bench/run

clean:
	rm -rf site .site.* $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

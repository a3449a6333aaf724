# The README's two commands: `make run` (the web demo on 127.0.0.1:8000) and `make test`. Both work on a fresh
# machine. `warden demo` is the terminal demo.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-scale test lint typecheck install train eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	WARDEN_POLICY=$${WARDEN_POLICY:-gosport} $(BIN)/warden serve --demo --host 127.0.0.1 --port 8000

# The several-process shape from Debian's packages on the demo data: PostgreSQL + Redis + 2 web workers + 2 job
# workers (deploy/run-scale.sh; needs `apt-get install postgresql redis-server`; data in ./data-scale)
run-scale: $(STAMP)
	BIN=$(BIN) deploy/run-scale.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

# Rebuild the shipped classifier from ../shared/datasets (fixed seeds; writes classifiers/data/ + manifest.json):
# exports all-MiniLM-L6-v2 to int8 ONNX, trains the TF-IDF heads, embeds every text (cached in $WARDEN_CACHE,
# default ~/.cache/socialwarden, never in the repo), trains the semantic heads and stackers, recomputes firm.json.
train: $(STAMP)
	$(BIN)/pip install -q -e '.[test,train]'
	HF_HUB_OFFLINE=1 $(BIN)/python -m socialwarden.training train

# Whole engine and peers on the test splits, the functional suite, the GOV.UK quiet check under every pack and the
# classifier alone; all figures also in eval-results.json
eval: $(STAMP)
	$(BIN)/pip install -q -e '.[test,eval]'
	$(BIN)/warden eval --tune --json eval-results.json

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.bench_rules
	$(BIN)/python -m bench.bench_models

clean:
	rm -rf $(VENV) build dist src/*.egg-info

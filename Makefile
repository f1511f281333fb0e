# Two commands on a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run install install-dev test check lint typecheck pytest browser-deps bench bench-large soak clean

run: install ## install, index knowledge/ on first start, open the chat on 127.0.0.1:7860
	$(BIN)/civassist serve

# torch first: an unpinned torch would pull a multi-GB CUDA build; this takes the CPU one.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,local]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev browser-deps

browser-deps: ## Debian's chromium (and an emoji font, for true screenshots) for the browser tests
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi emoji; } || { \
	  echo "installing Debian's chromium and an emoji font for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver \
	     fonts-noto-color-emoji >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will fail"; }

test: install-dev ## every check: lint, format, types, all test suites, the eval gate
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q -p no:cacheprovider
	CIVASSIST_HOME=$(CURDIR)/artifacts/eval-home $(BIN)/civassist eval --gate --report artifacts/eval
	CIVASSIST_HOME=$(CURDIR)/artifacts/eval-home $(BIN)/civassist eval --split test --gate \
	  --questions evals/blind/questions.jsonl --briefings evals/blind/briefings.jsonl \
	  --thresholds evals/blind/thresholds.toml --report artifacts/eval-blind

bench: install-dev ## the benchmark suite at 10k chunks: bench/results/<date>.json and .md
	$(BIN)/python bench/suite.py --chunks 10000

bench-large: install-dev ## the same at 100k chunks (hours on 2 cores: the full ingest dominates)
	$(BIN)/python bench/suite.py --chunks 100000

# Not part of `make test`: minutes of load. MINUTES=2 for a short run; niced, to share the cores.
MINUTES ?= 5
soak: install-dev ## 20 web clients for $(MINUTES) min against serve, hostile input mixed in, ingests switching the index: bench/results/soak-<date>.json and .md
	nice -n 10 $(BIN)/python bench/soak.py --minutes $(MINUTES) --clients 20

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

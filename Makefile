# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean java chromium

# Spark (the scale-out engine, tested on every run) needs Java 17 or newer.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Java for Spark (openjdk-17-jre-headless)"; \
	  (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null) || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null); }

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "vertrouwd needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/vertrouwd demo

# The report test opens the HTML report in headless Chromium.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the report test"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null); }

test: $(STAMP) java chromium
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/bench_synth.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_measures.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_handover.py
	$(BIN)/python bench/bench_simulate.py
	$(BIN)/python bench/bench_calibrate.py
	$(BIN)/python bench/bench_messages.py
	$(BIN)/python bench/bench_fhir.py
	$(BIN)/python bench/fuzz_import.py

clean:
	rm -rf $(VENV) demo .pytest_cache

# The README's two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint chromium haproxy classroom bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium with apt-get..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# HAProxy for `make classroom` and the scale-out test (tests/deploy).
haproxy:
	@if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then \
		echo "Installing Debian's haproxy with apt-get..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	fi

# A class: REPLICAS Streamlit processes (default: one per core) behind HAProxy on PORT.
# CLASSROOM_ADDRESS=127.0.0.1 keeps it to this machine.
CLASSROOM_ADDRESS ?= 0.0.0.0
classroom: $(VENV)/.runtime haproxy
	$(BIN)/python deploy/classroom.py --port $(PORT) --address $(CLASSROOM_ADDRESS) \
		$(if $(REPLICAS),--replicas $(REPLICAS))

lint: $(VENV)/.dev
	$(BIN)/ruff check .

test: $(VENV)/.dev chromium haproxy lint
	$(BIN)/python -m pytest

bench: $(VENV)/.dev chromium
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_train_tick.py

clean:
	rm -rf $(VENV) artifacts

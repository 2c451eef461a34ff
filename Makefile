# NATO Atlas. Two commands on a fresh machine with Python 3.11 and make:
#   make run    open the atlas (creates .venv, installs requirements.txt)
#   make test   every check: lint, types, facts, unit, AppTest, load, end-to-end in Chromium
# And: make serve (a classroom, serve/run.sh), make export (a folder with no server),
# make bench (figures).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test lint typecheck facts unit app load e2e bench browser nginx clean export

$(VENV)/.run-deps: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-deps
	$(PY) -m streamlit run app.py --server.port $(PORT)

# A classroom: bound to every address (ATLAS_BIND), production settings, the address students
# type printed; nginx in front serves the files, if installed. ATLAS_PROCESSES=N runs N Streamlit
# processes behind HAProxy (a whole school).
serve: $(VENV)/.run-deps
	PYTHON=$(PY) ATLAS_PORT=$(PORT) bash serve/run.sh

# The atlas as a folder of static files: no server, opens from a USB stick or any web host.
OUTDIR ?= dist/atlas
export: $(VENV)/.run-deps
	$(PY) -m atlas export $(OUTDIR)

# Playwright drives Debian's Chromium: `playwright install` cannot download here.
browser:
	@test -x $(CHROMIUM) || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium missing: run 'sudo apt-get install -y chromium' (or set CHROMIUM=path)"; exit 1; fi; }

# make serve puts nginx in front of Streamlit when it is installed (serve/run.sh); the load
# tests and the benchmarks run make serve, so they install it where they can. Without it they
# still run (make serve works without nginx; the tests of what nginx serves are skipped).
nginx:
	@command -v nginx >/dev/null || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; } || \
	      echo "nginx could not be installed: make serve runs without it"; \
	  else echo "nginx missing: make serve runs without it ('sudo apt-get install -y nginx')"; fi; }

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .

typecheck: $(VENV)/.dev-deps
	$(PY) -m mypy atlas atlas_testing

facts: $(VENV)/.run-deps
	$(PY) -m atlas check

unit: $(VENV)/.dev-deps
	$(PY) -m pytest tests/unit

app: $(VENV)/.dev-deps
	$(PY) -m pytest tests/app

load: $(VENV)/.dev-deps nginx
	$(PY) -m pytest tests/load

e2e: $(VENV)/.dev-deps browser
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/e2e

test: lint typecheck facts browser nginx
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests

bench: $(VENV)/.dev-deps browser nginx
	CHROMIUM=$(CHROMIUM) $(PY) -m bench
	CHROMIUM=$(CHROMIUM) $(PY) -m bench.switching
	CHROMIUM=$(CHROMIUM) $(PY) -m bench.classroom --sessions 40 --browser
	CHROMIUM=$(CHROMIUM) $(PY) -m bench.follow

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

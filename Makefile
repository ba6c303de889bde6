# Set-up and checks for a fresh Debian machine with Python 3.11 (run as root for apt-get).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
REQ_HASH := $(shell sha1sum requirements.txt | cut -c1-12)
STAMP := $(VENV)/.installed-$(REQ_HASH)
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: install catalogs messages system-deps run lint test bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Message catalogs, one per language, keyed by message id; the dashboard, reports and CLI read the compiled .mo.
LOCALE := sim/text/locale
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
# Calls whose first argument is a message key (tests/test_catalogs.py extracts with the same list).
MESSAGE_KEYWORDS := text t tm N_

$(LOCALE)/%.mo: $(LOCALE)/%.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

catalogs: $(MO)

# After adding or dropping keys in code: new keys appear empty in every .po (fill them in), unused ones go.
messages: install
	mkdir -p build
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg --no-default-keywords $(addprefix -k ,$(MESSAGE_KEYWORDS)) \
	    --no-location --sort-output --omit-header -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d $(LOCALE) -D messages --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

install: $(STAMP) catalogs

# Debian packages the tests use: Chromium for the real-browser tests (Playwright drives it; it never
# downloads a browser) and PostgreSQL, on which the scenario-store tests also run.
system-deps:
	@test -x /usr/bin/chromium && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fontconfig postgresql; }

run: install
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) \
	    --server.headless true --browser.gatherUsageStats false

# Lint and format (ruff), types (mypy on sim/), the layer contracts (import-linter); see pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: catalogs lint system-deps
	$(BIN)/python -m pytest -n 2 -q

bench: install
	$(BIN)/python bench/bench_model.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_sweep.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_uncertainty.py
	$(BIN)/python bench/bench_meeting.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

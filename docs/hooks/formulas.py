"""Formulas by id: a ``formula`` fence shows a formula of ``docs/formulas.py`` on a page.

````markdown
```formula
mse ,
```
````

renders pymdownx.arithmatex's own display element, ``<div class="arithmatex"
data-formula="mse">\\[ … \\]</div>``, with the TeX that the house printer generates from the
registry's sympy expression, so MathJax (in the browser or at build time) sees an ordinary
formula. Several lines show several formulas in one display; text after an id is TeX that
is appended as it is. An unknown id fails the build.

Docstrings hold the same TeX between ``$$`` (``tests/test_formulas.py`` compares them), so
on the API page the display formulas that are registry formulas get the same
``data-formula`` attribute (``tag_registry_displays``), before any post-page hook runs.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

DOCS = Path(__file__).resolve().parents[1]
FENCE = "formula"
_PLAIN_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.DOTALL)


def _registry_ids_by_tex() -> dict[str, str]:
    """Registry id of each formula, keyed by its TeX with whitespace normalised."""
    import formulas

    return {" ".join(f.tex.split()): formula_id for formula_id, f in formulas.FORMULAS.items()}


def tag_registry_displays(output: str, ids_by_tex: dict[str, str]) -> str:
    """Give every plain display formula whose TeX is a registry formula its ``data-formula``."""

    def tag(match: re.Match[str]) -> str:
        tex = " ".join(html.unescape(match["tex"]).split())
        formula_id = ids_by_tex.get(tex)
        if formula_id is None:
            return match.group(0)
        return match.group(0).replace(
            '<div class="arithmatex">', f'<div class="arithmatex" data-formula="{formula_id}">', 1
        )

    return _PLAIN_DISPLAY.sub(tag, output)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if str(DOCS) not in sys.path:
        sys.path.insert(0, str(DOCS))
    import formulas

    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    if not any(entry.get("name") == FENCE for entry in fences):
        fences.append({"name": FENCE, "class": "arithmatex", "format": formulas.fence})
    return config


def on_page_content(output: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return tag_registry_displays(output, _registry_ids_by_tex())

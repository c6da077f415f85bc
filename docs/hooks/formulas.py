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
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

DOCS = Path(__file__).resolve().parents[1]
FENCE = "formula"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if str(DOCS) not in sys.path:
        sys.path.insert(0, str(DOCS))
    import formulas

    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    if not any(entry.get("name") == FENCE for entry in fences):
        fences.append({"name": FENCE, "class": "arithmatex", "format": formulas.fence})
    return config

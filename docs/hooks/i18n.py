"""Make the two languages behave like two sites that link to each other.

mkdocs-static-i18n builds English at ``/`` and Chinese at ``/zh/`` into one site. Material
was designed for one site per language, so three things are fixed here, at build time:

1. **Search in the language being read.** Both languages share one search index, so an
   English query could list Chinese pages first. After the build we split it: English
   entries stay in ``search/search_index.json``, Chinese ones move to
   ``zh/search/search_index.json`` (locations made relative to ``zh/``), and every Chinese
   page's Material config gets ``base`` = its language root, so Material loads that index,
   resolves results against ``/zh/`` and keeps instant navigation inside the language.
2. **No 404 for sitemap.xml.** Material fetches ``sitemap.xml`` relative to every
   ``<link rel="alternate" hreflang>``; static-i18n points those at the page's translations,
   so each page directory gets a small ``sitemap.xml`` (that page's entry of the i18n sitemap
   with its alternates), and each language root a sitemap of its own pages.
3. **Theme language first.** static-i18n sets ``theme.language`` per locale at the end of
   ``on_config``; mkdocstrings reads it earlier to translate its section titles
   ("Parameters" → "参数"), so the language is set here before any plugin runs.
4. **Instant navigation.** static-i18n warns that its per-page language switcher is not
   compatible with ``navigation.instant``; ``docs/javascripts/language-switch.js`` solves that
   (it rewrites the switcher from the alternate links after every page change, and lets a
   language switch load the page in full), so that one warning is filtered here.
5. **Readable search previews.** The index holds each section's text as the page gives it,
   so formulas appear as raw TeX (``\\(K\\)``, ``\\[ \\ell_n = \\dots \\]``). Display formulas
   are left out of the indexed text and inline ones become plain text (``\\(\\delta = 10^{-7}\\)``
   → ``δ = 10^-7``), see ``readable_math``.
6. **Words the toolchain leaves in English.** Python-Markdown's heading permalink title and
   the numpydoc sections that mkdocstrings renders as plain admonitions ("See Also", "Notes",
   "References") carry no translation of their own; ``UI_WORDS`` gives them one per locale.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

INSTANT_WARNING = "language switcher contextual link is not compatible"


class _SolvedInstantWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return INSTANT_WARNING not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(
    _SolvedInstantWarning()
)

_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": )"[^"]*"')
# Exact HTML fragments (as the toolchain writes them) and their translation, per locale.
UI_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        'title="Permanent link"': 'title="永久链接"',
        "<summary>See Also</summary>": "<summary>另见</summary>",
        "<summary>Notes</summary>": "<summary>说明</summary>",
        "<summary>References</summary>": "<summary>参考文献</summary>",
        'class="doc-section-title">引发：<': 'class="doc-section-title">异常：<',
    },
}
_DISPLAY_MATH = re.compile(r"\\\[.*?\\\]", re.DOTALL)
_INLINE_MATH = re.compile(r"\\\((.*?)\\\)", re.DOTALL)
_TEX_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_TEX_WRAPPER = re.compile(
    r"\\(?:text|textrm|mathrm|mathbf|mathit|boldsymbol|operatorname|mathcal)\s*\{([^{}]*)\}"
)
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
# TeX commands as the reader sees them; any other command loses its backslash.
TEX_TEXT = {
    **dict(
        zip(
            "alpha beta gamma delta epsilon varepsilon zeta eta theta lambda mu nu xi pi rho "
            "sigma tau phi varphi chi psi omega Gamma Delta Theta Lambda Pi Sigma Phi Psi "
            "Omega".split(),
            "αβγδεεζηθλμνξπρστφφχψωΓΔΘΛΠΣΦΨΩ",
            strict=True,
        )
    ),
    "ell": "ℓ",
    "sum": "∑",
    "prod": "∏",
    "partial": "∂",
    "nabla": "∇",
    "infty": "∞",
    "cdot": "·",
    "times": "×",
    "pm": "±",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "in": "∈",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "mapsto": "↦",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "lvert": "|",
    "rvert": "|",
    "mid": "|",
    "lVert": "‖",
    "rVert": "‖",
    "sqrt": "√",
    "left": "",
    "right": "",
    "big": "",
    "Big": "",
    "quad": " ",
    "qquad": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "{": "\x00",  # a literal brace, kept through the removal of grouping braces
    "}": "\x01",
}
_URL_BLOCK = re.compile(r"<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>(.*?)</loc>")
SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
SITEMAP_TAIL = "\n</urlset>\n"


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def language_roots(config: MkDocsConfig) -> dict[str, str]:
    """Site-relative root of each non-default language, e.g. ``{"zh": "zh/"}``."""
    i18n = _i18n(config)
    if i18n is None:
        return {}
    return {
        lang.locale: lang.link.strip("/") + "/"
        for lang in i18n.config.languages
        if lang.build and not lang.default and lang.link.strip("/")
    }


@event_priority(100)  # before mkdocstrings (0) and static-i18n (-100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = _i18n(config)
    if i18n is not None:
        config.theme["language"] = i18n.current_language or i18n.default_language
    return config


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    locale = getattr(page.file, "locale", "")
    for english, translated in UI_WORDS.get(locale, {}).items():
        output = output.replace(english, translated)
    root = language_roots(config).get(locale)
    if root is None:
        return output
    page_dir = page.url.rstrip("/") or "."
    base = posixpath.relpath(root.rstrip("/"), page_dir)
    return _CONFIG_BASE.sub(lambda m: f'{m.group(1)}"{base}"', output, count=1)


def _tex_to_text(tex: str) -> str:
    """An inline formula as plain text: ``\\frac{1}{N}\\sum_n`` → ``1/N ∑_n``."""
    previous = None
    while previous != tex:  # innermost fractions and wrappers first
        previous = tex
        tex = _TEX_FRAC.sub(r"\1/\2", tex)
        tex = _TEX_WRAPPER.sub(r"\1", tex)
    tex = _TEX_COMMAND.sub(lambda m: TEX_TEXT.get(m.group(1), m.group(1)), tex)
    tex = tex.replace("{", "").replace("}", "").replace("\x00", "{").replace("\x01", "}")
    return re.sub(r"\s+", " ", tex).strip()


def readable_math(text: str) -> str:
    """Search text without display formulas, and with inline formulas as plain text."""
    text = _DISPLAY_MATH.sub(" ", text)
    return _INLINE_MATH.sub(lambda m: _tex_to_text(m.group(1)), text)


def _split_search_index(site: Path, roots: dict[str, str]) -> None:
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = [
        {**doc, "title": readable_math(doc["title"]), "text": readable_math(doc["text"])}
        for doc in index["docs"]
    ]
    for root in roots.values():
        own = [
            {**doc, "location": doc["location"][len(root) :]}
            for doc in docs
            if doc["location"].startswith(root)
        ]
        _write_json(site / root / "search" / "search_index.json", {**index, "docs": own})
    rest = [doc for doc in docs if not doc["location"].startswith(tuple(roots.values()))]
    _write_json(path, {**index, "docs": rest})


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def _write_sitemaps(site: Path, site_url: str, roots: dict[str, str]) -> None:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    prefix = urlsplit(site_url).path.lstrip("/")
    blocks: dict[str, str] = {}
    for block in _URL_BLOCK.findall(text):
        loc = _LOC.search(block)
        if loc is None:
            continue
        rel = urlsplit(loc.group(1)).path.lstrip("/")[len(prefix) :]
        blocks.setdefault(rel, block)

    def write(directory: str, entries: list[str]) -> None:
        body = "\n".join(f"    {entry}" for entry in entries)
        (site / directory / "sitemap.xml").write_text(
            SITEMAP_HEAD + body + SITEMAP_TAIL, encoding="utf-8"
        )

    for root in roots.values():
        write(root, [block for rel, block in blocks.items() if rel.startswith(root)])
    for rel, block in blocks.items():
        if rel and rel not in roots.values() and (site / rel / "index.html").is_file():
            write(rel, [block])


@event_priority(-200)  # after static-i18n (-100) has built every language and merged search
def on_post_build(config: MkDocsConfig) -> None:
    i18n = _i18n(config)
    if i18n is not None and i18n.building:
        return  # an inner, per-language build; the outer build finishes the job
    site = Path(config.site_dir)
    roots = language_roots(config)
    _split_search_index(site, roots)
    _write_sitemaps(site, config.site_url or "/", roots)

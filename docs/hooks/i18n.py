"""Make the two languages behave like two sites that link to each other.

mkdocs-static-i18n builds English at ``/`` and Chinese at ``/zh/`` into one site. Material
was designed for one site per language, so these things are fixed here, at build time:

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
5. **Search text without formulas.** The index would hold each formula as raw TeX
   (``\\(K\\)``, ``\\[ \\ell_n = \\dots \\]``), which search previews show as it is. Every
   formula element gets Material's ``data-search-exclude`` before the search plugin reads the
   page (``exclude_formulas_from_search``), so the index holds the prose around it.
6. **Words the toolchain leaves in English.** Python-Markdown's heading permalink title and
   the numpydoc sections that mkdocstrings renders as plain admonitions ("See Also", "Notes",
   "References") carry no translation of their own; ``UI_WORDS`` gives them one per locale.
7. **One 404 page per language.** Every language build renders ``404.html`` into the site
   root, the last one winning (Chinese), with Material's ``base`` at the site root (English
   search) and language links left over from another page. The default language keeps
   ``404.html``; each other language writes ``<root>/404.html`` with ``base`` at its root.
   Both link their language switcher to each language's home page (a 404 has no
   translation). A static host serves the root one (GitHub Pages), or the nearest one up the
   mistyped path (Cloudflare Pages).
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

CONFIG_OPEN = '<script id="__config" type="application/json">'
_FORMULA = re.compile(r'<(span|div) class="arithmatex"')
# Exact HTML fragments (as the toolchain writes them) and their translation, per locale.
UI_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        'title="Permanent link"': 'title="永久链接"',
        "<summary>See Also</summary>": "<summary>另见</summary>",
        "<summary>Notes</summary>": "<summary>说明</summary>",
        "<summary>References</summary>": "<summary>参考文献</summary>",
        'class="doc-section-title">引发：<': 'class="doc-section-title">异常：<',
        "<h1>404 - Not found</h1>": "<h1>404 - 页面不存在</h1>",  # Material's 404.html
    },
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


def with_config_base(html: str, base: str) -> str:
    """``html`` with Material's ``__config`` JSON given ``base`` (its other keys unchanged)."""
    start = html.index(CONFIG_OPEN) + len(CONFIG_OPEN)
    end = html.index("</script>", start)
    config = json.loads(html[start:end])
    config["base"] = base
    # as Jinja's |tojson writes it: sorted keys, HTML-safe
    text = json.dumps(config, sort_keys=True)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    return html[:start] + text + html[end:]


def exclude_formulas_from_search(html: str) -> str:
    """Mark every formula element (pymdownx.arithmatex) ``data-search-exclude``."""
    return _FORMULA.sub(r'<\1 class="arithmatex" data-search-exclude', html)


@event_priority(-100)  # after any hook that rewrites formulas; before the search plugin reads
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    return exclude_formulas_from_search(html)


def _language_homes(config: MkDocsConfig) -> dict[str, str]:
    """Absolute path of each built language's home, e.g. ``{"en": "/losskit/", ...}``."""
    i18n = _i18n(config)
    if i18n is None:
        return {}
    base = urlsplit(config.site_url or "/").path.rstrip("/")
    return {lang.locale: f"{base}{lang.link}" for lang in i18n.config.languages if lang.build}


def on_template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    # static-i18n sets ``extra.alternate`` per page as an attribute, which Jinja reads first
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    if template_name == "404.html" and alternates:
        homes = _language_homes(config)
        config.extra.alternate = [
            {**alt, "link": homes.get(alt["lang"], alt["link"])} for alt in alternates
        ]
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Each non-default language writes its own ``<root>/404.html`` (see 7. above)."""
    i18n = _i18n(config)
    if template_name != "404.html" or i18n is None:
        return output
    root = language_roots(config).get(i18n.current_language)
    if root is None:
        return output
    for english, translated in UI_WORDS.get(i18n.current_language, {}).items():
        output = output.replace(english, translated)
    home = _language_homes(config)[i18n.current_language]
    target = Path(config.site_dir) / root / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(with_config_base(output, home), encoding="utf-8")
    return ""  # mkdocs then leaves the default language's 404.html in place


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    locale = getattr(page.file, "locale", "")
    for english, translated in UI_WORDS.get(locale, {}).items():
        output = output.replace(english, translated)
    root = language_roots(config).get(locale)
    if root is None:
        return output
    page_dir = page.url.rstrip("/") or "."
    base = posixpath.relpath(root.rstrip("/"), page_dir)
    return with_config_base(output, base)


def _split_search_index(site: Path, roots: dict[str, str]) -> None:
    path = site / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index["docs"]
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

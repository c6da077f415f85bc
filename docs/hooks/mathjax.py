"""Typeset every formula at build time with MathJax: readers get SVG and no math script.

pymdownx.arithmatex (generic mode) leaves each formula as TeX inside an element of class
``arithmatex`` (``<span>`` inline, ``<div>`` display), on the Markdown pages and in the API
docstrings alike. After each page is rendered (``on_post_page``, last of the hooks), every
such element keeps its tag and all of its attributes, and its TeX is replaced by MathJax's
SVG output, with MathJax's assistive MathML beside it for screen readers. The SVG draws in
``currentColor``, so the dark scheme colours it like the text around it.

MathJax (npm ``mathjax-full``, pinned in package-lock.json, installed by ``npm ci`` in
``make install``) runs in one long-lived Node process, ``docs/hooks/mathjax_svg.cjs``, for
the whole build (and for the whole ``mkdocs serve``, which re-renders edited pages through
it): one process start instead of one per page. Typeset formulas are remembered by TeX, so
a rebuild only typesets what changed.

Drawing: each formula's SVG draws with one ``<path>``, every glyph and rule merged at build
time (``mathjax_svg.cjs``): four elements per formula instead of dozens or hundreds, which
the reader's browser spends its style recalculations on. A formula that cannot be merged
exactly (colour, links, lines, larger glyphs) keeps MathJax's drawing, ``<use href="#…">``
per glyph; the paths those point at are written once per page, in a hidden ``<svg>`` at the
end of the page's ``<article>``, and a page whose formulas are all merged has no such store.
That is inside the part of the page Material replaces on instant navigation, so the next
page always brings its own glyphs (a cache outside it would leave the next page's formulas
blank), and inside an ``<svg>`` (a bare ``<defs>`` draws nothing).
MathJax's small SVG stylesheet is written into every page's ``<head>`` (instant navigation
keeps the first page's ``<head>``, which may be a page without formulas).
"""

from __future__ import annotations

import atexit
import html
import html.parser
import json
import math
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from tex_lines import Column, narrow_tex

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("mathjax_svg.cjs")
MATHJAX_PACKAGE = ROOT / "node_modules" / "mathjax-full" / "package.json"

# An arithmatex element: its tag, every attribute as written, and its TeX (HTML-escaped
# text, no markup inside).
FORMULA = re.compile(
    r"<(?P<tag>span|div)(?P<attrs>\s[^>]*?\bclass=\"(?:[^\"]*\s)?arithmatex(?:\s[^\"]*)?\"[^>]*)>"
    r"(?P<tex>[^<]*)</(?P=tag)>"
)
GLYPH_STORE_CLASS = "losskit-glyphs"
STYLESHEET = "assets/stylesheets/mathjax.css"  # written after the build, linked from every page
STYLESHEET_ID = "losskit-mathjax-svg"
# Narrow renderings. At 320 px Material's text column is 288 px: 34.1 ex of its font (measured
# in Chromium; Roboto and SF have the same x-height within 2 %). A display formula wider than
# COLUMN_EX, less NESTED_EX for each admonition, details or list item around it, also gets
# a rendering broken into lines that fit (docs/hooks/tex_lines.py); CSS shows that one
# only where the formula itself does not fit its column.
COLUMN_EX = 33.5
NESTED_EX = 3.0
PADDING = "1.6rem"  # Material pads a display formula by .8rem on each side
NARROW_CSS = """
.md-typeset div.arithmatex:has(> .losskit-narrow) { container-type: inline-size; }
.md-typeset div.arithmatex > mjx-container.losskit-narrow { display: none; }
"""
# Below its width, a formula's wide drawing gives way to the narrow one; the wide container
# stays (with nothing drawn, its MathML still read), the narrow one is shown.


@dataclass(frozen=True)
class Formula:
    tex: str  # without its \( \) or \[ \] delimiters
    display: bool


@dataclass(frozen=True)
class Typeset:
    svg: str  # <mjx-container> with the SVG and the assistive MathML
    glyphs: dict[str, str]  # glyph id -> SVG path data, for the ids the SVG uses (none
    # when its drawing is one merged path)

    @property
    def width(self) -> float:
        """The formula's width in ex of the surrounding text."""
        match = re.search(r'<svg\b[^>]*?\swidth="([\d.]+)ex"', self.svg)
        return float(match.group(1)) if match else 0.0

    def marked(self, role: str, fit: int) -> str:
        """The SVG with its container classed as the ``role`` rendering of a formula
        ``fit`` tenths of an ex wide ("losskit-wide losskit-fit-572"). The narrow rendering
        is drawing only: screen readers read the MathML of the wide one, which stays in the
        page whichever of the two drawings is shown (half the elements a second MathML
        costs)."""
        classes = f"MathJax losskit-{role} losskit-fit-{fit}"
        svg = self.svg.replace('class="MathJax"', f'class="{classes}"', 1)
        if role == "narrow":
            svg = _ASSISTIVE.sub("", svg).replace(
                "<mjx-container ", '<mjx-container aria-hidden="true" ', 1
            )
        return svg


_ASSISTIVE = re.compile(r"<mjx-assistive-mml\b.*?</mjx-assistive-mml>", re.DOTALL)


Narrow = Callable[[Formula, float], "Typeset | None"]


def fit_rule(fit: int) -> str:
    """CSS: where a column is narrower than ``fit`` tenths of an ex (and the padding), the
    narrow rendering replaces the wide."""
    wide = f".md-typeset div.arithmatex > .losskit-wide.losskit-fit-{fit} > svg"
    narrow = f".md-typeset div.arithmatex > .losskit-narrow.losskit-fit-{fit}"
    return (
        f"@container (width < calc({fit / 10:g}ex + {PADDING})) "
        f"{{ {wide} {{ display: none; }} {narrow} {{ display: block; }} }}"
    )


class _Nesting(html.parser.HTMLParser):
    """For each display formula of a page, in order: how many boxes (admonition, details,
    list item, block quote) hold it, each taking some of the column's width."""

    VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link"])
    VOID |= frozenset(["meta", "source", "track", "wbr"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[tuple[str, bool]] = []
        self.depths: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "arithmatex" in classes:
            self.depths.append(sum(box for _, box in self.stack))
        box = tag in {"details", "li", "blockquote"} or "admonition" in classes
        if tag not in self.VOID:
            self.stack.append((tag, box))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


def display_nesting(page_html: str) -> list[int]:
    parser = _Nesting()
    parser.feed(page_html)
    parser.close()
    return parser.depths


def formula_of(element_tag: str, escaped_tex: str) -> Formula:
    """The TeX of one arithmatex element, unescaped and without its delimiters."""
    tex = html.unescape(escaped_tex).strip()
    if tex.startswith("\\(") and tex.endswith("\\)"):
        return Formula(tex[2:-2].strip(), display=False)
    if tex.startswith("\\[") and tex.endswith("\\]"):
        return Formula(tex[2:-2].strip(), display=True)
    # \begin{align}...\end{align} written without $$: arithmatex keeps the environment
    return Formula(tex, display=element_tag == "div")


def find_formulas(page_html: str) -> list[Formula]:
    return [formula_of(m["tag"], m["tex"]) for m in FORMULA.finditer(page_html)]


def glyph_store(glyphs: dict[str, str]) -> str:
    """One hidden <svg> holding every glyph path of a page, sorted by id (reproducible)."""
    paths = "".join(
        f'<path id="{html.escape(gid)}" d="{html.escape(d)}"></path>'
        for gid, d in sorted(glyphs.items())
    )
    return (
        f'<svg class="{GLYPH_STORE_CLASS}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true"'
        f' focusable="false" style="display: none"><defs>{paths}</defs></svg>'
    )


def typeset_page(
    page_html: str,
    typeset: Callable[[list[Formula]], list[Typeset]],
    narrow: Narrow,
    stylesheet_url: str,
) -> str:
    """``page_html`` with every arithmatex element's TeX replaced by its SVG.

    The elements keep their tag and attributes. A display formula too wide for a phone's
    column also holds its ``narrow`` rendering, after the wide one. The glyphs of formulas
    drawn with ``<use>`` go at the end of its ``<article>`` (no such formula, no store).
    Every page links the stylesheet, with formulas or without: Material's instant
    navigation keeps the ``<head>`` of the page first loaded.
    """
    head_end = page_html.find("</head>")
    if head_end >= 0:
        link = f'<link rel="stylesheet" id="{STYLESHEET_ID}" href="{stylesheet_url}">'
        page_html = page_html[:head_end] + link + page_html[head_end:]
    matches = list(FORMULA.finditer(page_html))
    if not matches:
        return page_html
    results = typeset([formula_of(m["tag"], m["tex"]) for m in matches])
    depths = iter(display_nesting(page_html))
    pieces: list[str] = []
    glyphs: dict[str, str] = {}
    end = 0
    for match, result in zip(matches, results, strict=True):
        pieces += [page_html[end : match.start()], f"<{match['tag']}{match['attrs']}>"]
        formula = formula_of(match["tag"], match["tex"])
        lines = None
        if match["tag"] == "div":
            lines = narrow(formula, COLUMN_EX - NESTED_EX * next(depths, 0))
        if lines is None:
            pieces.append(result.svg)
        else:
            fit = math.ceil(result.width * 10)  # tenths of an ex
            pieces += [result.marked("wide", fit), lines.marked("narrow", fit)]
            glyphs.update(lines.glyphs)
        pieces.append(f"</{match['tag']}>")
        glyphs.update(result.glyphs)
        end = match.end()
    pieces.append(page_html[end:])
    out = "".join(pieces)
    if not glyphs:
        return out
    article_end = out.rfind("</article>")
    if article_end < 0:
        raise PluginError("a page with formulas has no <article> for their glyphs")
    return out[:article_end] + glyph_store(glyphs) + out[article_end:]


class MathJax:
    """The Node process running ``mathjax_svg.cjs``, and what it has typeset so far."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise PluginError("node is missing: run `make install` (Debian package nodejs)")
        if not MATHJAX_PACKAGE.is_file():
            raise PluginError(f"{MATHJAX_PACKAGE} is missing: run `make install` (npm ci)")
        self._process = subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._lock = threading.Lock()  # one request on the pipe at a time
        self._done: dict[Formula, Typeset] = {}
        self._narrow: dict[tuple[Formula, float], Typeset | None] = {}
        self._stylesheet: str | None = None
        self.fits: set[int] = set()  # widths (0.1 ex) of the formulas given a narrow rendering

    def _ask(self, request: dict[str, object]) -> dict[str, object]:
        assert self._process.stdin is not None and self._process.stdout is not None
        with self._lock:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        if not line:
            raise PluginError(f"MathJax ({SCRIPT.name}) stopped: exit {self._process.poll()}")
        answer: dict[str, object] = json.loads(line)
        if "error" in answer:
            raise PluginError(f"MathJax: {answer['error']}")
        return answer

    def typeset(self, formulas: Iterable[Formula]) -> list[Typeset]:
        formulas = list(formulas)
        new = list(dict.fromkeys(f for f in formulas if f not in self._done))
        if new:
            request = [{"tex": f.tex, "display": f.display} for f in new]
            answer = self._ask({"formulas": request})["formulas"]
            assert isinstance(answer, list)
            for formula, result in zip(new, answer, strict=True):
                self._done[formula] = Typeset(result["svg"], result["glyphs"])
        return [self._done[f] for f in formulas]

    def narrow(self, formula: Formula, column: float) -> Typeset | None:
        """``formula`` broken into lines no wider than ``column`` ex, if it is wider; None
        when it fits, or when no line break makes it narrower."""
        key = (formula, column)
        if key not in self._narrow:
            self._narrow[key] = self._break(formula, column)
        result = self._narrow[key]
        if result is not None:
            self.fits.add(math.ceil(self.typeset([formula])[0].width * 10))
        return result

    def _break(self, formula: Formula, column: float) -> Typeset | None:
        wide = self.typeset([formula])[0]
        if wide.width <= column:
            return None

        def measure(tex: str) -> float:
            try:
                return self.typeset([Formula(tex, display=True)])[0].width
            except PluginError:  # a candidate line TeX cannot parse: not a place to break
                return math.inf

        try:
            tex = narrow_tex(formula.tex, Column(measure, column))
            lines = self.typeset([Formula(tex, display=True)])[0]
        except PluginError:
            return None
        return lines if lines.width < wide.width else None

    def stylesheet(self) -> str:
        if self._stylesheet is None:
            css = self._ask({"stylesheet": True})["stylesheet"]
            assert isinstance(css, str)
            self._stylesheet = re.sub(r"\s+", " ", css).strip()
        return self._stylesheet

    def close(self) -> None:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()  # the script ends when its input does
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()


_mathjax: MathJax | None = None


def _renderer() -> MathJax:
    global _mathjax
    if _mathjax is None:
        _mathjax = MathJax()
        atexit.register(_mathjax.close)
    return _mathjax


@event_priority(-100)  # after the other hooks, which read and wrap the TeX elements
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    mathjax = _renderer()
    url = get_relative_url(STYLESHEET, page.url)
    try:
        return typeset_page(output, mathjax.typeset, mathjax.narrow, url)
    except PluginError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error


def on_post_build(config: MkDocsConfig) -> None:
    """MathJax's SVG styles, and which rendering each width of formula shows where."""
    mathjax = _renderer()
    rules = [mathjax.stylesheet(), NARROW_CSS.strip(), *map(fit_rule, sorted(mathjax.fits))]
    target = Path(config.site_dir) / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(rules) + "\n", encoding="utf-8")


def on_shutdown() -> None:
    global _mathjax
    if _mathjax is not None:
        _mathjax.close()
        _mathjax = None

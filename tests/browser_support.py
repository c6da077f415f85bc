"""Helpers for tests/test_browser.py: serve the built site, find its pages, measure them.

Nothing here asserts; the tests do. The browser-side measurements are small JavaScript
functions run with ``page.evaluate`` so that a failure message can say exactly which
page, formula, element or request is wrong.
"""

from __future__ import annotations

import functools
import html.parser
import importlib.util
import re
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Closed network, running as root: no sandbox, no GPU, nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LANGUAGES = ("en", "zh")
# Every English source page (docs/*.md and the API family pages docs/api/*.md).
PAGES_PER_LANGUAGE = sum(
    not path.name.endswith(".zh.md")
    for path in [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs").glob("api/*.md")]
)


# --------------------------------------------------------------------------- site


def configured_site_url() -> str:
    """``site_url`` from mkdocs.yml, the default of ``!ENV [SITE_URL, '<default>']`` if so.

    Read as text: the file holds python tags that a plain YAML loader refuses.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    value = r"['\"]?([^'\"\s#\]]+)"
    match = re.search(rf"^site_url:\s*(?:!ENV\s*\[\s*SITE_URL\s*,\s*)?{value}", text, re.M)
    if match is None:
        raise AssertionError("mkdocs.yml has no site_url; Material's instant navigation needs one")
    url = match.group(1)
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class SitePage:
    """One built page: its language, its path below the site root, its HTML file."""

    lang: str
    path: str  # "" for the English home, "zh/cross-entropy/" ...
    file: Path

    @property
    def slug(self) -> str:
        """The language-independent page name: "index", "cross-entropy", ..."""
        rest = self.path.removeprefix("zh/").strip("/")
        return rest or "index"

    @property
    def label(self) -> str:
        return f"/{self.path}"


def page_path(lang: str, slug: str) -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return prefix if slug == "index" else f"{prefix}{slug}/"


def discover_pages(site_dir: Path, site_url: str) -> list[SitePage]:
    """Every page listed in the built sitemap.xml, in sitemap order."""
    sitemap = site_dir / "sitemap.xml"
    tree = ET.parse(sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    pages = []
    for loc in tree.getroot().iterfind("s:url/s:loc", ns):
        url = (loc.text or "").strip()
        if not url.startswith(site_url):
            raise AssertionError(f"sitemap.xml lists {url}, outside site_url {site_url}")
        path = url[len(site_url) :]
        lang = path.split("/", 1)[0] if path.split("/", 1)[0] in LANGUAGES[1:] else "en"
        file = site_dir / path / "index.html"
        pages.append(SitePage(lang=lang, path=path, file=file))
    return pages


def nav_order(site_dir: Path, lang: str) -> list[str]:
    """Page slugs in the order of the primary navigation of that language's home page."""
    home = site_dir / page_path(lang, "index") / "index.html"
    parser = _NavLinkParser()
    parser.feed(home.read_text(encoding="utf-8"))
    slugs: list[str] = []
    base = "/" + page_path(lang, "index")
    for href in parser.hrefs:
        target = _resolve(base, href)
        if target is None:
            continue
        slug = target.removeprefix("/zh/").strip("/") if lang != "en" else target.strip("/")
        slug = slug or "index"
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def _resolve(base: str, href: str) -> str | None:
    if "://" in href or href.startswith("#"):
        return None
    parts = [p for p in base.split("/") if p]
    for piece in href.split("#")[0].split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    if parts and parts[-1] == "index.html":
        parts.pop()
    return "/" + "/".join(parts) + ("/" if parts else "")


class _NavLinkParser(html.parser.HTMLParser):
    """Collect hrefs of ``a.md-nav__link`` inside ``nav.md-nav--primary``."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self._depth = 0  # open <nav> elements since the primary one (0 = outside)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            if self._depth:
                self._depth += 1
            elif "md-nav--primary" in classes:
                self._depth = 1
        elif tag == "a" and self._depth and "md-nav__link" in classes:
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth:
            self._depth -= 1


class _ArithmatexCounter(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "arithmatex" in (dict(attrs).get("class") or "").split():
            self.count += 1


@functools.cache
def source_formula_count(file: Path) -> int:
    """How many formulas (pymdownx.arithmatex generic elements) the built HTML holds."""
    counter = _ArithmatexCounter()
    counter.feed(file.read_text(encoding="utf-8"))
    return counter.count


def axe_source() -> str:
    """axe-core as shipped inside the axe-playwright-python package."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise AssertionError("axe-playwright-python is not installed (pyproject [test] extra)")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def executed_snippet_blocks(markdown: str) -> list[str]:
    """Titles of executed blocks whose source is exactly one docs/snippets/<title> file.

    Blocks that add lines after the include (``print(draw_ln("zh"))``) are left out: their
    shown source is more than the file.
    """
    pattern = re.compile(
        r'^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})python[^\n]*exec="(?:on|true|1)"[^\n]*'
        r'title="(?P<title>[^"]+)"[^\n]*\n'
        r'(?P=indent)--8<-- "docs/snippets/(?P<file>[^"]+)"\n'
        r"(?P=indent)(?P=fence)[ \t]*$",
        re.MULTILINE,
    )
    matches = pattern.finditer(markdown)
    return [m.group("file") for m in matches if m.group("title") == m.group("file")]


# --------------------------------------------------------------------------- server


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve the built site below ``prefix`` (the path of site_url), as a static host does.

    Optionally rewrite the configured origin to the served one. A missing file gets status
    404 and the nearest ``404.html`` up its path (Cloudflare Pages; GitHub Pages serves the
    top one), so a mistyped deep address shows the site's own 404 page.
    """

    rewrite: tuple[bytes, bytes] | None = None
    prefix: str = "/"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        url_path = path.split("?")[0].split("#")[0]
        if not (url_path + "/").startswith(self.prefix):
            return str(Path(self.directory).parent / "outside-the-site-prefix" / "missing")
        return super().translate_path("/" + path[len(self.prefix) :])

    def end_headers(self) -> None:
        # Pages, sitemaps and search indexes are revalidated on every request; scripts,
        # styles and fonts are cached for the run, as a reader's browser would cache them.
        path = self.path.split("?")[0]
        static = path.endswith((".js", ".css", ".woff", ".woff2", ".svg", ".png"))
        self.send_header("Cache-Control", "max-age=3600" if static else "no-cache")
        super().end_headers()

    def _body(self, path: Path) -> bytes:
        body = path.read_bytes()
        return body.replace(*self.rewrite) if self.rewrite else body

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._nearest_404() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = self._body(page)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _nearest_404(self) -> Path | None:
        root = Path(self.directory).resolve()
        here = Path(self.translate_path(self.path)).resolve()
        for folder in (here, *here.parents):
            if folder != root and root not in folder.parents:
                return None
            if (folder / "404.html").is_file():
                return folder / "404.html"
        return None

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.rewrite is None or not self.path.split("?")[0].endswith(("/", ".html", ".xml")):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash-ended URL
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = self._body(path)
        self.send_response(200)
        ctype = "application/xml" if path.suffix == ".xml" else "text/html; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@dataclass
class SiteServer:
    """A threaded http.server on 127.0.0.1 serving ``directory``.

    It listens on the port of ``site_url`` when that is a free port of this machine, so
    that Material's instant navigation (which only runs at the site_url address) is
    exercised as built. Otherwise (``make serve`` or a parallel run holds the port, or
    site_url names another host) it listens on a free port and rewrites the site_url origin
    inside HTML and XML responses, which is exactly what a build for that address would
    contain. The site is served below the path of site_url (``/losskit/`` for a project
    page), as its static host would serve it.
    """

    directory: Path
    site_url: str
    origin: str = ""
    prefix: str = "/"
    rewritten: bool = False
    _httpd: ThreadingHTTPServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> str:
        wanted = urlsplit(self.site_url)
        configured_origin = f"{wanted.scheme}://{wanted.netloc}"
        self.prefix = wanted.path if wanted.path.endswith("/") else wanted.path + "/"
        served = type("_SiteHandler", (_QuietHandler,), {"prefix": self.prefix})
        handler = functools.partial(served, directory=str(self.directory))
        local = wanted.hostname in ("127.0.0.1", "localhost") and wanted.port is not None
        try:
            if not local:
                raise OSError(f"{wanted.hostname} is not this machine")
            httpd = ThreadingHTTPServer(("127.0.0.1", wanted.port or 0), handler)
        except OSError:
            httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        actual = httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{actual}"
        if self.origin != configured_origin:
            self.rewritten = True
            rewrite = (configured_origin.encode(), self.origin.encode())
            handler = functools.partial(
                type("_RewritingHandler", (served,), {"rewrite": rewrite}),
                directory=str(self.directory),
            )
            httpd.RequestHandlerClass = handler  # type: ignore[assignment]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        self._thread.start()
        return self.origin

    def url(self, path: str) -> str:
        """The served address of ``path`` (relative to the site root)."""
        return f"{self.origin}{self.prefix}{path}"

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------- network log


@dataclass(repr=False)
class NetworkLog:
    """Everything a browser context did that a reader of the site would not want."""

    origin: str
    current: str = "(before any page)"
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<network log: {len(self.foreign)} foreign, {len(self.failed)} failed, "
            f"{len(self.console_errors)} console errors>"
        )

    def attach(self, context: Any) -> None:
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_failed)
        context.on("console", self._on_console)
        context.on("weberror", self._on_weberror)

    def _local(self, url: str) -> bool:
        return (
            not url.startswith(("http:", "https:", "ws:", "wss:"))
            or url.startswith(self.origin + "/")
            or url == self.origin
        )

    def _on_request(self, request: Any) -> None:
        if not self._local(request.url):
            self.foreign.append(f"{self.current}: {request.method} {request.url}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{self.current}: HTTP {response.status} {response.url}")

    def _on_failed(self, request: Any) -> None:
        failure = request.failure or ""
        # A request cut short because the page moved on is not a missing asset.
        if "ERR_ABORTED" in failure and self._local(request.url):
            return
        self.failed.append(f"{self.current}: {failure} {request.url}")

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location or {}
            self.console_errors.append(
                f"{self.current}: {message.text} ({where.get('url', '?')}:"
                f"{where.get('lineNumber', '?')})"
            )

    def _on_weberror(self, error: Any) -> None:
        self.console_errors.append(f"{self.current}: uncaught {error.error}")


def iter_chunks(items: list[str], limit: int = 25) -> Iterator[str]:
    yield from items[:limit]
    if len(items) > limit:
        yield f"... and {len(items) - limit} more"


# --------------------------------------------------------------------------- JavaScript

# Formula state of the current document. The formulas were typeset at build time
# (docs/hooks/mathjax.py): no MathJax script may load, and every .arithmatex element holds
# exactly one SVG mjx-container with MathJax's assistive MathML. A formula draws with one
# merged <path> (or, where it could not be merged, <use href="#id"> glyphs). It is blank when
# it has nothing to draw, when one of its glyphs points at nothing in the document (the
# page's glyph store is missing or stale after an instant navigation), or when a visible
# one's drawing has an empty box.
FORMULA_STATE = """
() => {
  const short = el => (el.getAttribute("data-source") || el.textContent || "").trim()
      .replace(/\\s+/g, " ").slice(0, 70);
  const sources = [...document.querySelectorAll(".arithmatex")];
  const containers = document.querySelectorAll("mjx-container");
  const scripts = [...document.scripts].map(s => s.src)
      .filter(src => /mathjax|tex-(chtml|svg|mml)/i.test(src));
  if (window.MathJax) scripts.push("window.MathJax is defined");
  const problems = [];
  let glyphs = 0;
  for (const el of sources) {
    // One rendering, or a wide one and a narrow one (display formulas too wide for a phone).
    const inner = [...el.querySelectorAll(":scope > mjx-container")];
    const pair = inner.length === 2 && inner[0].classList.contains("losskit-wide")
        && inner[1].classList.contains("losskit-narrow");
    const svg = c => c.getAttribute("jax") === "SVG" && c.querySelector(":scope > svg");
    if (!(inner.length === 1 || pair) || !inner.every(svg)) {
      problems.push(`not prerendered (${inner.length} containers): ${short(el)}`);
      continue;
    }
    // The shown drawing: the narrow one where it is displayed, else the wide one (whose
    // MathML screen readers read in both cases).
    const shown = inner.filter(r => r.querySelector(":scope > svg").checkVisibility());
    if (el.checkVisibility() && shown.length !== 1) {
      problems.push(`${shown.length} renderings shown: ${short(el)}`);
      continue;
    }
    const c = inner[0];
    const tex = short(el);
    if (c.querySelector('[data-mml-node="merror"]')) {
      problems.push(`error box: ${tex}`);
      continue;
    }
    const mml = c.querySelector("mjx-assistive-mml");
    if (!(mml && mml.querySelector("math")) && !c.getAttribute("aria-label")) {
      problems.push(`no MathML or label for screen readers: ${tex}`);
    } else if (mml && getComputedStyle(mml).position !== "absolute") {
      problems.push(`the MathML for screen readers is drawn too (no MathJax stylesheet): ${tex}`);
    }
    const uses = inner.flatMap(r => [...r.querySelectorAll("svg use")]);
    const missing = uses.map(u => (u.getAttribute("xlink:href") || u.getAttribute("href") || ""))
        .filter(ref => {
          const target = document.getElementById(ref.replace(/^#/, ""));
          return !(target && target.closest("svg") && target.hasAttribute("d"));
        });
    const paths = inner.flatMap(r => [...r.querySelectorAll("svg path")])
        .filter(p => (p.getAttribute("d") || "").trim());
    const texts = inner.flatMap(r => [...r.querySelectorAll("svg text")]);
    glyphs += uses.length + paths.length + texts.length;
    if (!uses.length && !paths.length && !texts.length) {
      problems.push(`blank: nothing to draw: ${tex}`);
      continue;
    }
    if (missing.length) {
      problems.push(`blank: ${missing.length} of ${uses.length} glyphs missing ` +
                    `(${[...new Set(missing)].slice(0, 3).join(" ")}): ${tex}`);
      continue;
    }
    if (shown.length) {
      const svg = shown[0].querySelector(":scope > svg");
      const r = svg.getBoundingClientRect();
      const drawing = svg.querySelector(":scope > g");  // MathJax's outer group
      const drawn = (drawing || svg).getBBox();
      if (!(r.width > 1 && r.height > 1 && drawn.width > 0 && drawn.height > 0)) {
        problems.push(`blank (${r.width}x${r.height} box, drawing ${drawn.width}x` +
                      `${drawn.height}): ${tex}`);
      }
    }
  }
  const typeset = sources.length - problems.filter(p => p.startsWith("not prerendered")).length;
  return {elements: sources.length, containers: typeset, glyphs, scripts, problems};
}
"""

# Every display formula of the page, all <details> opened, at the current viewport: it must
# not be wider than its box (the box would scroll sideways), and a narrow rendering may
# show only where the wide one would not fit (at desktop width the formulas stay whole).
FORMULA_FIT = """
() => {
  document.querySelectorAll("article details:not([open])").forEach(d => { d.open = true; });
  const short = el => (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  const problems = [];
  let measured = 0, narrow = 0;
  for (const box of document.querySelectorAll("article div.arithmatex")) {
    if (!box.checkVisibility()) continue;
    measured += 1;
    if (box.scrollWidth > box.clientWidth) {
      problems.push(`${box.scrollWidth - box.clientWidth} px too wide ` +
                    `(${box.clientWidth} px box): ${short(box)}`);
    }
    const wide = box.querySelector(":scope > mjx-container.losskit-wide");
    const lines = box.querySelector(":scope > mjx-container.losskit-narrow");
    if (lines && lines.checkVisibility()) {
      narrow += 1;
      // the width the wide drawing would take: its ex width in this box's font
      const probe = document.createElement("div");
      probe.style.width = wide.querySelector(":scope > svg").getAttribute("width");
      box.appendChild(probe);
      const style = getComputedStyle(lines);
      const needed = probe.getBoundingClientRect().width + parseFloat(style.paddingLeft)
          + parseFloat(style.paddingRight);
      probe.remove();
      if (needed < box.clientWidth - 1) {  // the switch is rounded up to 0.1 ex (< 1 px)
        problems.push(`broken into lines although it fits (${needed.toFixed(0)} px of ` +
                      `${box.clientWidth} px): ${short(box)}`);
      }
    }
  }
  return {measured, narrow, problems};
}
"""

# Page width at the current viewport, and the outermost elements that stick out of it
# (elements inside a box that scrolls or clips horizontally do not widen the page).
OVERFLOW_STATE = """
() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  const culprits = [];
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const describe = el => {
    const cls = typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    const right = Math.round(el.getBoundingClientRect().right);
    return `${el.tagName.toLowerCase()}${cls} (right edge ${right} px) "${text}"`;
  };
  if (root.scrollWidth > width) {
    const over = el => el.getBoundingClientRect().right > width + 0.5;
    for (const el of document.body.querySelectorAll("*")) {
      if (!over(el) || clipped(el)) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && !clipped(parent)
          && parent.getBoundingClientRect().right >= el.getBoundingClientRect().right) {
        continue;  // its parent sticks out at least as far: report the parent instead
      }
      culprits.push(describe(el));
      if (culprits.length >= 6) break;
    }
    if (!culprits.length) {
      for (const el of document.body.querySelectorAll("*")) {
        if (over(el) && !clipped(el)) culprits.push(describe(el));
        if (culprits.length >= 6) break;
      }
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, culprits};
}
"""

NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# axe-core's serious and critical violations, each node with its selector and, for colour
# contrast, the colours and ratio axe measured.
RUN_AXE = """
async (options) => {
  const result = await axe.run(document, options);
  const detail = node => {
    const data = ((node.any || [])[0] || {}).data;
    if (data && data.fgColor) {
      return `${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}:1`;
    }
    return "";
  };
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(" "), detail: detail(n)})),
    }));
}
"""


def axe_summary(violations_by_page: dict[str, list[dict[str, Any]]]) -> list[str]:
    """One line per rule: on which pages, and which kinds of element (with axe's colours)."""
    rules: dict[tuple[str, str, str], tuple[list[str], dict[str, int]]] = {}
    for page, violations in violations_by_page.items():
        for v in violations:
            pages, elements = rules.setdefault((v["impact"], v["id"], v["help"]), ([], {}))
            pages.append(page)
            for node in v["nodes"]:
                # the element's own compound selector, without position or attribute parts
                last = re.split(r"\s*>\s*|\s+", node["target"].strip())[-1]
                selector = re.sub(r":nth-child\(\d+\)|\[[^\]]*\]", "", last) or last
                key = f"{selector} [{node['detail']}]" if node["detail"] else selector
                elements[key] = elements.get(key, 0) + 1
    lines = []
    for (impact, rule, help_text), (pages, elements) in sorted(rules.items()):
        shown = ", ".join(pages[:6]) + (f" and {len(pages) - 6} more" if len(pages) > 6 else "")
        ranked = sorted(elements.items(), key=lambda item: -item[1])
        where = "; ".join(f"{sel} x{n}" for sel, n in ranked[:8])
        more = f"; {len(ranked) - 8} more selectors" if len(ranked) > 8 else ""
        lines.append(
            f"[{impact}] {rule} ({help_text}) on {len(pages)} pages ({shown}): {where}{more}"
        )
    return lines


# Colour contrast (WCAG relative luminance) between each formula's text colour and the
# background actually behind it (first ancestor with an opaque background).
FORMULA_CONTRAST = """
() => {
  const parse = s => {
    const m = s.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = c => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    const page = parse(getComputedStyle(document.documentElement).backgroundColor);
    return page || {r: 255, g: 255, b: 255, a: 1};
  };
  const out = [];
  for (const c of document.querySelectorAll("mjx-container")) {
    if (!c.checkVisibility()) continue;
    const fg = parse(getComputedStyle(c).color);
    const bg = background(c);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    out.push({ratio, color: getComputedStyle(c).color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`,
              tex: (c.parentElement.textContent || "").trim().slice(0, 50)});
  }
  return out;
}
"""

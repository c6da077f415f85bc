"""The built site: strict and silent, bilingual page for page, self-contained, reproducible.

Everything here reads the output of one ``mkdocs build --strict`` (the ``built_site``
fixture of tests/conftest.py); the reproducibility test builds a second time.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import DEFAULT_SITE_URL, ROOT, build_site

from losskit import LOSS_GUIDE
from losskit.guide import LossGuideRow

pytestmark = pytest.mark.site

DOCS = ROOT / "docs"
LANGUAGES = {"en": "", "zh": "zh/"}
SITE_URL = DEFAULT_SITE_URL  # the address the built_site fixture is built for
HAN = re.compile(r"[\u4e00-\u9fff]")


def page_names() -> list[str]:
    """Every page of the site by its language-independent name ("index", "api/mse", ...)."""
    sources = [*DOCS.glob("*.md"), *DOCS.glob("api/*.md")]  # the pages, one per family
    names = {
        path.relative_to(DOCS).as_posix().removesuffix(".zh.md").removesuffix(".md")
        for path in sources
    }
    return sorted(names)


def page_file(site: Path, lang: str, name: str) -> Path:
    directory = site / LANGUAGES[lang]
    return directory / "index.html" if name == "index" else directory / name / "index.html"


def html_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if path.name != "404.html")


class _Page(HTMLParser):
    """Text, table rows and every referenced URL of one HTML page."""

    SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.refs: list[tuple[str, str]] = []  # (tag/attribute, url)
        self.styles: list[str] = []
        self.alternates: list[str] = []
        self.config_base: str | None = None
        self._skip = 0
        self._in_config = False
        self._row: list[str] | None = None
        self._glue = False  # the next text continues the word before a <wbr>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "wbr":  # a line-break opportunity inside a word (docs/hooks/typography.py)
            self._glue = True
            return
        if tag in self.SKIP:
            self._skip += 1
            self._in_config = a.get("id") == "__config"
        if tag == "tr":
            self._row = []
        for key in ("src", "data"):
            if key in a and tag in {"script", "img", "source", "iframe", "video", "audio"}:
                self.refs.append((f"{tag}[{key}]", a[key]))
        if tag == "object" and "data" in a:
            self.refs.append(("object[data]", a["data"]))
        if tag == "link" and "href" in a:
            rel = a.get("rel", "")
            if rel not in {"canonical", "alternate", "prev", "next"}:
                self.refs.append((f"link[rel={rel}]", a["href"]))
            if rel == "alternate" and "hreflang" in a:
                self.alternates.append(a["href"])
        for key in ("srcset", "imagesrcset"):
            for candidate in a.get(key, "").split(","):
                if candidate.strip():
                    self.refs.append((f"{tag}[{key}]", candidate.split()[0]))
        if "style" in a:
            self.styles.append(a["style"])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip -= 1
            self._in_config = False
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_config:
            match = re.search(r'"base": "([^"]*)"', data)
            self.config_base = match.group(1) if match else None
        if self._skip:
            if self.lasttag == "style":
                self.styles.append(data)
            return
        glue, self._glue = self._glue, False
        if glue and self.text:
            self.text[-1] += data
            if self._row:
                self._row[-1] += data
            return
        self.text.append(data)
        if self._row is not None:
            self._row.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", "".join(parse(path).text))


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return False
    if parts.scheme or url.startswith("//"):
        return parts.netloc != urlsplit(SITE_URL).netloc
    return False


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return urls


def resolve(site: Path, page: Path, url: str) -> Path:
    """The file in ``site`` that a local reference from ``page`` points at."""
    parts = urlsplit(url)
    if parts.netloc or parts.path.startswith("/"):  # on the site's own host
        target = site / parts.path[len(urlsplit(SITE_URL).path) :]
    else:
        target = Path(posixpath.normpath(str(page.parent / parts.path)))
    return target / "index.html" if target.is_dir() else target


# --------------------------------------------------------------------------- the build


def test_build_is_strict_and_prints_no_warning(site_build_log: str) -> None:
    noisy = [
        line
        for line in site_build_log.splitlines()
        if re.search(r"\b(WARNING|ERROR)\b|Warning:|Traceback", line)
    ]
    assert not noisy, "the build printed:\n" + "\n".join(noisy)


@pytest.mark.parametrize("name", page_names())
def test_page_exists_in_both_languages(built_site: Path, name: str) -> None:
    assert (DOCS / f"{name}.md").is_file(), f"docs/{name}.zh.md has no English twin"
    assert (DOCS / f"{name}.zh.md").is_file(), f"docs/{name}.md has no Chinese twin"
    for lang in LANGUAGES:
        built = page_file(built_site, lang, name)
        assert built.is_file(), f"{built.relative_to(built_site)} was not built"
        assert parse(built).alternates, f"{built} has no hreflang alternates"
    zh = page_file(built_site, "zh", name).read_text(encoding="utf-8")
    assert '<html lang="zh"' in zh, f"zh/{name} is not marked as Chinese"


def test_nav_titles_are_translated(built_site: Path) -> None:
    nav = text_of(page_file(built_site, "zh", "index"))
    for title in ("首页", "基础", "损失函数家族", "参考", "均方误差", "交叉熵误差", "术语表"):
        assert title in nav, f"Chinese navigation lacks {title!r}"


@pytest.mark.parametrize("name", page_names())
def test_chinese_pages_carry_no_english_toolchain_words(built_site: Path, name: str) -> None:
    # Words the Markdown toolchain writes in English whatever the page language.
    html = page_file(built_site, "zh", name).read_text(encoding="utf-8")
    for english in ('title="Permanent link"', ">See Also<", ">Notes<", ">References<"):
        assert english not in html, f"zh/{name} shows the English {english!r}"
    # Material's footer credit is English only; each language has its own copyright line.
    assert "Made with" not in html, f"zh/{name} shows Material's English footer credit"
    footer = html.split('class="md-copyright"', 1)[-1].split("</footer>", 1)[0]
    assert HAN.search(footer), f"zh/{name}: the footer has no Chinese copyright line"


# --------------------------------------------------------------------------- content


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize(
    ("name", "number"),
    [("mean-squared-error", "0.09750000000000003"), ("cross-entropy", "0.510825457099338")],
)
def test_article_numbers_are_printed(built_site: Path, lang: str, name: str, number: str) -> None:
    assert number in text_of(page_file(built_site, lang, name))


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("row", LOSS_GUIDE, ids=[row.key for row in LOSS_GUIDE])
def test_loss_guide_row_is_on_choosing_page(built_site: Path, lang: str, row: LossGuideRow) -> None:
    problem = row.problem_en if lang == "en" else row.problem_zh
    names = [row.keras, row.pytorch, *(loss.__name__ for loss in row.losses)]
    if row.activation:
        names.append(row.activation)
    # "mse or binary_crossentropy": each alternative must be there ("或" on the Chinese page)
    expected = [problem, *(part for name in names for part in name.split(" or "))]
    page = parse(page_file(built_site, lang, "choosing-a-loss"))
    rows = [re.sub(r"\s+", " ", " ".join(cells)) for cells in page.rows]
    matching = [text for text in rows if problem in text]
    assert matching, f"no table row for {problem!r} on {lang}/choosing-a-loss"
    missing = [word for word in expected if not any(word in text for text in matching)]
    assert not missing, f"the {problem!r} row lacks {missing}: {matching}"


def test_no_page_has_todo_traceback_or_error_box(built_site: Path) -> None:
    bad = {}
    for path in html_pages(built_site):
        text = text_of(path)
        found = [
            marker for marker in ("TODO", "Traceback (most recent call last)") if marker in text
        ]
        if found:
            bad[str(path.relative_to(built_site))] = found
    assert not bad, bad


def test_chinese_heading_anchors_are_readable(built_site: Path) -> None:
    html = page_file(built_site, "zh", "mean-squared-error").read_text(encoding="utf-8")
    ids = re.findall(r'<h[23] id="([^"]+)"', html)
    assert any(HAN.search(anchor) for anchor in ids), f"no Chinese anchor among {ids}"


def test_plots_are_inline_svg_with_text_and_unique_ids(built_site: Path) -> None:
    svgs = 0
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        svgs += html.count('<div class="losskit-plot" data-search-exclude>')
        ids = re.findall(r'\sid="([^"]+)"', html)
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, f"{path}: duplicate ids {sorted(duplicates)[:5]}"
    assert svgs, "no plot found on any page"


# Inline formula right before closing punctuation (". , ) 。 ，"), and what wraps it.
_MATH_THEN_PUNCT = re.compile(
    r'(<span class="losskit-nowrap">[(\[（“]?)?<span class="arithmatex"[^>]*>(?:(?!</span>).)*'
    r"</span>[.,;:!?)\]）。，；：、！？”]",
    re.DOTALL,
)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_inline_formulas_keep_their_punctuation_on_the_line(built_site: Path, lang: str) -> None:
    # docs/hooks/typography.py wraps formula + punctuation, so no line starts with "." or "，"
    found = unwrapped = 0
    for name in page_names():
        html = page_file(built_site, lang, name).read_text(encoding="utf-8")
        for match in _MATH_THEN_PUNCT.finditer(html):
            found += 1
            unwrapped += match.group(1) is None
    assert found, "no inline formula followed by punctuation on any page"
    assert not unwrapped, f"{unwrapped} of {found} formulas are not kept with their punctuation"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_long_code_in_tables_breaks_only_between_words(built_site: Path, lang: str) -> None:
    # The conventions peer table shows the longest call; it may break after "_" and "(" only.
    html = page_file(built_site, lang, "conventions").read_text(encoding="utf-8")
    assert "<code>sparse_categorical_<wbr>cross_entropy(<wbr>from_logits=True)</code>" in html
    cells = re.findall(r"<td\b[^>]*>(.*?)</td>", html, re.DOTALL)
    codes = [
        code for cell in cells for code in re.findall(r"<code>([^<]*(?:<wbr>[^<]*)*)</code>", cell)
    ]
    short_broken = [c for c in codes if "<wbr>" in c and len(c.replace("<wbr>", "")) <= 16]
    assert not short_broken, short_broken
    before = {char for c in codes for char in re.findall(r"(.)<wbr>", c)}
    assert before <= set("_(,="), f"a table code word breaks after {before - set('_(,=')}"


# --------------------------------------------------------------------------- self-contained


def test_no_external_reference_in_html_or_css(built_site: Path) -> None:
    external = []
    for path in html_pages(built_site):
        page = parse(path)
        refs = page.refs + [("style", url) for css in page.styles for url in css_urls(css)]
        external += [f"{path.relative_to(built_site)}: {kind} {url}" for kind, url in refs]
    for css in built_site.rglob("*.css"):
        urls = css_urls(css.read_text(encoding="utf-8"))
        external += [f"{css.relative_to(built_site)}: url({url})" for url in urls]
    external = [line for line in external if is_external(line.rsplit(" ", 1)[-1].rstrip(")"))]
    assert not external, "\n".join(external[:20])


def test_every_local_reference_resolves(built_site: Path) -> None:
    missing = []
    for path in html_pages(built_site):
        page = parse(path)
        for kind, url in page.refs:
            if is_external(url) or url.startswith(("data:", "#")):
                continue
            if not resolve(built_site, path, url).is_file():
                missing.append(f"{path.relative_to(built_site)}: {kind} {url}")
        # Material fetches sitemap.xml next to every hreflang alternate (no 404 allowed).
        for url in page.alternates:
            sitemap = resolve(built_site, path, url).parent / "sitemap.xml"
            if not sitemap.is_file():
                missing.append(f"{path.relative_to(built_site)}: sitemap.xml for {url}")
    assert not missing, "\n".join(missing[:20])


_ARITHMATEX = re.compile(
    r'<(span|div)\b[^>]*\bclass="(?:[^"]*\s)?arithmatex\b[^"]*"[^>]*>(.*?)</\1>', re.DOTALL
)
_GLYPH_STORE = re.compile(r'<svg class="losskit-glyphs"[^>]*><defs>(.*?)</defs></svg>', re.DOTALL)


def test_no_page_loads_mathjax(built_site: Path) -> None:
    # Formulas are typeset at build time (docs/hooks/mathjax.py): readers get no math script.
    loading = []
    for path in html_pages(built_site):
        scripts = [url for kind, url in parse(path).refs if kind == "script[src]"]
        loading += [f"{path.relative_to(built_site)}: {url}" for url in scripts if "mathjax" in url]
    assert not loading, "\n".join(loading[:10])
    assert not list(built_site.rglob("tex-*.js")), "a MathJax script is still shipped"
    # Instant navigation keeps the first page's <head>: every page carries the SVG styles.
    unstyled = [
        str(path.relative_to(built_site))
        for path in html_pages(built_site)
        if 'id="losskit-mathjax-svg"' not in path.read_text(encoding="utf-8")
    ]
    assert not unstyled, f"pages without MathJax's SVG stylesheet: {unstyled[:5]}"
    css = (built_site / "assets" / "stylesheets" / "mathjax.css").read_text(encoding="utf-8")
    assert 'mjx-container[jax="SVG"]' in css
    # Each width of formula given a narrow rendering has the rule that chooses between them.
    fits = {fit for path in html_pages(built_site) for fit in _FIT.findall(path.read_text("utf-8"))}
    assert fits, "no formula has a narrow rendering"
    ruled = set(re.findall(r"\.losskit-narrow\.losskit-fit-(\d+)", css))
    assert fits <= ruled, f"formula widths without a rule: {sorted(fits - ruled)}"


_FIT = re.compile(r'class="MathJax losskit-narrow losskit-fit-(\d+)"')


def test_every_formula_is_prerendered_svg_that_draws(built_site: Path) -> None:
    # A formula draws with one merged path (docs/hooks/mathjax_svg.cjs), or, where it could
    # not be merged, with <use> glyphs whose paths are in the page's glyph store.
    formulas = merged = 0
    problems = []
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        elements = [m.group(2) for m in _ARITHMATEX.finditer(html)]
        if not elements:
            continue
        formulas += len(elements)
        where = path.relative_to(built_site)
        article = html[html.find("<article") : html.rfind("</article>") + len("</article>")]
        stores = _GLYPH_STORE.findall(article)
        glyphs = set(re.findall(r'<path id="([^"]+)"', "".join(stores)))
        uses = 0
        for inner in elements:
            svg = (
                re.match(r'<mjx-container class="MathJax[^"]*" jax="SVG"', inner)
                and "<svg" in inner
            )
            if not svg or "<mjx-assistive-mml" not in inner or "\\" in inner.split("<svg")[0]:
                problems.append(f"{where}: not prerendered: {inner[:80]!r}")
                continue
            drawing = inner.split("<mjx-assistive-mml")[0]
            used = set(re.findall(r'xlink:href="#([^"]+)"', drawing))
            uses += len(used)
            paths = re.findall(r'<path\b[^>]*\sd="([^"]*)"', drawing)
            if used - glyphs:
                missing = sorted(used - glyphs)[:3]
                problems.append(f"{where}: glyphs {missing} not in the page's <article>")
            elif not used and not any(d.strip() for d in paths):
                problems.append(f"{where}: draws nothing: {inner[:80]!r}")
            merged += not used
        if len(stores) != (1 if uses else 0):
            problems.append(f"{where}: {len(stores)} glyph stores in <article>, {uses} glyphs")
    assert formulas > 100, f"only {formulas} formulas on the whole site"
    assert merged > formulas / 2, f"only {merged} of {formulas} formulas drawn by one path"
    assert not problems, "\n".join(problems[:20])


# --------------------------------------------------------------------------- search


def search_index(site: Path, lang: str) -> Any:
    path = site / LANGUAGES[lang] / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_chinese_search_index_holds_segmented_chinese_words(built_site: Path) -> None:
    index = search_index(built_site, "zh")
    separator = re.compile(index["config"]["separator"])
    words = {
        word for doc in index["docs"] for word in separator.split(doc["title"] + " " + doc["text"])
    }
    assert {"交叉熵", "损失函数", "小批量"} <= words
    assert any(len(word) >= 2 and HAN.fullmatch(word[0]) for word in words)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_search_index_holds_only_its_own_language(built_site: Path, lang: str) -> None:
    docs = search_index(built_site, lang)["docs"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    for name in page_names():
        expected = "" if name == "index" else f"{name}/"
        assert expected in locations, f"{lang} search index lacks page {name}"
    assert not any(location.startswith("zh/") for location in locations)
    assert not any("<svg" in doc["text"] or "<text" in doc["text"] for doc in docs)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_search_text_holds_no_formula(built_site: Path, lang: str) -> None:
    # docs/hooks/i18n.py marks formulas data-search-exclude: previews show no raw TeX
    docs = search_index(built_site, lang)["docs"]
    tex = [
        doc["location"]
        for doc in docs
        if re.search(r"\\[()\[\]]|\\(?:frac|sum|log|ell|mathrm)\b", doc["title"] + doc["text"])
    ]
    assert not tex, f"TeX in the search text of {tex[:5]}"
    # the prose around a formula stays searchable
    words = {"en": "is confidently right", "zh": "交叉熵"}[lang]
    assert any(words in doc["text"] for doc in docs)


@pytest.mark.parametrize("name", ["index", "cross-entropy"])
def test_chinese_pages_use_the_chinese_search_root(built_site: Path, name: str) -> None:
    path = page_file(built_site, "zh", name)
    base = parse(path).config_base
    assert base is not None
    assert (path.parent / base).resolve() == (built_site / "zh").resolve()
    assert parse(page_file(built_site, "en", name)).config_base is not None


# --------------------------------------------------------------------------- reproducible


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    second = build_site(tmp_path / "site").site_dir
    files_a = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_a == files_b
    differ = [p for p in files_a if (built_site / p).read_bytes() != (second / p).read_bytes()]
    if differ:
        detail = first_difference(built_site, second, differ[0])
        pytest.fail(f"files differ between two builds: {differ[:20]}\n{detail}")


def first_difference(a: Path, b: Path, path: Path) -> str:
    """The first differing stretch of one file in two builds, for the failure message."""
    x, y = (a / path).read_bytes(), (b / path).read_bytes()
    i = next((k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    return f"{path} at byte {i}:\n  {x[i - 80 : i + 80]!r}\n  {y[i - 80 : i + 80]!r}"

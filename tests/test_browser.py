"""What a reader sees, checked in a real browser (Debian's Chromium, headless).

The built site (the ``built_site`` fixture of tests/conftest.py) is served on 127.0.0.1 by
the test itself, at the port of ``site_url`` when it is free, so that Material's instant
navigation really runs. One browser serves the whole module; each group of checks gets its
own context.

Every page of both languages is visited by two tours through the primary navigation, one
per language. At every step the tour clicks the nav link of the next page (an instant
navigation when enabled) and checks the formulas there; clicks the language switcher,
which loads the same page of the other language in full, and audits that page (formulas,
axe-core, overflow at phone width); then clicks that page's switcher to come back and
goes on. So each page of each language is reached once by a nav-link click, loaded in
full once, and has its language switcher clicked in both states. Network, console and
failed requests are logged throughout. The tests assert on what was recorded and name
the page and the element at fault.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_sync
import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FORMULA_CONTRAST,
    FORMULA_FIT,
    FORMULA_STATE,
    LANGUAGES,
    NEXT_FRAME,
    OVERFLOW_STATE,
    PAGES_PER_LANGUAGE,
    ROOT,
    RUN_AXE,
    NetworkLog,
    SitePage,
    SiteServer,
    axe_source,
    axe_summary,
    configured_site_url,
    discover_pages,
    executed_snippet_blocks,
    iter_chunks,
    nav_order,
    source_formula_count,
)

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from code_comments import load_table, translate

pytestmark = pytest.mark.browser


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
NARROW_PHONE = {"width": 320, "height": 640}  # the narrowest width the site is made for
SCREENSHOTS = ROOT / "tests" / "screenshots"
SCREENSHOT_PAGES = ("index", "cross-entropy", "choosing-a-loss", "notation", "regression", "ctc")
SCREENSHOT_PAGES += ("api/regression",)  # one API family page
SEARCH_QUERIES = {"en": "cross-entropy", "zh": "交叉熵"}
SEARCH_TARGET = "cross-entropy"
SEARCH_TOP = 3  # "first or near the top"
MIN_CONTRAST = 4.5  # WCAG AA for normal text
OTHER = {"en": "zh", "zh": "en"}

# --------------------------------------------------------------------------- records


@dataclass
class FormulaCheck:
    expected: int  # .arithmatex elements in the built HTML file
    elements: int = 0  # .arithmatex elements in the live document
    containers: int = 0  # mjx-container elements in the live document
    glyphs: int = 0  # drawings (merged paths, <use> glyphs, <text>) of the formulas
    scripts: list[str] = field(default_factory=list)  # MathJax scripts the page loaded
    problems: list[str] = field(default_factory=list)
    error: str = ""
    measured: bool = False  # False when the page could not be reached (reported apart)

    def faults(self) -> list[str]:
        if not self.measured:
            return []
        out = [self.error] if self.error else []
        if self.elements != self.expected:
            out.append(f"{self.elements} formula elements in the page, {self.expected} in its HTML")
        if self.containers != self.expected:
            out.append(f"{self.containers} rendered formulas for {self.expected} in the source")
        if self.scripts:
            out.append(f"MathJax runs in the reader's browser: {', '.join(self.scripts)}")
        if self.expected and self.glyphs <= 0:
            out.append("the formulas draw nothing at all")
        out.extend(self.problems)
        return out


@dataclass
class SwitchCheck:
    start: str
    expected: str
    expected_lang: str
    landed: str = ""
    lang: str = ""
    reloaded: bool = False  # the switch loaded a new document (not an instant navigation)
    error: str = ""

    def faults(self) -> list[str]:
        if self.error:
            return [f"switcher on {self.start}: {self.error}"]
        out = []
        if self.landed != self.expected:
            out.append(f"switcher on {self.start} led to {self.landed}, not {self.expected}")
        if not self.lang.startswith(self.expected_lang):
            out.append(
                f"switcher on {self.start} led to a page with <html lang={self.lang!r}>, "
                f"expected {self.expected_lang!r}"
            )
        return out


@dataclass
class PageAudit:
    page: SitePage
    formulas: FormulaCheck
    overflow: dict[str, Any] = field(default_factory=dict)
    axe: list[dict[str, Any]] = field(default_factory=list)
    fit: dict[int, dict[str, Any]] = field(default_factory=dict)  # viewport width -> FORMULA_FIT


@dataclass
class TourStep:
    page: SitePage  # reached by clicking its nav link on the page before
    came_from: str
    formulas: FormulaCheck
    reloaded: bool = False  # a full page load happened although instant navigation is on
    switch: SwitchCheck | None = None  # its language switcher, clicked
    landed: PageAudit | None = None  # the page the switcher loaded, audited
    switch_back: SwitchCheck | None = None  # the switcher of that fully loaded page
    error: str = ""


@dataclass(repr=False)
class Tour:
    steps: list[TourStep]

    def __repr__(self) -> str:
        return f"<tour of {len(self.steps)} nav-link clicks>"

    @property
    def audits(self) -> list[PageAudit]:
        return [s.landed for s in self.steps if s.landed is not None]


@dataclass(repr=False)
class Site:
    server: SiteServer
    pages: list[SitePage]
    instant: bool

    def __repr__(self) -> str:
        return f"<site of {len(self.pages)} pages at {self.server.origin}>"

    def page(self, lang: str, slug: str) -> SitePage:
        for p in self.pages:
            if p.lang == lang and p.slug == slug:
                return p
        raise KeyError((lang, slug))

    def url(self, page: SitePage) -> str:
        return self.server.url(page.path)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(built_site: Path) -> Iterator[Site]:
    site_url = configured_site_url()
    pages = discover_pages(Path(built_site), site_url)
    config = _page_config(pages[0].file) if pages else {}
    server = SiteServer(Path(built_site), site_url)
    server.start()
    try:
        yield Site(server, pages, "navigation.instant" in config.get("features", []))
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Run `make install` (its system-deps target apt-installs chromium and "
            "fonts-noto-cjk).",
            pytrace=False,
        )
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def network(site: Site) -> NetworkLog:
    """One log for every context of this module: foreign hosts, failures, console errors."""
    return NetworkLog(site.server.origin)


def _new_context(browser: Any, network: NetworkLog, **options: Any) -> Any:
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(
        locale=options.pop("locale", "en-US"), color_scheme="light", **options
    )
    context.set_default_timeout(15_000)
    network.attach(context)
    return context


@pytest.fixture(scope="module")
def tour(site: Site, browser: Any, network: NetworkLog) -> Tour:
    axe = axe_source()
    context = _new_context(browser, network)
    page = context.new_page()
    steps: list[TourStep] = []
    try:
        for first_lang in LANGUAGES:
            # Pages present in both languages (a missing twin fails the sitemap test).
            known = {p.slug for p in site.pages if p.lang == "en"} & {
                p.slug for p in site.pages if p.lang == "zh"
            }
            order = nav_order(site.server.directory, first_lang)
            # From the home page to every other page, and finally back home.
            route = [slug for slug in order if slug != "index" and slug in known] + ["index"]
            lang = first_lang
            start = site.page(lang, "index")
            network.current = f"{start.label} (tour start)"
            page.goto(site.url(start), wait_until="load")
            _formulas_after_load(page, start)
            came_from = start.label
            for slug in route:
                target = site.page(lang, slug)
                other = site.page(OTHER[lang], slug)
                step = TourStep(target, came_from, FormulaCheck(source_formula_count(target.file)))
                steps.append(step)
                try:
                    network.current = f"{target.label} (via nav link)"
                    step.reloaded = _click_nav_link(page, site, target)
                    step.formulas = _formulas_after_navigation(page, target)
                    network.current = f"{other.label} (via switcher)"
                    step.switch = _click_language_switcher(page, site, target)
                    if step.switch.faults() or not step.switch.reloaded:
                        page.goto(site.url(other), wait_until="load")  # audit a full load
                    step.landed = _audit(page, other, axe)
                    network.current = f"{target.label} (via switcher)"
                    step.switch_back = _click_language_switcher(page, site, other)
                    if step.switch_back.faults():  # go where the switcher should have led
                        page.goto(site.url(target), wait_until="load")
                except playwright_sync.Error as exc:
                    step.error = _short(exc)
                    page.goto(site.url(target), wait_until="load")
                    _formulas_after_load(page, target)
                came_from = target.label
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return Tour(steps)


def _audit(page: Any, site_page: SitePage, axe: str) -> PageAudit:
    """Formulas, axe-core and phone-width overflow of the page just loaded."""
    result = PageAudit(site_page, _formulas_after_navigation(page, site_page))
    page.add_script_tag(content=axe)
    result.axe = page.evaluate(RUN_AXE, {"resultTypes": ["violations"]})
    page.set_viewport_size(PHONE)
    page.evaluate(NEXT_FRAME)
    result.overflow = page.evaluate(OVERFLOW_STATE)
    for viewport in (PHONE, NARROW_PHONE, DESKTOP):  # FORMULA_FIT opens every <details>
        page.set_viewport_size(viewport)
        page.evaluate(NEXT_FRAME)
        result.fit[viewport["width"]] = page.evaluate(FORMULA_FIT)
    return result


# --------------------------------------------------------------------------- helpers


def _page_config(file: Path) -> dict[str, Any]:
    match = re.search(
        r'<script id="__config" type="application/json">(.*?)</script>',
        file.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    return json.loads(match.group(1)) if match else {}


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300]


def _formula_state(page: Any, site_page: SitePage) -> FormulaCheck:
    state = page.evaluate(FORMULA_STATE)
    return FormulaCheck(
        expected=source_formula_count(site_page.file),
        elements=state["elements"],
        containers=state["containers"],
        glyphs=state["glyphs"],
        scripts=state["scripts"],
        problems=state["problems"],
        measured=True,
    )


def _formulas_after_load(page: Any, site_page: SitePage) -> FormulaCheck:
    """The formulas as a reader sees them once the page is in place (next frame drawn).

    They were typeset at build time, so there is nothing to wait for: a formula that is
    blank now stays blank.
    """
    page.evaluate(NEXT_FRAME)
    return _formula_state(page, site_page)


def _formulas_after_navigation(page: Any, site_page: SitePage) -> FormulaCheck:
    """After an instant navigation: the new content brought its formulas and its glyphs."""
    return _formulas_after_load(page, site_page)


_MARK_PAGE = """() => {
  window.__losskitSameDocument = true;
  const c = document.querySelector("[data-md-component=container]");
  if (c) c.setAttribute("data-losskit-stale", "");
  return location.href;
}"""
_PAGE_REPLACED = """(old) => location.href !== old
  && !document.querySelector("[data-md-component=container][data-losskit-stale]")
  && document.readyState === "complete" """


def _wait_for_new_page(page: Any, old: str) -> None:
    """Wait until the URL changed and the page content was replaced (instant or full load)."""
    deadline = time.monotonic() + 15
    while True:
        try:
            page.wait_for_function(_PAGE_REPLACED, arg=old, timeout=15_000, polling=50)
            return
        except playwright_sync.Error as exc:
            # A full load destroys the context the predicate ran in; try in the new one.
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise


_NAV_LINKS = """(url) => {
  const links = [...document.querySelectorAll(
      ".md-tabs a.md-tabs__link, nav.md-nav--primary a.md-nav__link")]
    .filter(a => a.href.split("#")[0] === url);
  return links.find(a => a.checkVisibility()) || links[0] || null;
}"""


def _click_nav_link(page: Any, site: Site, target: SitePage) -> bool:
    """Click the navigation link (tab or sidebar) to ``target``; True if the page reloaded."""
    url = site.url(target)
    element = page.evaluate_handle(_NAV_LINKS, url).as_element()
    if element is None:
        raise playwright_sync.Error(f"no navigation link to {url} on {page.url}")
    old = page.evaluate(_MARK_PAGE)
    if element.is_visible():
        element.click()
    else:  # only in a collapsed section: the click a reader makes after expanding it
        element.dispatch_event("click")
    _wait_for_new_page(page, old)
    same_document = page.evaluate("() => window.__losskitSameDocument === true")
    return not same_document


def _click_language_switcher(page: Any, site: Site, here: SitePage) -> SwitchCheck:
    other = OTHER[here.lang]
    expected = site.url(site.page(other, here.slug))
    check = SwitchCheck(here.label, expected, other)
    try:
        select = page.locator(".md-header .md-select").first
        select.hover()
        link = page.locator(f'.md-header .md-select a.md-select__link[hreflang="{other}"]')
        old = page.evaluate(_MARK_PAGE)
        link.click()
        _wait_for_new_page(page, old)
        check.landed = page.url.split("#")[0]
        check.lang = page.evaluate("() => document.documentElement.lang")
        check.reloaded = not page.evaluate("() => window.__losskitSameDocument === true")
    except playwright_sync.Error as exc:
        check.error = _short(exc)
    return check


def _report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}):\n  " + "\n  ".join(iter_chunks(problems))


# --------------------------------------------------------------------------- tests


def test_sitemap_lists_every_page_in_both_languages(site: Site) -> None:
    for lang in LANGUAGES:
        slugs = sorted(p.slug for p in site.pages if p.lang == lang)
        assert len(slugs) == PAGES_PER_LANGUAGE, f"{lang}: {len(slugs)} pages: {slugs}"
    en = {p.slug for p in site.pages if p.lang == "en"}
    zh = {p.slug for p in site.pages if p.lang == "zh"}
    assert en == zh, f"only English: {sorted(en - zh)}; only Chinese: {sorted(zh - en)}"
    missing = [p.label for p in site.pages if not p.file.is_file()]
    assert not missing, f"sitemap lists pages with no HTML file: {missing}"


def test_tours_reach_every_page_in_both_ways(site: Site, tour: Tour) -> None:
    errors = [f"{s.page.label} (from {s.came_from}): {s.error}" for s in tour.steps if s.error]
    assert not errors, _report("tour steps the browser could not complete", errors)
    every = {(p.lang, p.slug) for p in site.pages}
    assert {(s.page.lang, s.page.slug) for s in tour.steps} == every, "not all by nav link"
    assert {(a.page.lang, a.page.slug) for a in tour.audits} == every, "not all loaded in full"


def test_formulas_typeset_on_every_page(tour: Tour) -> None:
    problems = [f"{a.page.label}: {fault}" for a in tour.audits for fault in a.formulas.faults()]
    assert not problems, _report("formula problems after a full page load", problems)
    assert sum(a.formulas.expected for a in tour.audits) > 0, "no page has a formula at all"


def test_formulas_typeset_after_a_nav_link_click(tour: Tour) -> None:
    problems = [
        f"{s.page.label} (from {s.came_from}): {fault}"
        for s in tour.steps
        for fault in s.formulas.faults()
    ]
    assert not problems, _report("formula problems after clicking a nav link", problems)


def test_nav_links_use_instant_navigation_when_enabled(site: Site, tour: Tour) -> None:
    reloaded = [f"{s.page.label} (from {s.came_from})" for s in tour.steps if s.reloaded]
    if site.instant:
        assert not reloaded, _report(
            "navigation.instant is enabled but these nav clicks reloaded the page", reloaded
        )
    else:
        assert len(reloaded) == len(tour.steps), "without navigation.instant every click loads"


def test_no_horizontal_overflow_at_phone_width(tour: Tour) -> None:
    problems = [
        f"{a.page.label}: scrollWidth {a.overflow['scrollWidth']} > clientWidth "
        f"{a.overflow['clientWidth']}; sticking out: {', '.join(a.overflow['culprits'])}"
        for a in tour.audits
        if a.overflow["scrollWidth"] > a.overflow["clientWidth"]
    ]
    assert not problems, _report(f"pages wider than a {PHONE['width']} px screen", problems)


@pytest.mark.parametrize("width", [PHONE["width"], NARROW_PHONE["width"], DESKTOP["width"]])
def test_every_display_formula_fits_its_column(tour: Tour, width: int) -> None:
    # At phone widths a formula too wide for the column shows its narrow rendering (lines
    # broken at build time, docs/hooks/tex_lines.py); at desktop width a formula that fits
    # is never broken into lines.
    problems = [f"{a.page.label}: {p}" for a in tour.audits for p in a.fit[width]["problems"]]
    assert not problems, _report(f"display formulas at {width} px", problems)
    assert sum(a.fit[width]["measured"] for a in tour.audits) > 0, "no display formula measured"
    if width < DESKTOP["width"]:
        assert sum(a.fit[width]["narrow"] for a in tour.audits) > 0, "no narrow rendering shown"


def test_language_switcher_after_a_nav_link_click(tour: Tour) -> None:
    problems = [fault for s in tour.steps if s.switch for fault in s.switch.faults()]
    problems += [f"{s.page.label}: switcher not reached" for s in tour.steps if not s.switch]
    assert not problems, _report("language switcher after clicking a nav link", problems)


def test_language_switcher_after_a_full_page_load(tour: Tour) -> None:
    problems = [fault for s in tour.steps if s.switch_back for fault in s.switch_back.faults()]
    problems += [f"{s.page.label}: switcher not reached" for s in tour.steps if not s.switch_back]
    assert not problems, _report("language switcher after a full page load", problems)


def test_axe_finds_no_serious_or_critical_violation(tour: Tour) -> None:
    found = {a.page.label: a.axe for a in tour.audits if a.axe}
    assert not found, _report("axe-core serious/critical violations", axe_summary(found))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_lists_the_cross_entropy_page_of_the_language_read(
    site: Site, browser: Any, network: NetworkLog, lang: str
) -> None:
    query = SEARCH_QUERIES[lang]
    home = site.page(lang, "index")
    target = site.url(site.page(lang, SEARCH_TARGET))
    context = _new_context(browser, network)
    try:
        page = context.new_page()
        network.current = f"{home.label} (search {query})"
        page.goto(site.url(home), wait_until="load")
        results = _search_results(page, query)
    finally:
        context.close()
    assert target in results, f"searching {query!r} on {home.label}: {target} not in {results}"
    rank = results.index(target)
    above = [r for r in results[:rank] if _language_of(site, r) != lang]
    assert not above, f"searching {query!r}: other-language pages above {target}: {above}"
    assert rank < SEARCH_TOP, f"searching {query!r}: {target} is result #{rank + 1}: {results}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_code_copy_button_copies_exactly_the_snippet(
    site: Site, browser: Any, network: NetworkLog, lang: str
) -> None:
    slug, snippet = _page_with_a_plain_snippet(site, lang)
    site_page = site.page(lang, slug)
    context = _new_context(browser, network)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.server.origin)
        page = context.new_page()
        network.current = f"{site_page.label} (copy {snippet})"
        page.goto(site.url(site_page), wait_until="load")
        _formulas_after_load(page, site_page)
        page.evaluate("() => navigator.clipboard.writeText('nothing copied yet')")
        block = page.locator(".highlight", has=page.locator(f'span.filename:text-is("{snippet}")'))
        assert block.count() >= 1, f"{site_page.label}: no code block titled {snippet}"
        block = block.first
        block.scroll_into_view_if_needed()
        block.hover()
        button = block.locator('button[data-md-type="copy"], button.md-clipboard').first
        button.click()
        page.wait_for_function(
            "() => navigator.clipboard.readText().then(t => t !== 'nothing copied yet')",
            timeout=5_000,
        )
        copied = page.evaluate("() => navigator.clipboard.readText()")
    finally:
        context.close()
    on_disk = (ROOT / "docs" / "snippets" / snippet).read_text(encoding="utf-8")
    if lang == "zh":  # the same program with its comments in Chinese (docs/hooks/code_comments.py)
        on_disk = translate(on_disk, load_table())
    assert copied.rstrip("\n") == on_disk.rstrip("\n"), (
        f"{site_page.label}: the copy button of {snippet} copied\n{copied!r}\n"
        f"but the file holds\n{on_disk!r}"
    )


def _language_of(site: Site, url: str) -> str:
    path = url.removeprefix(site.server.url(""))
    first = path.split("/", 1)[0]
    return first if first in LANGUAGES[1:] else "en"


def _page_with_a_plain_snippet(site: Site, lang: str) -> tuple[str, str]:
    """The first page (cross-entropy preferred) with a block that shows one snippet file."""
    slugs = ["cross-entropy", *nav_order(site.server.directory, lang)]
    for slug in slugs:
        suffix = ".md" if lang == "en" else f".{lang}.md"
        source = ROOT / "docs" / f"{slug}{suffix}"
        if source.is_file():
            blocks = executed_snippet_blocks(source.read_text(encoding="utf-8"))
            if blocks:
                return slug, blocks[0]
    pytest.fail(f"no {lang} page shows an executed docs/snippets/*.py block with its title")


def test_dark_mode_toggle_flips_the_scheme_and_keeps_formulas_legible(
    site: Site, browser: Any, network: NetworkLog
) -> None:
    site_page = max(
        (p for p in site.pages if p.lang == "en"), key=lambda p: source_formula_count(p.file)
    )
    context = _new_context(browser, network)
    problems: list[str] = []
    schemes: list[str] = []
    try:
        page = context.new_page()
        network.current = f"{site_page.label} (palette toggle)"
        page.goto(site.url(site_page), wait_until="load")
        _formulas_after_load(page, site_page)
        scheme = "() => document.body.getAttribute('data-md-color-scheme')"
        schemes.append(page.evaluate(scheme))
        for _ in range(2):
            toggle = page.locator("form[data-md-component=palette] label.md-header__button:visible")
            assert toggle.count() == 1, f"{site_page.label}: no visible light/dark toggle"
            before = page.evaluate(scheme)
            toggle.click()
            page.wait_for_function(f"() => ({scheme})() !== {json.dumps(before)}")
            page.evaluate(NEXT_FRAME)
            schemes.append(page.evaluate(scheme))
            contrasts = page.evaluate(FORMULA_CONTRAST)
            assert contrasts, f"{site_page.label}: no visible formula to measure"
            problems += [
                f"{schemes[-1]}: formula {c['tex']!r} colour {c['color']} on {c['background']}"
                f" has contrast {c['ratio']:.2f}"
                for c in contrasts
                if c["ratio"] < MIN_CONTRAST
            ]
    finally:
        context.close()
    assert len(set(schemes)) == 2 and schemes[0] == schemes[2], f"schemes seen: {schemes}"
    assert not problems, _report("formulas below WCAG AA contrast", problems)


def test_screenshots_of_key_pages(site: Site, browser: Any, network: NetworkLog) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = _new_context(browser, network)
    written = []
    try:
        page = context.new_page()
        for lang in LANGUAGES:
            for slug in SCREENSHOT_PAGES:
                site_page = site.page(lang, slug)
                network.current = f"{site_page.label} (screenshot)"
                for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                    page.set_viewport_size(viewport)
                    page.goto(site.url(site_page), wait_until="load")
                    _formulas_after_load(page, site_page)
                    page.evaluate("() => document.fonts.ready.then(() => true)")
                    path = SCREENSHOTS / f"{lang}-{slug.replace('/', '-')}-{name}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
    finally:
        context.close()
    for path in written:
        assert path.stat().st_size > 10_000, f"{path} looks empty"


# The network checks come last: they also cover the contexts of the tests above.


def test_no_request_leaves_the_local_server(tour: Tour, network: NetworkLog) -> None:
    assert not network.foreign, _report(
        f"requests to hosts other than {network.origin}", network.foreign
    )


def test_no_request_fails(tour: Tour, network: NetworkLog) -> None:
    assert not network.failed, _report("failed requests", network.failed)


def test_no_console_errors(tour: Tour, network: NetworkLog) -> None:
    assert not network.console_errors, _report("console errors", network.console_errors)


# --------------------------------------------------------------------------- under a sub-path
# The same site built for a project page (SITE_URL=https://example.org/losskit/) and served
# below /losskit/ at a local origin (the server rewrites the origin, see SiteServer).

SUBPATH_MISTYPED = {"en": "no/such/page/", "zh": "zh/no/such/page/"}


@dataclass(repr=False)
class SubpathVisit:
    """What the browser met on the sub-path build: one log, and what each check saw."""

    site: Site
    network: NetworkLog
    unstyled: list[str] = field(default_factory=list)
    instant: list[tuple[str, bool]] = field(default_factory=list)  # (page, reloaded)
    switches: list[SwitchCheck] = field(default_factory=list)
    not_found: dict[str, dict[str, Any]] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)  # from a page, per language

    def __repr__(self) -> str:
        return f"<sub-path visit of {self.site}>"


# Material's stylesheet is applied: the header is fixed to the top of the page.
_STYLED = "() => getComputedStyle(document.querySelector('.md-header')).position === 'sticky'"


@pytest.fixture(scope="module")
def subpath(subpath_site_build: Any, browser: Any) -> Iterator[SubpathVisit]:
    site_dir = Path(subpath_site_build.site_dir)
    pages = discover_pages(site_dir, subpath_site_build.site_url)
    server = SiteServer(site_dir, subpath_site_build.site_url)
    server.start()
    visit = SubpathVisit(Site(server, pages, instant=True), NetworkLog(server.origin))
    context = _new_context(browser, visit.network)
    try:
        page = context.new_page()
        for site_page in pages:  # every page, loaded in full
            visit.network.current = f"{server.prefix}{site_page.path} (sub-path, full load)"
            page.goto(visit.site.url(site_page), wait_until="load")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            if not page.evaluate(_STYLED):
                visit.unstyled.append(site_page.label)
        for lang in LANGUAGES:  # nav links, then the language switcher, in each language
            home = visit.site.page(lang, "index")
            page.goto(visit.site.url(home), wait_until="load")
            for slug in ("cross-entropy", "mean-squared-error"):
                target = visit.site.page(lang, slug)
                visit.network.current = f"{server.prefix}{target.path} (sub-path, nav link)"
                visit.instant.append((target.label, _click_nav_link(page, visit.site, target)))
            visit.switches.append(_click_language_switcher(page, visit.site, target))
            visit.network.current = f"{server.prefix}{target.path} (sub-path, search)"
            page.goto(visit.site.url(target), wait_until="load")
            visit.searches[lang] = _search_results(page, SEARCH_QUERIES[lang])
        for lang, mistyped in SUBPATH_MISTYPED.items():
            url = f"{server.origin}{server.prefix}{mistyped}"
            visit.network.current = f"{server.prefix}{mistyped} (sub-path, mistyped)"
            response = page.goto(url, wait_until="load")
            visit.not_found[lang] = {
                "url": url,
                "status": response.status if response else 0,
                "lang": page.evaluate("() => document.documentElement.lang"),
                "styled": page.evaluate(_STYLED),
                "results": _search_results(page, SEARCH_QUERIES[lang]),
            }
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
        server.stop()
    yield visit


def _search_results(page: Any, query: str) -> list[str]:
    """Type ``query`` into Material's search on the current page; the pages listed, in order."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material searches on keyup; filling (and typing CJK) sends none. Press a key
    # that does not change the text, as a reader's keyboard would after typing.
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)  # let a second, fuller result list replace the first
    links = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a.md-search-result__link",
        "links => links.map(a => a.href)",
    )
    results: list[str] = []  # one entry per page, in the order listed
    for href in links:
        url = re.sub(r"[?#].*$", "", href)
        if url not in results:
            results.append(url)
    return results


def test_subpath_every_page_loads_styled(subpath: SubpathVisit) -> None:
    assert len(subpath.site.pages) == 2 * PAGES_PER_LANGUAGE
    assert not subpath.unstyled, _report("pages without Material's stylesheet", subpath.unstyled)


def test_subpath_nav_links_use_instant_navigation(subpath: SubpathVisit) -> None:
    reloaded = [label for label, full_load in subpath.instant if full_load]
    assert subpath.instant and not reloaded, _report("nav clicks that reloaded", reloaded)


def test_subpath_language_switcher_leads_to_the_same_page(subpath: SubpathVisit) -> None:
    problems = [fault for check in subpath.switches for fault in check.faults()]
    assert len(subpath.switches) == len(LANGUAGES) and not problems, _report(
        "language switcher under the sub-path", problems
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_subpath_mistyped_address_shows_the_404_page_of_its_language(
    subpath: SubpathVisit, lang: str
) -> None:
    seen = subpath.not_found[lang]
    assert seen["status"] == 404, seen
    assert seen["lang"] == lang, f"{seen['url']} shows a page in {seen['lang']!r}"
    assert seen["styled"], f"the 404 page at {seen['url']} has lost its stylesheet"
    # its search reads the index of the 404 page's language
    target = subpath.site.url(subpath.site.page(lang, SEARCH_TARGET))
    results = seen["results"]
    assert target in results[:SEARCH_TOP], f"searching from {seen['url']}: {results}"
    others = [url for url in results if _language_of(subpath.site, url) != lang]
    assert not others, f"searching from {seen['url']} lists {others}"


def test_subpath_search_lists_pages_of_the_language_read(subpath: SubpathVisit) -> None:
    for lang, results in subpath.searches.items():
        target = subpath.site.url(subpath.site.page(lang, SEARCH_TARGET))
        assert target in results[:SEARCH_TOP], f"searching {SEARCH_QUERIES[lang]!r}: {results}"
        others = [url for url in results if _language_of(subpath.site, url) != lang]
        assert not others, f"searching {SEARCH_QUERIES[lang]!r} lists {others}"
    assert set(subpath.searches) == set(LANGUAGES)


def test_subpath_no_request_fails_or_leaves_the_server(subpath: SubpathVisit) -> None:
    # the mistyped address itself answers 404, by design; nothing else may fail
    mistyped = [seen["url"] for seen in subpath.not_found.values()]
    log = subpath.network
    failed = [f for f in log.failed + log.console_errors if not any(u in f for u in mistyped)]
    problems = failed + log.foreign
    assert not problems, _report("failed, foreign or console-erroring requests", problems)
